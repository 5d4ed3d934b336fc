package dev.rigger.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.Unsafe;
import dev.rigger.vars.LazyVars;
import dev.rigger.yaml.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text from a rig, a lookup or {@code !unsafe} is never rendered again, on every path that reads variables. */
class UnsafeTemplatingTest {
    private final Templar t = new Templar();

    @TempDir
    Path dir;

    private String payload() {
        return "{{ lookup('pipe', 'touch " + dir.resolve("PWNED") + "; echo owned') }}";
    }

    private Map<String, Object> registered(String stdout) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("stdout", stdout);
        o.put("stdout_lines", new ArrayList<>(List.of(stdout)));
        o.put("rc", 0L);
        return Unsafe.mark(o);
    }

    private Map<String, Object> vars() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("o", registered(payload()));
        return v;
    }

    private void assertNotRun() {
        assertFalse(Files.exists(dir.resolve("PWNED")), "the rig's text ran a command on the controller");
    }

    @Test
    void aRegisteredResultIsNotRenderedWhenRead() {
        Map<String, Object> v = vars();
        assertEquals("rig said " + payload(), t.render("rig said {{ o.stdout }}", v));
        assertEquals(payload(), t.render("{{ o.stdout }}", v));
        assertEquals(payload(), t.evaluateExpression("o.stdout", v));
        assertTrue(t.evaluate("o.stdout is search('lookup')", v));
        assertNotRun();
    }

    @Test
    void aRenderThatReadUnsafeTextIsUnsafe() {
        Map<String, Object> v = vars();
        Object b = t.render("x{{ o.stdout }}", v);      // set_fact: b: "x{{ o.stdout }}"
        Object c = t.render("{{ o.stdout | upper }}", v);
        assertTrue(Unsafe.is(b));
        assertTrue(Unsafe.is(c));
        v.put("b", b);
        v.put("c", c);
        assertEquals("x" + payload(), t.render("{{ b }}", v));
        assertEquals("y" + payload().toUpperCase(), t.render("y{{ c }}", v));
        assertNotRun();
    }

    @Test
    void hostvarsVarsAndLoopItemsKeepTheMark() {
        Map<String, Object> v = vars();
        Map<String, Object> host = new LinkedHashMap<>(v);          // not marked itself: a view of the host's vars
        v.put("hostvars", Map.of("rig1", host));
        Object viaHostvars = t.render("{{ hostvars['rig1'].o.stdout }}y", v);
        assertTrue(Unsafe.is(viaHostvars));
        Object items = t.render("{{ o.stdout_lines }}", v);          // loop: "{{ o.stdout_lines }}"
        Map<String, Object> itemScope = new LinkedHashMap<>(v);
        itemScope.put("item", ((List<?>) items).get(0));
        assertEquals("item " + payload(), t.render("item {{ item }}", itemScope));
        v.put("e", viaHostvars);
        assertEquals(payload() + "y", t.render("{{ e }}", v));
        assertNotRun();
    }

    @Test
    void lazyVariablesDoNotRenderUnsafeValues() {
        Map<String, Object> raw = vars();
        raw.put("alias", "{{ o }}");
        raw.put("b", Unsafe.mark("{{ 7 * 7 }}"));
        LazyVars lazy = new LazyVars(raw, t::render);
        assertEquals("{{ 7 * 7 }}", lazy.get("b"));
        assertEquals(payload(), ((Map<?, ?>) lazy.get("alias")).get("stdout"));
        assertEquals(payload(), t.render("{{ alias.stdout }}", lazy));
        assertNotRun();
    }

    @Test
    void aSafeValueMadeByATemplateIsStillRenderedWhenRead() {
        // Ansible: set_fact: a: "{{ '{{' }} 7*7 }}" then "{{ a }}" gives 49
        Map<String, Object> v = new LinkedHashMap<>();
        Object a = t.render("{{ '{{' }} 7*7 }}", Map.of());
        assertFalse(Unsafe.is(a));
        v.put("a", a);
        assertEquals(49L, ((Number) t.render("{{ a }}", v)).longValue());
    }

    @Test
    void yamlUnsafeTagIsALiteral() {
        Object doc = YamlLoader.load("v: !unsafe '{{ x }}'\nw: \"{{ v }}\"\nl: !unsafe ['{% raw', '{{ y }}']\n", "t.yml");
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = (Map<String, Object>) doc;
        LazyVars lazy = new LazyVars(raw, t::render);
        assertEquals("{{ x }}", lazy.get("v"));
        assertEquals("{{ x }}", lazy.get("w"));
        assertEquals(List.of("{% raw", "{{ y }}"), lazy.get("l"));
        assertEquals("{{ x }} and {{ y }}", t.render("{{ v }} and {{ l[1] }}", lazy));
        t.checkSyntax((String) raw.get("v")); // an unsafe literal is no template: no syntax to check
    }

    @Test
    void lookupOutputIsUnsafe() throws Exception {
        Path f = dir.resolve("f.txt");
        Files.writeString(f, "{{ 3 * 3 }}\n");
        Map<String, Object> v = new LinkedHashMap<>();
        Object c = t.render("{{ lookup('file', '" + f + "') }}", v);
        assertEquals("{{ 3 * 3 }}", c);
        assertTrue(Unsafe.is(c));
        v.put("c", c);
        v.put("fl", "{{ lookup('file', '" + f + "') }}");
        assertEquals("c={{ 3 * 3 }} fl={{ 3 * 3 }}", t.render("c={{ c }} fl={{ fl }}", v));
        Object d = t.render("{{ [lookup('file', '" + f + "'), 'k'] }}", v);
        v.put("d", d);
        assertEquals("{{ 3 * 3 }}", t.render("{{ d[0] }}", v));
    }

    @Test
    void dictKeysFromARigAreNotRendered() {
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("{{ lookup('pipe', 'touch " + dir.resolve("PWNED") + "') }}", 1L);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("f", Unsafe.mark(files));
        Object keys = t.render("{{ f | dict2items | map(attribute='key') | list }}", v);
        assertEquals(List.of(files.keySet().iterator().next()), keys);
        Object copy = t.render(Map.of("k", "{{ f }}"), v);
        assertEquals(Map.of("k", files), copy);
        assertNotRun();
    }
}
