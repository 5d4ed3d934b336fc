package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --start-at-task: the TASK banners and messages are those ansible-playbook 2.14.18 printed for the same playbook
 * and patterns (a task in a block, a glob, a role's "role : name" label, no match at all).
 */
class StartAtTaskTest {
    @TempDir
    Path dir;

    private String[] run(String pattern) throws Exception {
        Files.createDirectories(dir.resolve("roles/r1/tasks"));
        Files.writeString(dir.resolve("roles/r1/tasks/main.yml"), "- debug: msg=r1\n");
        Path pb = Files.writeString(dir.resolve("pb.yml"), """
                - hosts: all
                  gather_facts: true
                  roles: [r1]
                  tasks:
                    - debug: msg=one
                    - name: second
                      debug: msg=two
                    - block:
                        - name: in block
                          debug: msg=three
                        - debug: msg=four
                - hosts: all
                  gather_facts: false
                  tasks:
                    - debug: msg=p2
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), "play", pb.toString(), "-i", "localhost,", "-c", "local", "--start-at-task",
                pattern);
        StringBuilder seen = new StringBuilder();
        Matcher m = Pattern.compile("TASK \\[([^]]+)]|\"msg\": \"([^\"]+)\"").matcher(out.toString(StandardCharsets.UTF_8));
        while (m.find()) {
            seen.append(m.group(1) != null ? "T:" + m.group(1) : m.group(2)).append(';');
        }
        return new String[] {String.valueOf(rc), seen.toString(), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void startsAtTheMatchingTask_gathersFactsFirst_andLaterPlaysRunWhole() throws Exception {
        assertEquals(List.of("0", "T:Gathering Facts;T:in block;three;T:debug;four;T:debug;p2;", ""),
                List.of(run("in block")));
        assertEquals("T:Gathering Facts;T:second;two;T:in block;three;T:debug;four;T:debug;p2;", run("sec*")[1]);
        assertEquals("T:Gathering Facts;T:r1 : debug;r1;T:debug;one;T:second;two;T:in block;three;T:debug;four;"
                + "T:debug;p2;", run("r1 : debug")[1]);
    }

    @Test
    void noMatch_runsNothing_andSaysSo_exit0() throws Exception {
        String[] r = run("nope");
        assertEquals("0", r[0]);
        assertEquals("", r[1]);
        assertTrue(r[2].contains("[ERROR]: No matching task \"nope\" found. Note: --start-at-task can only follow "
                + "static includes."), r[2]);
    }
}
