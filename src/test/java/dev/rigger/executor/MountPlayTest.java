package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.rigger.api.TaskOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public swap roles' tasks (geerlingguy swap, Oefenweb swapfile) against a temp fstab, as ansible-playbook. */
class MountPlayTest {
    @TempDir
    Path dir;

    @Test
    void swapRolesTasks_writeTheirEntryOnce_andRegisterAnsiblesKeys() throws Exception {
        Path f = dir.resolve("etc/fstab");
        String tasks = "    - mount: name=none src=/swapfile fstype=swap opts=sw state=present fstab=" + f + "\n"
                + "      register: r\n"
                + "    - ansible.posix.mount: {name: none, src: /swapfile2, fstype: swap, opts: sw, passno: '0', "
                + "dump: '0', state: present, fstab: " + f + "}\n"
                + "    - mount: name=none src=/swapfile fstype=swap opts=sw state=present fstab=" + f + "\n"
                + "    - assert: {that: [r.changed, \"r.name == 'none'\", \"r.src == '/swapfile'\", "
                + "\"r.opts == 'sw'\", \"r.boot == 'yes'\", \"r.backup_file == ''\", \"r.fstab == '" + f + "'\"]}\n"
                + "    - mount: name=none src=/swapfile fstype=swap state=absent fstab=" + f + "\n";
        List<TaskOutcome> out = LocalPlay.tasks(dir, tasks, false);
        assertInstanceOf(TaskOutcome.Changed.class, out.get(0), out.toString());
        assertInstanceOf(TaskOutcome.Changed.class, out.get(1), out.toString());
        assertInstanceOf(TaskOutcome.Ok.class, out.get(2), out.toString());
        assertInstanceOf(TaskOutcome.Ok.class, out.get(3), out.toString());
        assertInstanceOf(TaskOutcome.Changed.class, out.get(4), out.toString());
        assertEquals("/swapfile2 none swap sw 0 0\n", Files.readString(f));
    }
}
