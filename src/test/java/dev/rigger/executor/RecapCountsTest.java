package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rigger.api.HostStats;
import dev.rigger.engine.Rigger;
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

    /**
     * Checked against ansible-playbook 2.14: a loop over no items is "skipping" and counted as skipped even when
     * its condition is false, registering {@code skipped_reason: No items in the list}; an include_tasks whose
     * condition is false, or whose loop is empty, is a skipped task step of its own; all items skipped say so.
     */
    @Test
    void recap_emptyLoopsAndSkippedIncludesAreSkippedTasks() throws Exception {
        Path inv = tmp.resolve("inv.yml");
        Files.writeString(inv, "all:\n  hosts:\n    h1:\n      ansible_connection: local\n");
        Files.writeString(tmp.resolve("inc.yml"), "- debug: msg=inner\n");
        Path pb = tmp.resolve("pb.yml");
        Files.writeString(pb, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: empty loop
                      debug: msg=x
                      loop: []
                      when: false
                      register: empty
                    - name: all items skipped
                      debug: msg=x
                      loop: [1, 2]
                      when: false
                      register: none_ran
                    - assert:
                        that:
                          - empty.skipped and empty.skipped_reason == 'No items in the list'
                          - empty.results == []
                          - none_ran.skipped and none_ran.msg == 'All items skipped'
                    - include_tasks: inc.yml
                    - include_tasks: inc.yml
                      when: false
                    - include_tasks: inc.yml
                      loop: []
                """);
        java.util.List<String> events = new java.util.ArrayList<>();
        RunResult r = Rigger.builder().inventory(inv.toString()).playbook(pb)
                .listener(new dev.rigger.api.RunListener() {
                    @Override
                    public void taskStart(dev.rigger.api.TaskInfo task, java.util.List<String> hosts) {
                        events.add("start " + task.label());
                    }

                    @Override
                    public void taskResult(dev.rigger.api.TaskInfo task, dev.rigger.api.TaskOutcome o) {
                        events.add(o.getClass().getSimpleName() + " " + task.label());
                    }
                })
                .options(RunOptions.builder().build()).build().run();
        // Ansible: ok=3 (assert, the included file, its debug), skipped=4 (two loops, two includes)
        assertEquals(new HostStats("h1", 3, 0, 0, 0, 4, 0, 0), r.stats("h1"), String.join("\n", events));
        assertEquals(java.util.List.of("start include_tasks", "Skipped include_tasks", "start include_tasks",
                "Skipped include_tasks"), events.subList(events.size() - 4, events.size()), String.join("\n", events));
    }
}
