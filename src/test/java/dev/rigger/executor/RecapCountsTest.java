package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rigger.api.HostStats;
import dev.rigger.api.Rigger;
import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PLAY RECAP counts as ansible-playbook 2.14 makes them (found by AnsibleOracleIT). */
class RecapCountsTest {
    @TempDir
    Path tmp;

    @Test
    void recap_countsIgnoredChangedFailureAsChanged_andEachIncludedFileAsOk() throws Exception {
        Path inv = tmp.resolve("inv.yml");
        Files.writeString(inv, "all:\n  hosts:\n    h1:\n      ansible_connection: local\n");
        RunResult r = Rigger.builder().inventory(inv.toString())
                .playbook(Path.of("src/test/resources/scenarios/recap/site.yml"))
                .options(RunOptions.builder().build()).build().run();
        // Ansible: ok=5 (ignored failure 1 + included file 2 + debug 2), changed=1 (the ignored failure), ignored=1
        assertEquals(new HostStats("h1", 5, 1, 0, 0, 0, 0, 1), r.stats("h1"));
        assertEquals(0, r.exitCode());
    }
}
