package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.RunListener;
import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import dev.rigger.engine.Rigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A role's RedHat branch runs on Debian as in Ansible: skipped there; only a host that runs it fails, saying why. */
class UnimplementedModuleTest {
    @TempDir
    Path tmp;

    @Test
    void skippedOnHostsThatDoNotRunIt_andAPlainFailureWhereItRuns() throws Exception {
        Path inv = tmp.resolve("inv.yml");
        Files.writeString(inv, "all:\n  hosts:\n    deb:\n      ansible_connection: local\n      family: Debian\n"
                + "    rh:\n      ansible_connection: local\n      family: RedHat\n");
        Path pb = tmp.resolve("pb.yml");
        Files.writeString(pb, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: cuda from the RedHat repo
                      yum:
                        name: cuda
                      when: family == 'RedHat'
                    - name: after
                      debug: msg=after
                """);
        List<TaskOutcome> outcomes = new ArrayList<>();
        RunResult r = Rigger.builder().inventory(inv.toString()).playbook(pb)
                .listener(new RunListener() {
                    @Override
                    public synchronized void taskResult(TaskInfo task, TaskOutcome o) {
                        outcomes.add(o);
                    }
                })
                .options(RunOptions.builder().build()).build().run();
        TaskOutcome rh = outcomes.stream().filter(o -> o.host().equals("rh")).findFirst().orElseThrow();
        assertTrue(rh instanceof TaskOutcome.Failed, outcomes.toString());
        assertTrue(String.valueOf(rh.result().get("msg")).startsWith("rigger does not implement the Ansible module "
                + "'ansible.builtin.yum' yet"), rh.toString());
        assertTrue(String.valueOf(rh.result().get("msg")).contains(pb + ":4:7"), rh.toString());
        assertEquals(1, r.stats("deb").skipped(), outcomes.toString());
        assertEquals(1, r.stats("deb").ok(), outcomes.toString());
        assertEquals(0, r.stats("deb").failed(), outcomes.toString());
        assertEquals(1, r.stats("rh").failed(), outcomes.toString());
    }

    @Test
    void aTaskWithAnUnimplementedKeyword_failsWhereItRuns_andIsSkippedWhereItsWhenIsFalse() throws Exception {
        Path inv = tmp.resolve("inv2.yml");
        Files.writeString(inv, "all:\n  hosts:\n    a:\n      ansible_connection: local\n      go: true\n"
                + "    b:\n      ansible_connection: local\n      go: false\n");
        Path marker = tmp.resolve("ran");
        Path pb = tmp.resolve("pb2.yml");
        Files.writeString(pb, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: once for all
                      command: touch %s
                      ignore_unreachable: true
                      when: go
                """.formatted(marker));
        RunResult r = Rigger.builder().inventory(inv.toString()).playbook(pb)
                .options(RunOptions.builder().build()).build().run();
        assertEquals(1, r.stats("a").failed());
        assertEquals(1, r.stats("b").skipped());
        assertTrue(!Files.exists(marker), "the module never ran");
        String msg = String.valueOf(r.outcomes().stream().map(RunResult.Record::outcome)
                .filter(o -> o instanceof TaskOutcome.Failed).findFirst().orElseThrow().result().get("msg"));
        assertTrue(msg.startsWith("rigger does not implement the keyword ignore_unreachable yet"), msg);
    }
}
