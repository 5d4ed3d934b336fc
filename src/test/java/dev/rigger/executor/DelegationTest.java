package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.ConnectionProvider;
import dev.rigger.api.RunOptions;
import dev.rigger.api.TaskOutcome;
import dev.rigger.connection.LocalConnection;
import dev.rigger.report.ConsoleReporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * delegate_to, delegate_facts, local_action and a task's connection / remote_user / port, against what
 * ansible-playbook 2.14.18 does with the same playbook over two local hosts that differ in their variables.
 */
class DelegationTest {
    /** Two hosts on the local connection, told apart by their variables. */
    static final String TWO_HOSTS = """
            all:
              hosts:
                h1: {ansible_connection: local, color: red}
                h2: {ansible_connection: local, color: blue, ansible_user: two}
            """;

    @TempDir
    Path dir;

    /** Every connection opened: the host it goes to and the settings it was given. */
    private final List<String> opened = Collections.synchronizedList(new ArrayList<>());

    private final ConnectionProvider recording = (host, vars) -> {
        Map<String, Object> v = new LinkedHashMap<>(vars);
        opened.add(host + " " + v);
        return new LocalConnection(host);
    };

    private List<TaskOutcome> run(String inventory, String tasks) throws IOException {
        return LocalPlay.run(dir, inventory, "- hosts: h1\n  gather_facts: false\n  tasks:\n" + tasks,
                RunOptions.builder().build(), recording, null).outcomes();
    }

    @Test
    void theDelegatedHostsVariablesPickTheConnection_andItIsOpenedOnceForTheHostsLaterTasks() throws IOException {
        List<TaskOutcome> o = run(TWO_HOSTS, """
                    - command: 'true'
                      delegate_to: h2
                    - command: 'true'
                      delegate_to: h2
                    - command: 'true'
                      delegate_to: localhost
                    - command: 'true'
                """);
        assertEquals(4, o.size());
        assertTrue(o.stream().allMatch(x -> x.host().equals("h1")), "every result is the delegating host's");
        assertEquals(List.of("h2 {ansible_connection=local, ansible_user=two}", "localhost {ansible_connection=local}",
                "h1 {ansible_connection=local}"), opened, "h2 once for two tasks, its user; the implicit localhost");
        assertEquals("h1 -> h2", o.get(0).hostLabel());
        assertEquals("h1", o.get(3).hostLabel());
    }

    @Test
    void templatingUsesTheDelegatingHost_factsAndRegisterStayThere_unlessDelegateFacts() throws IOException {
        List<TaskOutcome> o = run(TWO_HOSTS, """
                    - set_fact: {f1: "{{ color }}"}
                      delegate_to: h2
                    - set_fact: {f2: "{{ inventory_hostname }}"}
                      delegate_to: h2
                      delegate_facts: true
                    - command: echo {{ inventory_hostname }} {{ color }}
                      delegate_to: "{{ 'h' ~ 2 }}"
                      register: r
                    - debug:
                        msg: "{{ r.stdout }} {{ f1 }} {{ hostvars['h2'].f2 }} {{ f2 | default('none') }} \
                {{ hostvars['h2'].f1 | default('none') }} {{ r._ansible_delegated_vars | default('nodv') }} \
                {{ ansible_delegated_vars | default('none') }}"
                    - debug:
                        msg: "{{ ansible_delegated_vars['h2']['color'] }} {{ ansible_delegated_vars['h2'].inventory_hostname }}"
                      delegate_to: h2
                """);
        assertEquals("h1 red red h1 none none nodv none", o.get(3).result().get("msg"));
        assertEquals("blue h1", o.get(4).result().get("msg"), "the delegated host's vars, inventory_hostname the "
                + "delegating host's (as Ansible)");
        assertEquals("h2", o.get(2).delegatedHost());
    }

    @Test
    void localAction_stringAndDictForms_runOnTheControllersLocalhost() throws IOException {
        List<TaskOutcome> o = run(TWO_HOSTS, """
                    - local_action: command echo hi {{ inventory_hostname }}
                      register: la
                    - local_action:
                        module: debug
                        msg: "dict form {{ inventory_hostname }} {{ la.stdout }}"
                """);
        assertEquals("dict form h1 hi h1", o.get(1).result().get("msg"));
        assertEquals("h1 -> localhost", o.get(0).hostLabel());
        assertEquals(List.of("localhost {ansible_connection=local}"), opened);
    }

