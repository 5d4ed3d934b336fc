package dev.rigger.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.RunListener;
import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.engine.Rigger;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import dev.rigger.lab.LabExtension;
import dev.rigger.lab.LabRigs;
import dev.rigger.lab.LabSetup;
import dev.rigger.lab.RigShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rig (or anyone who can write a file on it) must never run commands on the controller: text that comes back from
 * a rig, through a registered result, set_fact, a loop, hostvars or facts, is data and is never rendered again.
 */
@ExtendWith(LabExtension.class)
@LabSetup(rigs = 1)
class RigTextIsDataIT {
    @TempDir
    Path tmp;

    private RunResult run(LabRigs rigs, String playbook, Map<String, TaskOutcome> out) throws Exception {
        Path pb = tmp.resolve("pb.yml");
        Files.writeString(pb, playbook);
        RunListener rec = new RunListener() {
            @Override
            public void taskResult(TaskInfo task, TaskOutcome o) {
                out.put(task.label(), o);
            }
        };
        return Rigger.builder().inventory(rigs.inventory().toString()).playbook(pb)
                .options(RunOptions.builder().knownHosts(tmp.resolve("known_hosts")).build())
                .listener(rec).build().run();
    }

    @Test
    void aPayloadFileOnTheRigIsCopiedByteForByte_andRunsNothingOnTheController(LabRigs rigs) throws Exception {
        Path pwned = tmp.resolve("PWNED");
        String payload = "{{ lookup('pipe','id > " + pwned + "; echo owned') }}";
        RigShell.run(rigs, "rig1", "printf '%s' \"" + payload + "\" > /tmp/payload; rm -f /tmp/payload.copy");
        Map<String, TaskOutcome> out = new ConcurrentHashMap<>();
        RunResult r = run(rigs, """
                - hosts: rig1
                  gather_facts: false
                  tasks:
                    - command: cat /tmp/payload
                      register: o
                    - name: said
                      debug: msg="rig said {{ o.stdout }}"
                    - copy: content="{{ o.stdout }}" dest=/tmp/payload.copy
                    - set_fact:
                        b: "x{{ o.stdout }}"
                    - name: fact
                      debug: msg="{{ b }}"
                    - name: looped
                      debug: msg="{{ item }}"
                      loop: "{{ o.stdout_lines }}"
                    - name: via hostvars
                      debug: msg="{{ hostvars[inventory_hostname].o.stdout }}"
                    - name: seven
                      shell: echo '{{ "{{" }} 7*7 }}'
                      register: seven
                    - name: seven again
                      debug: msg="{{ seven.stdout }}"
                """, out);
        assertEquals(0, r.exitCode());
        assertFalse(Files.exists(pwned), "a rig's output ran a command on the controller");
        assertEquals("rig said " + payload, out.get("said").result().get("msg"));
        assertEquals(payload, RigShell.run(rigs, "rig1", "cat /tmp/payload.copy"));
        assertEquals("x" + payload, out.get("fact").result().get("msg"));
        assertEquals(payload, out.get("looped").result().get("results") instanceof java.util.List<?> l
                ? ((Map<?, ?>) l.get(0)).get("msg") : null);
        assertEquals(payload, out.get("via hostvars").result().get("msg"));
        assertEquals("{{ 7*7 }}", out.get("seven again").result().get("msg"));
    }

    @Test
    void factsAndFileNamesFromTheRigAreData(LabRigs rigs) throws Exception {
        // a file name cannot hold '/': the payload names a file relative to where a controller-side command would
        // run (the JVM's working directory), so that the check below can fail
        String marker = "rigger-pwned2-" + System.nanoTime();
        Path pwned = Path.of(marker).toAbsolutePath();
        String evil = "{{ lookup('pipe','touch " + marker + "') }}";
        RigShell.run(rigs, "rig1", "mkdir -p /tmp/names && touch \"/tmp/names/" + evil + "\"");
        try {
            // a hostile rig's hostname (the container's /proc/sys is read-only: a hostname command that says so)
            RigShell.run(rigs, "rig1", "printf '#!/bin/sh\\necho \"{{7*7}}\"\\n' > /usr/local/bin/hostname;"
                    + " chmod 755 /usr/local/bin/hostname");
            Map<String, TaskOutcome> out = new ConcurrentHashMap<>();
            RunResult r = run(rigs, """
                    - hosts: rig1
                      tasks:
                        - name: host
                          debug: msg="{{ ansible_hostname }} {{ ansible_facts.hostname }}"
                        - find: paths=/tmp/names
                          register: found
                        - name: names
                          debug: msg="{{ found.files | map(attribute='path') | join(',') }}"
                        - shell: ls /tmp/names
                          register: ls
                        - name: each
                          debug: msg="{{ item }}"
                          loop: "{{ ls.stdout_lines }}"
                    """, out);
            assertEquals(0, r.exitCode(), String.valueOf(out));
            assertFalse(Files.exists(pwned) || Files.exists(tmp.resolve(marker)),
                    "a file name on the rig ran a command on the controller");
            assertEquals("{{7*7}} {{7*7}}", out.get("host").result().get("msg"));
            assertTrue(String.valueOf(out.get("names").result().get("msg")).endsWith(evil),
                    String.valueOf(out.get("names").result()));
        } finally {
            RigShell.run(rigs, "rig1", "rm -rf /tmp/names /usr/local/bin/hostname");
        }
    }
}
