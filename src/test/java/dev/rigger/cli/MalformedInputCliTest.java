package dev.rigger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed playbooks stop the CLI before any connection ("ERROR! N problem(s) found, nothing was run:" then each
 * problem at file:line:col, exit 4); what can only be known while running (an undefined variable, a missing
 * template file) fails that task with the name and the task's file:line.
 */
class MalformedInputCliTest {
    @TempDir
    Path tmp;

    private record Run(int rc, String out, String err, long millis) {
    }

    private Run rigger(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void malformedPlaybook_listsEveryProblemWithFileLineColumn_andContactsNoHost() throws Exception {
        // a silent address with a long connect timeout: a connection attempt would take 30 s
        Path inv = tmp.resolve("inv.yml");
        Files.writeString(inv, "all:\n  hosts:\n    far:\n      ansible_host: 10.77.2.250\n"
                + "      ansible_ssh_timeout: 30\n");
        Path pb = tmp.resolve("bad.yml");
        Files.writeString(pb, """
                - hosts: all
                  gather_facts: true
                  tasks:
                    - debug:
                        msg: "{{ foo }"
                    - debug: msg=hi
                      when: {a: b}
                    - frobnicate: x=1
                """);
        Run r = rigger("play", pb.toString(), "-i", inv.toString());
        assertEquals(4, r.rc(), r.err());
        assertTrue(r.err().startsWith("ERROR! 3 problem(s) found, nothing was run:"), r.err());
        assertTrue(r.err().contains(pb + ":5:9"), r.err());
        assertTrue(r.err().contains(pb + ":7:7"), r.err());
        assertTrue(r.err().contains(pb + ":8:7"), r.err());
        assertFalse(r.err().contains("Exception"), "no stack trace: " + r.err());
        assertEquals("", r.out(), "no play started");
        assertTrue(r.millis() < 10_000, "returned at once, took " + r.millis() + " ms");
    }

    @Test
    void undefinedVariable_failsTheTaskNamingTheVariableAndTheTaskFileLine() throws Exception {
        Path pb = tmp.resolve("pb.yml");
        Files.writeString(pb, """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: uses an undefined variable
                      debug:
                        msg: "value is {{ not_defined_anywhere }}"
                """);
        Run r = rigger("play", pb.toString(), "-i", "localhost,", "-c", "local");
        String text = r.out() + r.err();
        assertEquals(2, r.rc(), text);
        assertTrue(text.contains("'not_defined_anywhere' is undefined"), text);
        assertTrue(text.contains(pb + ":4:"), "names the task's file:line: " + text);
    }

    @Test
    void missingTemplateSource_failsTheTaskNamingTheFile() throws Exception {
        Path pb = tmp.resolve("pb.yml");
        Files.writeString(pb, """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: render
                      template:
                        src: no-such-template.j2
                        dest: %s
                """.formatted(tmp.resolve("out.txt")));
        Run r = rigger("play", pb.toString(), "-i", "localhost,", "-c", "local");
        String text = r.out() + r.err();
        assertEquals(2, r.rc(), text);
        assertTrue(text.contains("could not find or access 'no-such-template.j2'"), text);
        assertTrue(text.contains("TASK [render]"), text);
        assertFalse(Files.exists(tmp.resolve("out.txt")));
    }
}
