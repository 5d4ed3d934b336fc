package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.HostStats;
import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.engine.Rigger;
import dev.rigger.report.ConsoleReporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run_once as ansible-playbook 2.14.18 runs it (the expected lines and recaps are what it printed here for the same
 * playbook and inventory, three hosts on the local connection): the first host runs the task, the others take its
 * result, count nothing and show nothing, and fail with it.
 */
class RunOnceTest {
    static final String HOSTS = """
            all:
              hosts:
                h1: {ansible_connection: local, myvar: one}
                h2: {ansible_connection: local, myvar: two}
                h3: {ansible_connection: local, myvar: three}
            """;

    @TempDir
    Path tmp;

    record Shown(RunResult result, String console) {
    }

    private Shown run(String playbook, RunOptions options) throws Exception {
        Path inv = tmp.resolve("inv.yml");
        Files.writeString(inv, HOSTS);
        Path pb = tmp.resolve("pb.yml");
        Files.writeString(pb, playbook);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        RunResult r = Rigger.builder().inventory(inv.toString()).playbook(pb).options(options)
                .listener(new ConsoleReporter(ps, ps, false, 0)).build().run();
        return new Shown(r, out.toString(StandardCharsets.UTF_8));
    }

    /** The console's lines from the first task banner on, without the blank ones. */
    private static String lines(String console) {
        return String.join("\n", console.lines().filter(l -> !l.isBlank())
                .map(l -> l.replaceAll("\\*+$", "").strip()).toList());
    }

