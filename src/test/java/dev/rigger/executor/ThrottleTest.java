package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.RunOptions;
import dev.rigger.api.TaskOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * throttle: at most N hosts run the task at once, on top of forks. Each run of the task records how many hosts were
 * inside it (a marker file per host) when it came in and before it left; the test asserts on those counts only.
 */
class ThrottleTest {
    @TempDir
    Path tmp;

    private static String hosts(int n) {
        StringBuilder b = new StringBuilder("all:\n  hosts:\n");
        for (int i = 1; i <= n; i++) {
            b.append("    h").append(i).append(": {ansible_connection: local, nr: ").append(i).append("}\n");
        }
        return b.toString();
    }

    /** A task that records the hosts inside it in {@code dir}/seen, as it enters and before it leaves. */
    private static String recording(String name, Path dir) {
        return """
                    - name: %1$s
                      shell: |
                        touch %2$s/in.{{ inventory_hostname }}
                        ls %2$s | grep -c '^in\\.' >> %2$s/seen
                        sleep 0.2
                        ls %2$s | grep -c '^in\\.' >> %2$s/seen
                        rm %2$s/in.{{ inventory_hostname }}
                """.formatted(name, dir);
    }

    private static List<Integer> seen(Path dir) throws Exception {
        return Files.readAllLines(dir.resolve("seen")).stream().map(String::strip).map(Integer::parseInt).toList();
    }

    @Test
    void throttle_letsAtMostNHostsIntoTheTask_onTasksAndBlocks_templated() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        String pb = "- hosts: all\n  gather_facts: false\n  vars:\n    limit: 2\n  tasks:\n"
                + recording("two at a time", a) + "      throttle: \"{{ limit }}\"\n"
                + "    - block:\n" + recording("one at a time", b).replaceAll("(?m)^", "    ")
                + "      throttle: 1\n";
        LocalPlay.Run r = LocalPlay.run(tmp, hosts(6), pb, RunOptions.builder().forks(10).build());
        assertEquals(0, r.result().exitCode(), r.outcomes().toString());
        List<Integer> two = seen(a);
        List<Integer> one = seen(b);
        assertEquals(12, two.size(), two.toString());
        assertEquals(12, one.size(), one.toString());
        assertTrue(two.stream().allMatch(n -> n >= 1 && n <= 2), "throttle 2, forks 10: " + two);
        assertTrue(one.stream().allMatch(n -> n == 1), "throttle 1 on the block: " + one);
    }

    @Test
    void throttle_aboveForks_changesNothing_forksStillLimit() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        String pb = "- hosts: all\n  gather_facts: false\n  tasks:\n" + recording("forks win", a)
                + "      throttle: 5\n";
        LocalPlay.Run r = LocalPlay.run(tmp, hosts(4), pb, RunOptions.builder().forks(1).build());
        assertEquals(0, r.result().exitCode(), r.outcomes().toString());
        assertTrue(seen(a).stream().allMatch(n -> n == 1), seen(a).toString());
    }

    @Test
    void aThrottleThatRendersToNoInteger_failsTheHost_withAnsiblesMessage() throws Exception {
        LocalPlay.Run r = LocalPlay.run(tmp, hosts(1), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - debug: msg=a
                      throttle: "{{ 'x' }}"
                """, RunOptions.builder().build());
        assertEquals(2, r.result().exitCode());
        TaskOutcome o = r.outcomes().get(0);
        assertTrue(o instanceof TaskOutcome.Failed, o.toString());
        assertTrue(String.valueOf(o.result().get("msg")).startsWith("Failed to convert the throttle value to an "
                + "integer."), o.toString());
    }
}