    @Test
    void delegateToInALoop_isTemplatedPerItem_andAnItemOnTheHostItselfHasNoArrow() throws IOException {
        List<String> labels = new ArrayList<>();
        LocalPlay.run(dir, TWO_HOSTS, """
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - debug: {msg: "{{ item }}"}
                      delegate_to: "{{ item }}"
                      loop: [h2, localhost, h1]
                """, RunOptions.builder().build(), recording, new dev.rigger.api.RunListener() {
                    @Override
                    public void itemResult(dev.rigger.api.TaskInfo task, TaskOutcome outcome, String itemLabel) {
                        labels.add(outcome.hostLabel());
                    }
                });
        assertEquals(List.of("h1 -> h2", "h1 -> localhost", "h1"), labels);
    }

    @Test
    void aNameNotInTheInventory_isConnectedToByThatName_withTheTasksRemoteUser() throws IOException {
        run(TWO_HOSTS, """
                    - command: 'true'
                      delegate_to: elsewhere.example
                      remote_user: deploy
                      connection: local
                """);
        assertEquals(List.of("elsewhere.example {ansible_connection=local, ansible_user=deploy}"), opened);
    }

    @Test
    void taskConnectionKeywords_openTheirOwnConnection_butTheHostsVariablesWin() throws IOException {
        String inv = """
                all:
                  hosts:
                    h1: {ansible_connection: local, ansible_port: 2222}
                """;
        run(inv, """
                    - command: 'true'
                    - block:
                        - command: 'true'
                        - command: 'true'
                          port: 2200
                      remote_user: blockuser
                    - command: 'true'
                      connection: ssh
                """);
        assertEquals(List.of("h1 {ansible_connection=local, ansible_port=2222}",
                "h1 {ansible_connection=local, ansible_port=2222, ansible_user=blockuser}"), opened,
                "the block's remote_user opens one more connection, reused; ansible_port and ansible_connection "
                        + "of the host win over the port and connection keywords");
    }

    @Test
    void connectionLocalOnATask_runsOnTheController() throws IOException {
        String inv = "all:\n  hosts:\n    h1: {ansible_host: 192.0.2.1}\n";
        List<TaskOutcome> o = run(inv, """
                    - command: echo local
                      connection: local
                      register: r
                """);
        assertEquals("local", o.get(0).result().get("stdout"));
        assertEquals(List.of("h1 {ansible_host=192.0.2.1, ansible_connection=local}"), opened);
    }

    @Test
    void aBlocksDelegateToReachesItsTasks_andSetupWithDelegateFactsFillsTheDelegatedHostsFacts() throws IOException {
        List<TaskOutcome> o = run(TWO_HOSTS, """
                    - block:
                        - setup:
                      delegate_to: h2
                      delegate_facts: true
                    - debug:
                        msg: "{{ hostvars['h2'].ansible_facts.keys() | length > 0 }} {{ ansible_facts.keys() | length }}"
                    - command: echo x
                      delegate_to: ""
                """);
        assertEquals("h1 -> h2", o.get(0).hostLabel());
        assertEquals("True 0", o.get(1).result().get("msg"), "as ansible-playbook: the facts are h2's");
        assertEquals("h1", o.get(2).hostLabel(), "an empty delegate_to is none");
    }

    @Test
    void anUndefinedDelegateTo_failsTheTaskWithAnsiblesMessage_afterWhen() throws IOException {
        List<TaskOutcome> o = run(TWO_HOSTS, """
                    - debug: msg=x
                      delegate_to: "{{ nothere }}"
                      when: false
                    - debug: msg=x
                      delegate_to: "{{ nothere }}"
                """);
        assertTrue(o.get(0) instanceof TaskOutcome.Skipped);
        assertTrue(String.valueOf(o.get(1).result().get("msg")).contains(":7:7: The field 'delegate_to' has an invalid "
                + "value, which includes an undefined variable. The error was: "), o.get(1).result().toString());
    }

    @Test
    void checkModeUntilAndRetries_workOnTheDelegatedHost() throws IOException {
        List<TaskOutcome> o = LocalPlay.run(dir, TWO_HOSTS, """
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - command: echo {{ color }}
                      delegate_to: h2
                      register: r
                      until: r.stdout == 'red'
                      retries: 1
                      delay: 0
                      check_mode: false
                    - command: echo y
                      delegate_to: h2
                """, RunOptions.builder().check(true).build(), recording, null).outcomes();
        assertEquals("red", o.get(0).result().get("stdout"));
        assertTrue(o.get(1) instanceof TaskOutcome.Skipped, "command skips in check mode, delegated or not");
        assertEquals("h1 -> h2", o.get(1).hostLabel());
    }