    @Test
    void runOnce_firstHostRuns_registerAndFactsLandOnEveryHost_handlersOnlyForIt() throws Exception {
        Shown s = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: once
                      command: echo {{ inventory_hostname }} {{ myvar }}
                      run_once: true
                      register: out
                      notify: h
                    - name: fact
                      set_fact:
                        f: "{{ myvar }}"
                      run_once: true
                    - name: seen
                      assert:
                        that:
                          - out.stdout == 'h1 one'
                          - f == 'one'
                        quiet: true
                    - name: when first only
                      debug: msg=w
                      run_once: true
                      when: inventory_hostname == 'h2'
                    - name: loop
                      debug: msg="{{ item }} {{ inventory_hostname }}"
                      run_once: "{{ 1 == 1 }}"
                      loop: [a, b]
                  handlers:
                    - name: h
                      debug: msg="handler {{ inventory_hostname }}"
                """, RunOptions.builder().build());
        assertEquals(0, s.result().exitCode(), s.console());
        // ansible-playbook: ok=6 changed=1 skipped=1 on h1 (once, fact, seen, two-item loop as one, handler),
        // ok=1 (seen) on the others; the handler runs on h1 only (Ansible notifies the host that ran the task)
        assertEquals(new HostStats("h1", 5, 1, 0, 0, 1, 0, 0), s.result().stats("h1"), s.console());
        assertEquals(new HostStats("h2", 1, 0, 0, 0, 0, 0, 0), s.result().stats("h2"), s.console());
        assertEquals(new HostStats("h3", 1, 0, 0, 0, 0, 0, 0), s.result().stats("h3"), s.console());
        String c = lines(s.console());
        assertTrue(c.contains("TASK [once]\nchanged: [h1]\nTASK [fact]\nok: [h1]\nTASK [seen]\n"), c);
        assertTrue(c.contains("TASK [when first only]\nskipping: [h1]\nTASK [loop]\nok: [h1] => (item=a) => {"), c);
        assertTrue(c.contains("RUNNING HANDLER [h]\nok: [h1] => {\n\"msg\": \"handler h1\"\n}\nPLAY RECAP"), c);
    }

    @Test
    void runOnce_failureFailsEveryHost_rescueRunsOnAll_butOnlyTheFirstCountsIt() throws Exception {
        Shown s = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - block:
                        - name: fail once
                          command: /bin/false
                          run_once: true
                        - debug: msg=after
                      rescue:
                        - name: rescue
                          debug: msg="rescue {{ inventory_hostname }}"
                    - name: fail once ignored
                      command: /bin/false
                      run_once: true
                      ignore_errors: true
                      register: r
                    - name: rc
                      assert:
                        that: r.rc == 1
                        quiet: true
                    - name: fail once plain
                      command: /bin/false
                      run_once: "{{ true }}"
                    - debug: msg=never
                - hosts: all
                  gather_facts: false
                  tasks:
                    - debug: msg=play2
                """, RunOptions.builder().build());
        // ansible-playbook: rc=2, h1 ok=3 changed=1 failed=1 rescued=1 ignored=1, h2 and h3 ok=2 (rescue, rc)
        // and nothing else: no line for them on a failure, "NO MORE HOSTS LEFT", no second play
        assertEquals(2, s.result().exitCode(), s.console());
        assertEquals(new HostStats("h1", 3, 1, 0, 1, 0, 1, 1), s.result().stats("h1"), s.console());
        assertEquals(new HostStats("h2", 2, 0, 0, 0, 0, 0, 0), s.result().stats("h2"), s.console());
        assertEquals(new HostStats("h3", 2, 0, 0, 0, 0, 0, 0), s.result().stats("h3"), s.console());
        String c = lines(s.console());
        assertTrue(c.contains("TASK [fail once]\nfatal: [h1]: FAILED! =>"), c);
        assertTrue(c.contains("TASK [fail once plain]\nfatal: [h1]: FAILED! =>"), c);
        assertTrue(c.contains("NO MORE HOSTS LEFT"), c);
        assertTrue(!c.contains("never") && !c.contains("play2"), c);
        for (String h : List.of("h1", "h2", "h3")) {
            assertTrue(c.contains("\"msg\": \"rescue " + h + "\""), c);
        }
    }

    @Test
    void runOnce_perBatch_withSerial_andOnRolesAndIncludes() throws Exception {
        Files.createDirectories(tmp.resolve("roles/r1/tasks"));
        Files.writeString(tmp.resolve("roles/r1/tasks/main.yml"), "- name: role task\n  command: echo role\n");
        Files.writeString(tmp.resolve("inc.yml"), "- name: inc task\n  command: echo inc\n");
        Shown s = run("""
                - hosts: all
                  gather_facts: false
                  serial: 2
                  roles:
                    - role: r1
                      run_once: true
                  tasks:
                    - include_tasks: inc.yml
                      run_once: true
                    - name: once
                      command: echo {{ inventory_hostname }}
                      run_once: true
                      register: out
                    - name: seen
                      assert:
                        that: out.stdout == ansible_play_batch[0]
                        quiet: true
                """, RunOptions.builder().build());
        assertEquals(0, s.result().exitCode(), s.console());
        // ansible-playbook: the first host of each batch (h1, then h3) runs everything; h2 only its assert
        // (ok=5: role task, included file, inc task, once, seen)
        assertEquals(new HostStats("h1", 5, 3, 0, 0, 0, 0, 0), s.result().stats("h1"), s.console());
        assertEquals(new HostStats("h2", 1, 0, 0, 0, 0, 0, 0), s.result().stats("h2"), s.console());
        assertEquals(new HostStats("h3", 5, 3, 0, 0, 0, 0, 0), s.result().stats("h3"), s.console());
        String c = lines(s.console());
        assertTrue(c.contains("TASK [include_tasks]\nincluded: " + tmp.resolve("inc.yml") + " for h1\n"), c);
    }

    @Test
    void runOnce_inTheFreeStrategy_runsOnEveryHost_withAnsiblesWarning_andRefusesARegister() throws Exception {
        Shown s = run("""
                - hosts: all
                  gather_facts: false
                  strategy: free
                  tasks:
                    - name: once
                      command: echo {{ inventory_hostname }}
                      run_once: true
                    - name: once registered
                      command: echo {{ inventory_hostname }}
                      run_once: true
                      register: out
                """, RunOptions.builder().build());
        assertEquals(2, s.result().exitCode(), s.console());
        assertTrue(s.console().contains("Using run_once with the free strategy is not currently supported. This "
                + "task will still be executed for every host in the inventory list."), s.console());
        // every host ran "once" (as in Ansible); the registered one fails where Ansible's result depends on timing
        int changed = 0;
        for (String h : List.of("h1", "h2", "h3")) {
            changed += s.result().stats(h).changed();
        }
        assertEquals(3, changed, s.console());
        assertTrue(s.console().contains("registers its result or sets facts in the free strategy"), s.console());
    }

    @Test
    void runOnce_onAHandler_failsTheHostThatRunsIt_saysSo() throws Exception {
        Shown s = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: echo hi
                      notify: hh
                  handlers:
                    - name: hh
                      debug: msg=x
                      run_once: true
                """, RunOptions.builder().build());
        assertEquals(2, s.result().exitCode(), s.console());
        assertTrue(s.console().contains("rigger does not run a handler with run_once"), s.console());
    }
}
