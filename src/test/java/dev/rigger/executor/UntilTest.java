package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.RunListener;
import dev.rigger.api.RunOptions;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import dev.rigger.engine.Rigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** until as Ansible 2.14's retry loop runs it (checked with ansible-playbook; see docs/compatibility.md). */
class UntilTest {
    @TempDir
    Path tmp;

    private List<TaskOutcome> run(String tasks, boolean check) throws Exception {
        Path inv = tmp.resolve("inv.yml");
        Files.writeString(inv, "all:\n  hosts:\n    h1:\n      ansible_connection: local\n");
        Path pb = tmp.resolve("pb.yml");
        Files.writeString(pb, "- hosts: all\n  gather_facts: false\n  tasks:\n" + tasks);
        List<TaskOutcome> outcomes = new ArrayList<>();
        Rigger.builder().inventory(inv.toString()).playbook(pb)
                .listener(new RunListener() {
                    @Override
                    public void taskResult(TaskInfo task, TaskOutcome o) {
                        outcomes.add(o);
                    }
                })
                .options(RunOptions.builder().check(check).build()).build().run();
        return outcomes;
    }

    @Test
    void inCheckMode_untilIsJudgedOnTheSkippedCommand_andFailsTheHost() throws Exception {
        List<TaskOutcome> o = run("""
                    - command: echo hi
                      register: r
                      until: "'hi' in r.stdout"
                      retries: 1
                      delay: 0
                """, true);
        assertEquals(1, o.size(), o.toString());
        assertTrue(o.get(0) instanceof TaskOutcome.Failed, o.toString());
        assertEquals(1, o.get(0).result().get("attempts"), o.toString());
        assertEquals(true, o.get(0).result().get("skipped"), o.toString());
    }

    @Test
    void retriesRunOut_afterRetriesPlusOneAttempts_andAttemptsSaysRetries() throws Exception {
        Path count = tmp.resolve("count");
        List<TaskOutcome> o = run("""
                    - shell: echo x >> %s; exit 3
                      register: r
                      until: r.rc == 0
                      retries: 2
                      delay: 0
                """.formatted(count), false);
        assertTrue(o.get(0) instanceof TaskOutcome.Failed, o.toString());
        assertEquals(3, Files.readAllLines(count).size());
        assertEquals(2, o.get(0).result().get("attempts"), o.toString());
    }

    @Test
    void retriesZero_isOneAttempt_andUntilIsNotJudged() throws Exception {
        List<TaskOutcome> o = run("""
                    - command: echo hi
                      register: r
                      until: r.rc == 1
                      retries: 0
                      delay: 0
                """, false);
        assertTrue(o.get(0) instanceof TaskOutcome.Changed, o.toString());
        assertEquals(1, o.get(0).result().get("attempts"), o.toString());
    }
}
