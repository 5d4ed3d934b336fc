package dev.rigger.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.Pos;
import dev.rigger.yaml.YList;
import dev.rigger.yaml.YMap;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TemplarTest {
    static final Templar T = new Templar();

    static Map<String, Object> vars() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("a", 1L);
        v.put("s", "Hello World");
        v.put("n", null);
        v.put("l", new ArrayList<>(List.of(1L, 2L, 3L)));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("x", 1L);
        d.put("y", "two");
        v.put("d", d);
        v.put("b", true);
        return v;
    }

    static Object r(String template) {
        return T.render(template, vars());
    }

    static String err(String template) {
        return assertThrows(TemplateException.class, () -> T.render(template, vars())).getMessage();
    }

    // ------------------------------------------------------------------ native values

    @Test
    void singleExpression_yieldsNativeValues() {
        assertEquals(1L, r("{{ a }}"));
        assertEquals(2L, r("{{ a + 1 }}"));
        assertEquals(2.5, r("{{ 10 / 4 }}"));
        assertEquals(true, r("{{ b }}"));
        assertNull(r("{{ n }}"));
        assertEquals(List.of(1L, 2L, 3L), r("{{ l }}"));
        assertEquals(Map.of("x", 1L, "y", "two"), r("{{ d }}"));
        assertEquals(List.of(1L, "a"), r("{{ [1, 'a'] }}"));
        assertEquals(Map.of("k", List.of(1L)), r("{{ {'k': [1]} }}"));
        assertEquals(Map.of("a", Map.of("b", 1L)), r("{{ {'a': {'b': 1}} }}"));
        assertEquals("x", r("{{- 'x' -}}"));
    }

    @Test
    void nativeCollections_arePlainJavaCollections() {
        Object l = r("{{ l | map('string') | list }}");
        assertEquals(ArrayList.class, l.getClass());
        assertEquals(LinkedHashMap.class, r("{{ d }}").getClass());
    }

    @Test
    void mixedTemplate_rendersString_butListAndBoolLookingResultsConvert() {
        assertEquals("1/x", r("{{ a }}/x"));
        assertEquals("2", r(" {{ a + 1 }}").toString().strip());
        assertEquals(List.of(1L, 2L), r("[{{ 1 }}, {{ 2 }}]"));
        assertEquals(Map.of("a", 1L), r("{{ '{' }}'a': {{ a }}}"));
        assertEquals(Boolean.TRUE, r("{{ 'Tr' }}ue"));
        assertEquals("[not a list", r("[not {{ 'a' }} list"));
    }

    @Test
    void stringsWithoutJinja_areReturnedUnchanged() {
        String s = "plain {not jinja} True";
        assertSame(s, T.render(s, vars()));
        assertEquals("True", T.render("True", vars()));
    }

    @Test
    void render_recursesIntoMapsAndLists_withoutMutatingInput() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("k", "{{ a }}");
        in.put("{{ s }}", List.of("{{ l }}", "x"));
        Object out = T.render(in, vars());
        assertEquals(Map.of("k", 1L, "Hello World", List.of(List.of(1L, 2L, 3L), "x")), out);
        assertEquals("{{ a }}", in.get("k"));
    }

    @Test
    void yamlNodes_areReadLikeMapsAndLists() {
        YMap m = new YMap(new Pos("f.yml", 1, 1));
        YList l = new YList(new Pos("f.yml", 2, 1));
        l.add("p");
        l.add(2);
        m.put("items", l);
        Map<String, Object> v = Map.of("cfg", m);
        assertEquals("p-2", T.render("{{ cfg['items'] | join('-') }}", v));
        assertEquals(List.of("p", 2L), T.render("{{ cfg.items }}", v));
    }

    // ------------------------------------------------------------------ undefined

    @Test
    void undefinedVariable_isAnErrorNamingIt() {
        assertTrue(err("{{ nope }}").contains("'nope' is undefined"));
        assertTrue(err("x {{ nope }} y").contains("'nope' is undefined"));
        assertTrue(err("{% if nope %}y{% endif %}").contains("'nope' is undefined"));
        assertTrue(err("{{ nope + 1 }}").contains("'nope'"));
        assertTrue(err("{% for i in nope %}{{ i }}{% endfor %}").contains("'nope' is undefined"));
    }

    @Test
    void missingAttribute_isAnErrorNamingTheAttribute() {
        String m = err("{{ d.nope }}");
        assertTrue(m.contains("has no attribute 'nope'"), m);
        assertTrue(err("{{ d['nope'] }}").contains("'nope'"));
    }

    @Test
    void undefined_isLenientInDefinedTestsAndDefault() {
        assertEquals(false, r("{{ nope is defined }}"));
        assertEquals(true, r("{{ nope is undefined }}"));
        assertEquals("z", r("{{ nope | default('z') }}"));
        assertEquals("z", r("{{ nope | d('z') }}"));
        assertEquals("z", r("{{ nope.attr.deeper | default('z') }}"));
        assertEquals("z", r("{{ d.nope | default('z') }}"));
        assertEquals(false, r("{{ d.nope is defined }}"));
        assertEquals("y", r("{{ 'x' if nope is defined else 'y' }}"));
    }

    @Test
    void nullVariable_isDefined() {
        assertEquals(true, r("{{ n is defined }}"));
        assertEquals(true, r("{{ n is none }}"));
        assertNull(r("{{ n | default('dflt') }}"));
        assertEquals("x", r("x{{ n }}"), "Ansible prints None as an empty string");
        assertEquals("[None]", r("={{ [n] }}").toString().substring(1));
    }

    @Test
    void default_keepsTheTypeOfItsValue() {
        assertEquals(5L, r("{{ nope | default(5) }}"));
        assertEquals(6L, r("{{ (nope | default(5)) + 1 }}"));
        assertEquals(6L, r("{{ nope | default(5) + 1 }}"));
        assertEquals(false, r("{{ nope | default(false) }}"));
        assertEquals(List.of(), r("{{ nope | default([]) }}"));
    }

    @Test
    void defaultWithTrue_replacesFalsyValues() {
        assertEquals("d", r("{{ '' | default('d', true) }}"));
        assertEquals("d", r("{{ n | default('d', true) }}"));
        assertEquals(0L, r("{{ 0 | default('d') }}"));
        assertEquals("d", r("{{ 0 | default('d', true) }}"));
    }

    @Test
    void mandatory_failsOnUndefinedWithItsName() {
        assertTrue(err("{{ nope | mandatory }}").contains("Mandatory variable 'nope' not defined"));
        assertEquals(1L, r("{{ a | mandatory }}"));
        assertTrue(err("{{ nope | mandatory('set nope please') }}").contains("set nope please"));
    }

    @Test
    void unknownFilterTestOrFunction_isAnErrorNamingIt() {
        assertTrue(err("{{ a | no_such_filter }}").contains("no filter named 'no_such_filter'"));
        assertTrue(err("{{ a is no_such_test }}").contains("no test named 'no_such_test'"));
        assertTrue(err("{{ no_such_fn(1) }}").contains("no_such_fn"));
        assertTrue(err("{{ lookup('no_such_lookup', 'x') }}").contains("no_such_lookup"));
    }

    @Test
    void syntaxError_isReported() {
        assertTrue(err("{{ a + }}").length() > 0);
        assertTrue(err("{% if a %}unclosed").length() > 0);
    }

    @Test
    void templateSetToNone_isDefinedNone() {
        assertEquals(true, r("{% set z = none %}{{ z is none }}"));
    }

    // ------------------------------------------------------------------ Jinja2 behaviours Jinjava lacks

    @Test
    void forOverDict_iteratesKeysInOrder() {
        assertEquals("x,y,", r("{% for k in d %}{{ k }},{% endfor %}"));
        assertEquals("x=1;y=two;", r("{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}"));
    }

    @Test
    void forElse_rendersElseOnlyForEmptyLoops() {
        assertEquals("empty", r("{% for k in [] %}{{ k }}{% else %}empty{% endfor %}"));
        assertEquals("123", r("{% for k in l %}{{ k }}{% else %}empty{% endfor %}"));
        assertEquals("1-2-3", r("{% for k in l %}{% if not loop.first %}-{% endif %}{{ k }}{% else %}e{% endfor %}"));
    }

    @Test
    void printedValues_arePythonLike() {
        assertEquals("=True False None", r("={{ true }} {{ false }} {{ [none][0] | string }}"));
        assertEquals("={'x': 1, 'y': 'two'}", r("={{ d }}"));
        assertEquals("=[1, 'a', None, True, 2.5]", r("={{ [1, 'a', None, True, 2.5] }}"));
        assertEquals("=[('x', 1), ('y', 'two')]", r("={{ d.items() | list }}"));
        assertEquals("=0.30000000000000004 1e+20 2.0", r("={{ 0.1 + 0.2 }} {{ 1e20 }} {{ 2.0 }}"));
        assertEquals("=it's", r("={{ \"it's\" }}"));
        assertEquals("=[\"it's\"]", r("={{ [\"it's\"] }}"));
    }

    @Test
    void filterThenTest_parses() {
        assertEquals(true, r("{{ l | length is divisibleby 3 }}"));
        assertEquals(true, r("{{ a == 1 and l | length is divisibleby(3) }}"));
        assertEquals(false, r("{{ l | map('string') | list | length is divisibleby 2 }}"));
        assertEquals(true, r("{{ d | default({}) | length is not divisibleby 3 }}"));
        assertEquals("a is b", r("{{ 'a is b' }}"));
    }

    @Test
    void pythonStringMethods_work() {
        assertEquals("HELLO WORLD", r("{{ s.upper() }}"));
        assertEquals("hello world", r("{{ s.lower() }}"));
        assertEquals(true, r("{{ s.startswith('He') }}"));
        assertEquals(true, r("{{ s.endswith(('x', 'ld')) }}"));
        assertEquals(List.of("Hello", "World"), r("{{ s.split() }}"));
        assertEquals(List.of("a", "b,c"), r("{{ 'a,b,c'.split(',', 1) }}"));
        assertEquals("x", r("{{ '  x  '.strip() }}"));
        assertEquals("x", r("{{ '--x--'.strip('-') }}"));
        assertEquals("HeLLo WorLd", r("{{ s.replace('l', 'L') }}"));
        assertEquals("1 x a", r("{{ '{} {} {name}'.format(1, 'x', name='a') }}"));
        assertEquals("007", r("{{ '{:03d}'.format(7) }}"));
        assertEquals("a-b", r("{{ '-'.join(['a', 'b']) }}"));
        assertEquals(3L, r("{{ s.lower().count('l') }}"));
        assertEquals("H", r("{{ s[0] }}"));
        assertEquals("el", r("{{ s[1:3] }}"));
    }

    @Test
    void dottedNumbers_indexLists() {
        assertEquals(1L, r("{{ l.0 }}"));
        assertEquals(3L, r("{{ [[1, 2], [3]].1.0 }}"));
        assertEquals("a1 a2 ", r("{% for item in [{'n': 'a', 'l': [1, 2]}] | subelements('l') %}{{ item.0.n }}"
                + "{{ item.1 }} {% endfor %}"));
        assertEquals(1.5, r("{{ 1.5 }}"));
        assertEquals("l.0", r("{{ 'l.0' }}"));
    }

    @Test
    void ifTag_usesPythonTruthiness() {
        Map<String, Object> v = vars();
        v.put("flag", "false");
        assertEquals("yes", T.renderText("{% if flag %}yes{% else %}no{% endif %}", v));
        assertEquals("no", T.renderText("{% if '' %}yes{% elif [] %}list{% else %}no{% endif %}", v));
        assertEquals("two", T.renderText("{% if 0 %}one{% elif 'x' %}two{% endif %}", v));
    }

    @Test
    void range_isNotTruncated() {
        assertEquals(5000L, r("{{ range(5000) | list | length }}"));
        assertEquals(List.of(1L, 4L, 7L), r("{{ range(1, 10, 3) | list }}"));
    }

    @Test
    void tildeConcatenates() {
        assertEquals("a1", r("{{ 'a' ~ 1 }}"));
    }

    @Test
    void backslashesInValueExpressions_areLiteral_asAnsibleEscapesThem() {
        // what a YAML double-quoted "regex_replace('(\\d)', '<\\1>')" hands over
        assertEquals("a<1>b", r("{{ 'a1b' | regex_replace('(\\d)', '<\\1>') }}"));
        assertEquals("a\\nb", r("{{ 'a\\nb' }}"));
    }

    @Test
    void pythonEscapesInTemplateFiles_areDecoded() {
        assertEquals("a\nb|a\\db\n", T.renderText("{{ 'a\\nb' }}|{{ 'a\\db' }}\n", vars()));
    }

    @Test
    void variablesHoldingTemplates_areTemplatedWhenRead() {
        Map<String, Object> v = vars();
        v.put("base", "/opt/{{ s | lower | replace(' ', '_') }}");
        v.put("bin", "{{ base }}/bin");
        v.put("paths", List.of("{{ bin }}", "/usr/bin"));
        v.put("port", "{{ 8000 + a }}");
        assertEquals("/opt/hello_world/bin", T.render("{{ bin }}", v));
        assertEquals(List.of("/opt/hello_world/bin", "/usr/bin"), T.render("{{ paths }}", v));
        assertEquals(8002L, T.render("{{ port + 1 }}", v));
        v.put("loop1", "{{ loop2 }}");
        v.put("loop2", "{{ loop1 }}");
        assertTrue(assertThrows(TemplateException.class, () -> T.render("{{ loop1 }}", v)).getMessage()
                .contains("recursive loop"));
    }

    @Test
    void variablesNamedLikeElKeywords_work() {
        Map<String, Object> v = vars();
        v.put("empty", "");
        v.put("mod", 3L);
        v.put("cfg", Map.of("empty", true, "lt", 1L));
        assertEquals("3", T.render("{{ mod }}", v).toString());
        assertEquals(true, T.render("{{ empty == '' and cfg.empty and cfg.lt == 1 }}", v));
        assertEquals(true, T.render("{{ 1 is lt 2 }}", v));
        assertFalse(T.evaluate("empty", v));
    }

    // ------------------------------------------------------------------ renderText

    @Test
    void renderText_trimsBlocksAndKeepsTrailingNewline() {
        String tpl = "{% for i in l %}\nline {{ i }}\n{% endfor %}\nend\n";
        assertEquals("line 1\nline 2\nline 3\nend\n", T.renderText(tpl, vars()));
    }

    @Test
    void renderText_doesNotStripLeadingBlockWhitespace_butHonoursMinus() {
        assertEquals("  x\n", T.renderText("  {% if true %}\nx\n{% endif %}\n", vars()).replace("  \n", "  "));
        assertEquals("ab", T.renderText("a  {%- if true %}b{% endif %}", vars()));
        assertEquals("a1", T.renderText("a {{- a }}", vars()));
    }

    @Test
    void renderText_printsNativeStructuresPythonLike() {
        assertEquals("{'x': 1, 'y': 'two'} True\n", T.renderText("{{ d }} {{ b }}\n", vars()));
    }

    @Test
    void renderText_errorsOnUndefined() {
        TemplateException e = assertThrows(TemplateException.class, () -> T.renderText("a\n{{ missing }}\n", vars()));
        assertTrue(e.getMessage().contains("'missing' is undefined"));
    }

    @Test
    void rawBlocks_areLeftAlone() {
        assertEquals("{{ not_rendered | x is y }}", T.renderText("{% raw %}{{ not_rendered | x is y }}{% endraw %}",
                vars()));
    }

    // ------------------------------------------------------------------ evaluate

    @Test
    void evaluate_usesAnsibleTruthiness() {
        assertTrue(T.evaluate("a == 1", vars()));
        assertTrue(T.evaluate("{{ a == 1 }}", vars()));
        assertFalse(T.evaluate("l | length > 5", vars()));
        assertFalse(T.evaluate("n", vars()));
        assertFalse(T.evaluate("[]", vars()));
        assertTrue(T.evaluate("s", vars()));
        assertTrue(T.evaluate("nope is not defined", vars()));
        assertTrue(T.evaluate("d.y == 'two' and b", vars()));
        assertThrows(TemplateException.class, () -> T.evaluate("nope", vars()));
        assertThrows(TemplateException.class, () -> T.evaluate("nope == 1", vars()));
    }

    @Test
    void evaluate_bareVariableHoldingAString_isTruthyLikeAnyString() {
        // ansible-core 2.14: `that: flag` with flag: "false" passes (the string is not re-evaluated)
        Map<String, Object> v = vars();
        v.put("flag", "false");
        v.put("empty", "");
        assertTrue(T.evaluate("flag", v));
        assertFalse(T.evaluate("empty", v));
    }

    @Test
    void evaluate_readsRegisteredResults() {
        Map<String, Object> v = vars();
        v.put("res", Map.of("changed", true, "failed", false, "rc", 0L));
        assertTrue(T.evaluate("res is changed", v));
        assertTrue(T.evaluate("res is succeeded and res.rc == 0", v));
        assertFalse(T.evaluate("res is failed", v));
        assertFalse(T.evaluate("res is skipped", v));
    }

    @Test
    void evaluateExpression_returnsNativeValues() {
        assertEquals(List.of(1L, 2L, 3L), T.evaluateExpression("l | map('int') | list", vars()));
        assertEquals("two", T.evaluateExpression("d.y", vars()));
        assertEquals(Map.of("x", 1L, "y", "two"), T.evaluateExpression("{{ d }}", vars()));
    }

    // ------------------------------------------------------------------ vars handling and threads

    @Test
    void hugeOrLazyVarMaps_areOnlyLookedUp_neverCopied() {
        Map<String, Object> lazy = new AbstractMap<>() {
            @Override
            public Set<Entry<String, Object>> entrySet() {
                throw new AssertionError("the vars map must not be iterated or copied");
            }

            @Override
            public boolean containsKey(Object key) {
                return "hostvars".equals(key) || "a".equals(key);
            }

            @Override
            public Object get(Object key) {
                return "a".equals(key) ? 1L : Map.of("web1", Map.of("ip", "10.0.0.1"));
            }
        };
        assertEquals("10.0.0.1/1", T.render("{{ hostvars['web1'].ip }}/{{ a }}", lazy));
        assertEquals(true, T.render("{{ nope is undefined }}", lazy));
    }

    @Test
    void oneTemplar_isSafeAcrossThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final long id = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        Map<String, Object> v = Map.of("id", id, "i", (long) i);
                        if (!(id + "-" + i).equals(T.render("{{ id }}-{{ i }}", v))
                                || !Long.valueOf(id * 1000 + i).equals(T.render("{{ id * 1000 + i }}", v))) {
                            return false;
                        }
                        assertThrows(TemplateException.class, () -> T.render("{{ nope }}", v));
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : futures) {
                assertTrue(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rendering_isCheap() {
        Map<String, Object> v = vars();
        for (int i = 0; i < 2000; i++) {
            T.render("{{ a }}/x", v);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            T.render("{{ a }}/x", v);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5_000, "10k renders took " + ms + " ms");
    }
}
