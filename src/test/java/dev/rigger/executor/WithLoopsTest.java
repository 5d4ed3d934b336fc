package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.RunOptions;
import dev.rigger.api.TaskOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** with_* loops run their lookup: the item each iteration sees, as ansible-playbook 2.14.18 printed it. */
class WithLoopsTest {
    @TempDir
    Path tmp;

    private List<TaskOutcome> run(String tasks) throws Exception {
        return LocalPlay.run(tmp, LocalPlay.ONE_HOST, "- hosts: all\n  gather_facts: false\n  vars:\n    users: "
                + "[{name: a, keys: [k1, k2]}, {name: b}]\n  tasks:\n" + tasks, RunOptions.builder().build()).outcomes();
    }

    private static List<Object> items(TaskOutcome o) {
        List<Object> out = new ArrayList<>();
        for (Object r : (List<?>) o.result().get("results")) {
            out.add(((Map<?, ?>) r).get("item"));
        }
        return out;
    }

    @Test
    void subelementsTogetherSequence_itemShapes() throws Exception {
        List<TaskOutcome> o = run("""
                    - debug: var=item
                      with_subelements: ["{{ users }}", keys, {skip_missing: true}]
                    - debug: var=item
                      with_together: [[1, 2], [a]]
                    - debug: var=item
                      with_sequence: start=1 end=3 format=n%d
                    - debug: var=item
                      with_inventory_hostnames: all
                """);
        assertEquals(List.of(List.of(Map.of("name", "a"), "k1"), List.of(Map.of("name", "a"), "k2")), items(o.get(0)));
        assertEquals(List.of(List.of(1, "a"), java.util.Arrays.asList(2, null)).toString(), items(o.get(1)).toString());
        assertEquals(List.of("n1", "n2", "n3"), items(o.get(2)));
        assertEquals(List.of("h1"), items(o.get(3)));
    }

    @Test
    void emptyLoopSkips_andALookupErrorFailsTheTaskWithAnsiblesMessage() throws Exception {
        List<TaskOutcome> o = run("""
                    - debug: var=item
                      with_subelements: [[], keys]
                    - debug: var=item
                      with_dict: "{{ [1, 2] }}"
                      ignore_errors: true
                    - debug: var=item
                      with_sequence: start=5 end=1
                      ignore_errors: true
                """);
        assertEquals(3, o.size(), o.toString());
        assertTrue(o.get(0) instanceof TaskOutcome.Skipped, o.toString());
        assertTrue(o.get(1) instanceof TaskOutcome.Failed, o.toString());
        assertTrue(String.valueOf(o.get(1).result().get("msg")).contains("with_dict expects a dict"), o.toString());
        assertTrue(String.valueOf(o.get(2).result().get("msg")).contains("to count backwards make stride negative"),
                o.toString());
    }

    /** As ansible-playbook 2.14.18 ran the same tasks: skipping, skipping, fatal ('nope' is undefined). */
    @Test
    void aLoopThatCannotBeEvaluated_underAFalseWhen_isSkipped_elseItFails() throws Exception {
        List<TaskOutcome> o = LocalPlay.run(tmp, LocalPlay.ONE_HOST, """
                - hosts: all
                  gather_facts: false
                  vars: {u: {name: a}}
                  tasks:
                    - debug: msg="{{ item }}"
                      with_dict: "{{ u.ssh_keys }}"
                      when: u.ssh_keys is defined
                    - debug: msg="{{ item }}"
                      loop: "{{ u.keys2 }}"
                      when: item is defined and false
                    - debug: msg="{{ item }}"
                      loop: "{{ nope }}"
                      ignore_errors: true
                """, RunOptions.builder().build()).outcomes();
        assertTrue(o.get(0) instanceof TaskOutcome.Skipped, o.toString());
        assertTrue(o.get(1) instanceof TaskOutcome.Skipped, o.toString());
        assertTrue(o.get(2) instanceof TaskOutcome.Failed f && f.result().get("msg").toString()
                .startsWith("'nope' is undefined"), o.toString());
    }

    /** Ansible's PlayContext.update_vars defines ansible_connection (local here; ssh for an SSH host). */
    @Test
    void ansibleConnection_isDefinedInEveryTasksVariables() throws Exception {
        List<TaskOutcome> o = LocalPlay.run(tmp, LocalPlay.ONE_HOST, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - debug: msg="{{ ansible_connection }}"
                """, RunOptions.builder().build()).outcomes();
        assertEquals("local", o.get(0).result().get("msg"), o.toString());
    }

    /** command/shell's warn, removed in ansible-core 2.14: loads, and the host fails with Ansible's message. */
    @Test
    void commandsRemovedWarnArgument_failsTheHostThatRunsIt_asAnsible() throws Exception {
        List<TaskOutcome> o = LocalPlay.run(tmp, LocalPlay.ONE_HOST, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: echo hi
                      args:
                        warn: false
                      when: false
                    - shell: echo hi
                      args: {warn: false}
                      ignore_errors: true
                """, RunOptions.builder().build()).outcomes();
        assertTrue(o.get(0) instanceof TaskOutcome.Skipped, o.toString());
        assertEquals("Unsupported parameters for (ansible.legacy.command) module: warn. Supported parameters include: "
                + "_raw_params, _uses_shell, argv, chdir, creates, executable, removes, stdin, stdin_add_newline, "
                + "strip_empty_ends.", o.get(1).result().get("msg"), o.toString());
    }
}
