package dev.rigger.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.cli.Main;
import dev.rigger.template.Templar;
import dev.rigger.template.TemplateException;
import dev.rigger.vars.LazyVars;
import dev.rigger.yaml.YamlLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input stays bounded: YAML aliases stay shared (a billion laughs is nine small lists, not 387 million
 * strings), and where a value would really have to be expanded (printed) a limit says so by name; numbers in
 * templates never overflow into a wrong answer. (The timeouts guard against a hang; they measure nothing.)
 */
class BoundedInputTest {
    private static final Duration HANG = Duration.ofSeconds(20);
    private final Templar t = new Templar();

    @TempDir
    Path tmp;

    static String laughs() {
        StringBuilder y = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            String prev = "*a" + (i - 1);
            y.append("a").append(i).append(": &a").append(i).append(" [");
            for (int k = 0; k < 9; k++) {
                y.append(k == 0 ? "" : ", ").append(prev);
            }
            y.append("]\n");
        }
        y.append("b: \"{{ a9 }}\"\n");
        return y.toString();
    }

    @SuppressWarnings("unchecked")
    private LazyVars vars() {
        return new LazyVars((Map<String, Object>) YamlLoader.load(laughs(), "laughs.yml"), t::render);
    }

    @Test
    void aBillionLaughs_isNineSharedLists_andAnswersAtOnce() {
        assertTimeoutPreemptively(HANG, () -> {
            LazyVars v = vars();
            assertEquals(9L, ((Number) t.render("{{ a9 | length }}", v)).longValue());
            assertEquals("lol", t.render("{{ a9[0][0][0][0][0][0][0][0][0][0] }}", v));
            assertEquals(9L, ((Number) t.render("{{ b | length }}", v)).longValue());
            assertTrue(t.evaluate("a9[8] is sequence", v));
            List<?> a9 = (List<?>) v.get("a9");
            assertTrue(a9.get(0) == a9.get(8), "aliases stay one shared list");
        });
    }

    @Test
    void printingABillionLaughs_failsNamingTheLimit() {
        assertTimeoutPreemptively(HANG, () -> {
            LazyVars v = vars();
            TemplateException e = assertThrows(TemplateException.class, () -> t.render("x {{ a9 }}", v));
            assertTrue(e.getMessage().contains("limit"), e.getMessage());
            TemplateException j = assertThrows(TemplateException.class, () -> t.render("{{ a9 | to_json }}", v));
            assertTrue(j.getMessage().contains("limit"), j.getMessage());
        });
    }

    @Test
    void aPlaybookWithABillionLaughs_answersTheLength_andRefusesToPrintIt_byName() throws Exception {
        StringBuilder vars = new StringBuilder();
        for (String line : laughs().split("\n")) {
            vars.append("    ").append(line).append('\n');
        }
        Path pb = tmp.resolve("laughs.yml");
        Files.writeString(pb, "- hosts: localhost\n  gather_facts: false\n  vars:\n" + vars + """
                  tasks:
                    - name: length
                      debug: msg="{{ a9 | length }}"
                    - name: print it
                      debug: var=a9
                """);
        Path json = tmp.resolve("r.json");
        assertTimeoutPreemptively(HANG, () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true,
                    StandardCharsets.UTF_8), "play", pb.toString(), "-i", "localhost,", "-c", "local",
                    "--report", "json:" + json);
            String console = out.toString(StandardCharsets.UTF_8);
            assertEquals(2, rc, console);
            assertTrue(console.contains("\"msg\": 9"), console);
            assertTrue(console.contains("rigger's limit for a result"), console);
            assertTrue(Files.size(json) < 100_000, "the report stays small");
        });
    }

    private Object eval(String expr) {
        return t.render("{{ " + expr + " }}", Map.of());
    }

    @Test
    void integersArePythonsIntegers_neverAWrappedLong() {
        assertEquals(new java.math.BigInteger("100000000000000000000"), eval("10**20"));
        assertEquals(new java.math.BigInteger("9223372036854775808"), eval("2**62 + 2**62"));
        assertEquals(new java.math.BigInteger("9223372036854775808"), eval("9223372036854775807 + 1"));
        assertEquals(new java.math.BigInteger("-9223372036854775809"), eval("-9223372036854775808 - 1"));
        assertEquals(9223372036854775807L, eval("9223372036854775807 * 2 // 2"));
        assertEquals(1L, eval("99999999999999999999 % 7"));
        assertEquals(new java.math.BigInteger("99999999999999999999"), eval("'99999999999999999999' | int"));
        assertEquals(-4L, eval("-7 // 2"));
        assertEquals(2L, eval("-7 % 3"));
        assertEquals(-2L, eval("7 % -3"));
        assertEquals(0.5, eval("2 ** -1"));
        assertEquals(12L, eval("3 * 4"));
        // a namespace that doubles in a loop: Python's answer, not 0 after 64 steps
        assertEquals(java.math.BigInteger.TWO.pow(100).toString(), t.render(
                "{% set ns = namespace(x=1) %}{% for i in range(100) %}{% set ns.x = ns.x * 2 %}{% endfor %}{{ ns.x }}",
                Map.of()));
    }

    @Test
    void limitsAreErrorsThatNameThemselves() {
        TemplateException big = assertThrows(TemplateException.class, () -> eval("2 ** (2 ** 21)"));
        assertTrue(big.getMessage().contains("rigger's limit for an integer"), big.getMessage());
        TemplateException zero = assertThrows(TemplateException.class, () -> eval("9 // 0"));
        assertTrue(zero.getMessage().contains("division or modulo by zero"), zero.getMessage());
        TemplateException many = assertThrows(TemplateException.class, () -> eval("range(2 ** 40) | length"));
        assertTrue(many.getMessage().contains("rigger's limit for a list"), many.getMessage());
    }

    @Test
    void rangeIsPythons_andNeverSilentlyShort() {
        assertTimeoutPreemptively(HANG, () -> {
            assertEquals(1_000_000_000L, eval("range(10**9) | length"));
            assertEquals(999_999_999L, eval("range(10**9)[-1]"));
            assertEquals(List.of(10L, 7L, 4L, 1L), eval("range(10, 0, -3) | list"));
            assertEquals(List.of(), eval("range(0) | list"));
            assertEquals("0,1,2", t.render("{% for i in range(3) %}{{ i }}{% if not loop.last %},{% endif %}{% endfor %}",
                    Map.of()));
        });
    }
}
