package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.api.TaskOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** include_tasks is dynamic as in Ansible: a templated or missing file is found (or not) by the host reaching it. */
class DynamicIncludeTest {
    @TempDir
    Path tmp;

    @Test
    void aTemplatedIncludeFindsEachHostsFile_andAMissingOneFailsOnlyTheHostThatReachesIt() throws Exception {
        String inv = "all:\n  hosts:\n    deb:\n      ansible_connection: local\n      distro: Debian\n"
                + "    arch:\n      ansible_connection: local\n      distro: Arch\n";
        Files.writeString(tmp.resolve("setup-Debian.yml"), "- name: debian setup\n  debug: msg=debian\n");
        RunResult r = LocalPlay.run(tmp, inv, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - include_tasks: "setup-{{ distro }}.yml"
                    - include_tasks: never.yml
                      when: false
                """, RunOptions.builder().build()).result();
        assertEquals(0, r.stats("deb").failed());
        assertEquals(2, r.stats("deb").ok()); // the include and its task, as Ansible counts them
        assertEquals(1, r.stats("deb").skipped());
        assertEquals(1, r.stats("arch").failed());
        assertEquals(0, r.stats("arch").ok());
        String msg = String.valueOf(r.outcomes().stream().map(RunResult.Record::outcome)
                .filter(o -> o instanceof TaskOutcome.Failed).findFirst().orElseThrow().result().get("msg"));
        assertTrue(msg.contains("Could not find or access '" + tmp.resolve("setup-Arch.yml") + "'"), msg);
    }
}