    @Test
    void anUnreachableDelegatedHost_makesTheDelegatingHostUnreachable_namingTheDelegate() throws IOException {
        ConnectionProvider h2Down = (host, vars) -> {
            if (host.equals("h2")) {
                throw new dev.rigger.connection.UnreachableException("h2 is down");
            }
            return new LocalConnection(host);
        };
        List<TaskOutcome> o = LocalPlay.run(dir, TWO_HOSTS, """
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - command: 'true'
                      delegate_to: h2
                    - command: 'true'
                """, RunOptions.builder().build(), h2Down, null).outcomes();
        assertEquals(1, o.size(), "the host stops, as in Ansible");
        assertTrue(o.get(0) instanceof TaskOutcome.Unreachable);
        assertEquals("h1 -> h2", o.get(0).hostLabel());
    }

    @Test
    void theConsoleLinesMatchAnsiblePlaybook() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        LocalPlay.run(dir, TWO_HOSTS.replace(", ansible_user: two", ""), PLAYBOOK, RunOptions.builder().build(), null,
                new ConsoleReporter(out, out, false, 0));
        String text = buf.toString(StandardCharsets.UTF_8);
        assertEquals(ANSIBLE_OUTPUT.strip(), text.substring(text.indexOf("PLAY [h1]")).strip().replaceAll(" +\n",
                "\n"), text);
        assertFalse(text.contains("_ansible_delegated_vars"));
    }

    /** The playbook run with {@code ansible-playbook -i inv pb.yml} (2.14.18), inventory h1 and h2 as TWO_HOSTS. */
    static final String PLAYBOOK = """
            - hosts: h1
              gather_facts: false
              tasks:
                - name: delegated set_fact
                  set_fact:
                    f1: "{{ color }}"
                  delegate_to: h2
                - name: delegated facts
                  set_fact:
                    f2: "{{ inventory_hostname }}"
                  delegate_to: h2
                  delegate_facts: true
                - name: command on localhost
                  command: echo {{ inventory_hostname }} {{ color }}
                  delegate_to: localhost
                  register: r
                  changed_when: false
                - debug:
                    msg: "{{ r.stdout }} {{ f1 }} {{ hostvars['h2'].f2 }} {{ f2 | default('none') }} {{ r._ansible_delegated_vars | default('nodv') }}"
                - name: loop
                  debug:
                    msg: "{{ item }}"
                  delegate_to: "{{ item }}"
                  loop: [h2, localhost, h1]
                - local_action: command echo hi
                  register: la
                  changed_when: false
                - local_action:
                    module: debug
                    msg: "dict form {{ inventory_hostname }}"
                - name: skipped
                  debug: msg=x
                  delegate_to: h2
                  when: false
            """;

    /** ansible-playbook's output (ANSIBLE_NOCOLOR=1), trailing blanks of the recap line removed. */
    static final String ANSIBLE_OUTPUT = """
            PLAY [h1] **********************************************************************

            TASK [delegated set_fact] ******************************************************
            ok: [h1 -> h2]

            TASK [delegated facts] *********************************************************
            ok: [h1 -> h2]

            TASK [command on localhost] ****************************************************
            ok: [h1 -> localhost]

            TASK [debug] *******************************************************************
            ok: [h1] => {
                "msg": "h1 red red h1 none nodv"
            }

            TASK [loop] ********************************************************************
            ok: [h1 -> h2] => (item=h2) => {
                "msg": "h2"
            }
            ok: [h1 -> localhost] => (item=localhost) => {
                "msg": "localhost"
            }
            ok: [h1] => (item=h1) => {
                "msg": "h1"
            }

            TASK [command] *****************************************************************
            ok: [h1 -> localhost]

            TASK [debug] *******************************************************************
            ok: [h1 -> localhost] => {
                "msg": "dict form h1"
            }

            TASK [skipped] *****************************************************************
            skipping: [h1]

            PLAY RECAP *********************************************************************
            h1                         : ok=7    changed=0    unreachable=0    failed=0    skipped=1    rescued=0    ignored=0
            """;
}
