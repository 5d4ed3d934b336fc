package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the same lineinfile/blockinfile cases through real Ansible (ansible-core 2.14, `ansible -c local`) and through
 * rigger, and compares the resulting file and the changed flag. Skipped unless {@code -Drigger.ansibleParity=true}
 * and the ansible command exists (it costs ~1.5 s per case).
 */
class LineinfileAnsibleParityTest {
    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(
                c("lineinfile", "a\nb\nc\n", "line", "new", "insertafter", "^b"),
                c("lineinfile", "a\nb\nb2\nc\n", "line", "new", "insertafter", "^b"),
                c("lineinfile", "a\nb\nb2\nc\n", "line", "new", "insertbefore", "^b", "firstmatch", true),
                c("lineinfile", "x=1\nx=2\n", "regexp", "^x=", "line", "x=9"),
                c("lineinfile", "x=1\nx=2\n", "regexp", "^x=", "line", "x=9", "firstmatch", true),
                c("lineinfile", "a\nb", "line", "c"),
                c("lineinfile", "a\nb\n", "line", "x", "insertbefore", "^b"),
                c("lineinfile", "a\nb\n", "line", "x", "insertbefore", "BOF"),
                c("lineinfile", "a\nb\n", "line", "x", "insertafter", "BOF"),
                c("lineinfile", "port=80\n", "regexp", "^port=(\\d+)$", "line", "port=\\1 # was \\1", "backrefs", true),
                c("lineinfile", "a\n", "regexp", "nomatch(.*)", "line", "\\1", "backrefs", true),
                c("lineinfile", "a\nb\nc\nb\n", "line", "b", "state", "absent"),
                c("lineinfile", "a\nkey = 1\n", "search_string", "key =", "line", "key = 2"),
                c("lineinfile", "a\nb\n", "line", "a", "insertafter", "^b"),
                c("lineinfile", "", "line", "x"),
                c("lineinfile", "a\r\nb\r\n", "line", "b"),
                c("lineinfile", "a\r\nb\r\n", "regexp", "^a", "line", "A"),
                c("lineinfile", "a\nb\n", "line", "new", "insertbefore", "^zzz"),
                c("lineinfile", "a\nb\nc\n", "line", "z", "insertafter", "^c"),
                c("lineinfile", "a\nb\nc", "line", "z", "insertafter", "^c"),
                c("lineinfile", "x\n", "regexp", "", "line", "y"),
                c("lineinfile", "a\n#b\n", "regexp", "^#?b", "line", "b", "insertafter", "^a"),
                c("lineinfile", "a\nb\n", "line", "b", "insertbefore", "^a"),
                c("lineinfile", "a\nx\nb\n", "line", "x", "insertbefore", "^b"),
                c("lineinfile", "k: 1\nk: 2\n", "regexp", "^k:", "state", "absent"),
                c("lineinfile", "héllo\n", "regexp", "^h.llo", "line", "wörld"),
                c("blockinfile", "a\nb", "block", "x=1\ny=2"),
                c("blockinfile", "a\n# BEGIN ANSIBLE MANAGED BLOCK\nold\n# END ANSIBLE MANAGED BLOCK\nz\n", "block", "new"),
                c("blockinfile", "a\n# BEGIN ANSIBLE MANAGED BLOCK\nold\n# END ANSIBLE MANAGED BLOCK\nz\n", "state", "absent"),
                c("blockinfile", "[a]\nk=v\n[b]\n", "block", "m=1", "insertbefore", "^\\[b\\]"),
                c("blockinfile", "a\na\nb\n", "block", "m=1", "insertafter", "^a"),
                c("blockinfile", "a\n", "block", "m=1", "insertbefore", "BOF"),
                c("blockinfile", "a\n", "block", ""),
                c("blockinfile", "a\n# END ANSIBLE MANAGED BLOCK\nb\n# BEGIN ANSIBLE MANAGED BLOCK\n", "block", "z"),
                c("blockinfile", "a\n", "block", "x", "marker", "// {mark}", "marker_begin", "start",
                        "marker_end", "stop"));
    }

    private static Arguments c(String module, String content, Object... kv) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            args.put((String) kv[i], kv[i + 1]);
        }
        return Arguments.of(module, content, args);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sameResultAsAnsible(String module, String content, Map<String, Object> args) throws Exception {
        assumeTrue(Boolean.getBoolean("rigger.ansibleParity") || "1".equals(System.getenv("RIGGER_ANSIBLE_PARITY")),
                "set -Drigger.ansibleParity=true (or RIGGER_ANSIBLE_PARITY=1) to compare");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ansible")), "ansible is not installed");
        Path theirs = dir.resolve("theirs");
        Path ours = dir.resolve("ours");
        Files.writeString(theirs, content);
        Files.writeString(ours, content);
        Map<String, Object> a = new LinkedHashMap<>(args);
        a.put("path", theirs.toString());
        ProcessBuilder pb = new ProcessBuilder("ansible", "all", "-i", "localhost,", "-c", "local", "-o", "-m",
                module, "-a", json(a));
        pb.environment().put("ANSIBLE_PYTHON_INTERPRETER", "/usr/bin/python3");
        pb.environment().put("ANSIBLE_LOCALHOST_WARNING", "false");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        boolean theirChanged = out.contains("| CHANGED");
        a.put("path", ours.toString());
        Module m = module.equals("lineinfile") ? new LineinfileModule() : new BlockinfileModule();
        ModuleResult r = Scenario.run(m, a, TestContext.normal(dir));
        assertEquals(Files.readString(theirs, StandardCharsets.ISO_8859_1), Files.readString(ours,
                StandardCharsets.ISO_8859_1), () -> "ansible said: " + out);
        assertEquals(theirChanged, r.changed(), () -> "ansible said: " + out + " rigger: " + r.data());
        String theirMsg = out.replaceAll("(?s).*\"msg\": \"([^\"]*)\".*", "$1").trim();
        assertEquals(theirMsg, String.valueOf(r.data().get("msg")), () -> "ansible said: " + out);
    }

    private static String json(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v instanceof Boolean) {
                sb.append(v);
            } else {
                String s = String.valueOf(v);
                sb.append('"');
                for (char ch : s.toCharArray()) {
                    switch (ch) {
                        case '"' -> sb.append("\\\"");
                        case '\\' -> sb.append("\\\\");
                        case '\n' -> sb.append("\\n");
                        default -> sb.append(ch);
                    }
                }
                sb.append('"');
            }
        }
        return sb.append('}').toString();
    }

}
