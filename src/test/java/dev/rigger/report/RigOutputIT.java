package dev.rigger.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rigger.api.RunListener;
import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.engine.Rigger;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import dev.rigger.connection.SshConnection;
import dev.rigger.lab.LabExtension;
import dev.rigger.lab.LabRigs;
import dev.rigger.lab.LabSetup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output from rigs is data: a 1 MB line, random bytes, terminal escapes and 50 MB of output reach the console only
 * escaped, are kept bounded (the result says truncated), and the JSON, JUnit and HTML reports stay valid.
 */
@ExtendWith(LabExtension.class)
@LabSetup(rigs = 3)
class RigOutputIT {
    @TempDir
    Path tmp;

    @Test
    void hostileOutput_neverReachesTheConsoleRaw_isBounded_andReportsStayValid(LabRigs rigs) throws Exception {
        Path pb = tmp.resolve("pb.yml");
        Files.writeString(pb, """
                - hosts: rig1
                  gather_facts: false
                  tasks:
                    - name: long line
                      shell: head -c 1048576 /dev/zero | tr '\\0' x
                    - name: binary
                      shell: head -c 4096 /dev/urandom; head -c 4096 /dev/urandom >&2
                    - name: escapes
                      shell: printf '\\033[31mred\\033[0m\\033]0;title\\007'; printf '\\302\\233' >&2
                      register: esc
                    - name: escapes again
                      debug:
                        msg: "{{ esc.stdout }}"
                    - name: huge
                      shell: yes | head -c 50000000
                    - name: still fine
                      command: echo done
                """);
        Map<String, TaskOutcome> outcomes = new ConcurrentHashMap<>();
        RunListener rec = new RunListener() {
            @Override
            public void taskResult(TaskInfo task, TaskOutcome o) {
                outcomes.put(task.label(), o);
            }
        };
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8);
        Path json = tmp.resolve("r.json");
        Path junit = tmp.resolve("r.xml");
        Path html = tmp.resolve("r.html");
        RunResult r = Rigger.builder().inventory(rigs.inventory().toString()).playbook(pb)
                .options(RunOptions.builder().knownHosts(tmp.resolve("known_hosts")).build())
                .listener(rec).listener(new ConsoleReporter(ps, ps, false, 1))
                .listener(new JsonReporter(json, false)).listener(new JUnitReporter(junit, false))
                .listener(new HtmlReporter(html, false)).build().run();
        String text = console.toString(StandardCharsets.UTF_8);
        String head = text.length() > 4000 ? text.substring(0, 4000) : text;
        assertEquals(0, r.exitCode(), head);
        assertInstanceOf(TaskOutcome.Changed.class, outcomes.get("still fine"), head);

        // the console: escapes arrive escaped, never as the bytes that drive a terminal
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 && c != '\n' || c == 0x7f || c >= 0x80 && c <= 0x9f;
            assertFalse(control, String.format("raw control character U+%04X in the console at %d: %s", (int) c, i,
                    text.substring(Math.max(0, i - 80), Math.min(text.length(), i + 20))));
        }
        assertTrue(text.contains("\\u001b[31mred\\u001b[0m\\u001b]0;title\\u0007"), head);
        assertTrue(text.contains("\\u009b"), "a C1 CSI is shown escaped too");

        // bounded: the 50 MB output is cut at the connection's limit and the result says so
        Map<String, Object> huge = outcomes.get("huge").result();
        String stdout = String.valueOf(huge.get("stdout"));
        System.out.printf("[output] 50 000 000 bytes printed, %d kept, truncated=%s, console %d chars%n",
                stdout.length(), huge.get("truncated"), text.length());
        assertEquals(Boolean.TRUE, huge.get("truncated"), String.valueOf(huge.get("msg")));
        assertTrue(String.valueOf(huge.get("msg")).contains("output truncated"), String.valueOf(huge.get("msg")));
        assertTrue(stdout.length() <= SshConnection.MAX_OUTPUT, "kept " + stdout.length());
        assertEquals(1_048_576, String.valueOf(outcomes.get("long line").result().get("stdout")).length());
        assertFalse(outcomes.get("long line").result().containsKey("truncated"));

        // the reports stay valid
        new ObjectMapper().readTree(json.toFile());
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(junit)));
        String page = Files.readString(html);
        assertTrue(page.strip().endsWith("</html>"), "the HTML report is complete");
        for (Path p : new Path[] {json, junit, html}) {
            String s = Files.readString(p);
            assertFalse(s.contains("\u001b") || s.contains("\u0007"), "no raw escape in " + p.getFileName());
        }
    }
}
