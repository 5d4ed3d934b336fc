package dev.rigger.roles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.RunListener;
import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.engine.Rigger;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import dev.rigger.lab.LabExtension;
import dev.rigger.lab.LabRigs;
import dev.rigger.lab.LabSetup;
import dev.rigger.lab.RigShell;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command on a bare box: the DL-rig playbook in check mode against a fresh rig without
 * /etc/ssh/sshd_config and without the roles' packages ends green, lists what is missing, and changes nothing.
 */
@ExtendWith(LabExtension.class)
@LabSetup(rigs = 1)
class FirstRunIT {
    @TempDir
    Path tmp;

    @Test
    void checkOnABareBox_exits0_listsWhatIsMissing_andChangesNothing(LabRigs rigs) throws Exception {
        rigs.lab().reset("rig1");
        RigShell.run(rigs, "rig1", "mv /etc/ssh/sshd_config /etc/ssh/sshd_config.away");
        String before = RigShell.run(rigs, "rig1", "dpkg -l | wc -l; ls -la /etc/ssh | wc -l");
        Map<String, TaskOutcome> out = new ConcurrentHashMap<>();
        RunListener rec = new RunListener() {
            @Override
            public void taskResult(TaskInfo task, TaskOutcome o) {
                out.put(task.label(), o);
            }
        };
        RunResult r;
        try {
            r = Rigger.builder().inventory(rigs.inventory().toString(), "inventory/lab")
                    .playbook(Path.of("playbooks/dl-rig.yml"))
                    .options(RunOptions.builder().check(true).diff(true).knownHosts(tmp.resolve("known_hosts"))
                            .limit("rig1").build())
                    .listener(rec).build().run();
            assertEquals(before, RigShell.run(rigs, "rig1", "dpkg -l | wc -l; ls -la /etc/ssh | wc -l"),
                    "check mode changed the rig");
        } finally {
            RigShell.run(rigs, "rig1", "mv /etc/ssh/sshd_config.away /etc/ssh/sshd_config");
        }
        assertEquals(0, r.exitCode(), r.recap() + " " + r.outcomes());
        assertTrue(r.totalChanged() > 10, "a bare box lacks a lot: " + r.recap());
        assertInstanceOf(TaskOutcome.Changed.class,
                out.get("ssh_tunnel : Make sure sshd_config reads the drop-in folder (pending the OpenSSH server)"),
                out.keySet().toString());
    }
}
