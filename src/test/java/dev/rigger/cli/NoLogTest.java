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

/** no_log: true hides a task's values in the console and in every report; like Ansible 2.14, an explicit debug of
 * the registered result prints it (that is the playbook author's choice). */
class NoLogTest {
    @TempDir
    Path tmp;

    @Test
    void noLog_hidesValuesInConsoleJsonJunitAndHtml_butDebugOfTheRegisteredResultPrintsItLikeAnsible()
            throws Exception {
        Path pb = tmp.resolve("pb.yml");
        Files.writeString(pb, """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: secret
                      command: echo s3cr3t-value
                      register: out
                      no_log: true
                    - name: failing secret
                      command: sh -c 'echo fail-s3cr3t; exit 3'
                      no_log: true
                      ignore_errors: true
                    - name: loop secret
                      debug: msg="{{ item }}"
                      loop: [item-s3cr3t]
                      no_log: true
                    - name: templated no_log
                      command: echo templated-s3cr3t
                      no_log: "{{ hide_it }}"
                      vars: {hide_it: yes}
                    - name: shown
                      debug: msg="{{ out.stdout }}"
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path json = tmp.resolve("r.json");
        Path junit = tmp.resolve("r.xml");
        Path html = tmp.resolve("r.html");
        int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), "play", pb.toString(), "-i", "localhost,", "-c", "local", "-v",
                "--report", "json:" + json, "--report", "junit:" + junit, "--report", "html:" + html);
        String console = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, console);
        String[] parts = console.split("TASK \\[shown\\]");
        assertFalse(parts[0].contains("s3cr3t"), parts[0]);
        assertTrue(parts[0].contains("'no_log: true' was specified"), parts[0]);
        assertTrue(parts[0].contains("(item=None)"), parts[0]);
        assertTrue(parts[1].contains("s3cr3t-value"), "Ansible prints a registered value when asked: " + parts[1]);
        for (Path report : new Path[] {json, junit, html}) {
            String text = Files.readString(report);
            assertFalse(text.contains("fail-s3cr3t") || text.contains("item-s3cr3t"), report + ": " + text);
            assertTrue(text.contains("secret"), report + " lists the task");
        }
    }
}
