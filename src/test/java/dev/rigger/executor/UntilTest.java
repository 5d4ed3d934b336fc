package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.TaskOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** until as Ansible 2.14's retry loop runs it (checked with ansible-playbook; see docs/compatibility.md). */
class UntilTest {
    @TempDir
    Path tmp;

    private List<TaskOutcome> run(String tasks, boolean check) throws Exception {
        return LocalPlay.tasks(tmp, tasks, check);
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
