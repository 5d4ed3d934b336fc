package dev.rigger.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LookupsTest {
    @TempDir
    Path playbookDir;
    Map<String, Object> vars;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(playbookDir.resolve("files"));
        Files.createDirectories(playbookDir.resolve("templates"));
        Files.writeString(playbookDir.resolve("files/motd.txt"), "hello\n\n");
        Files.writeString(playbookDir.resolve("files/b.conf"), "b");
        Files.writeString(playbookDir.resolve("files/a.conf"), "a");
        Files.writeString(playbookDir.resolve("templates/t.j2"), "{% for i in items %}\n{{ i }}-{{ who }}\n{% endfor %}\n");
        vars = new LinkedHashMap<>(TemplarTest.vars());
        vars.put("playbook_dir", playbookDir.toString());
        vars.put("items", List.of(1L, 2L));
        vars.put("who", "me");
    }

    Object r(String template) {
        return TemplarTest.T.render(template, vars);
    }

    @Test
    void env_readsControllerEnvironment() {
        assertEquals(System.getenv("PATH"), r("{{ lookup('env', 'PATH') }}"));
        assertEquals("", r("{{ lookup('env', 'RIGGER_SURELY_UNSET_VAR') }}"));
        assertEquals("dflt", r("{{ lookup('env', 'RIGGER_SURELY_UNSET_VAR', default='dflt') }}"));
    }

    @Test
    void file_readsFromPlaybookFilesDir_rstripped() {
        assertEquals("hello", r("{{ lookup('file', 'motd.txt') }}"));
        assertEquals("hello", r("{{ lookup('file', '" + playbookDir.resolve("files/motd.txt") + "') }}"));
        assertEquals("a,b", r("{{ lookup('file', 'a.conf', 'b.conf') }}"));
        assertTrue(assertThrows(TemplateException.class, () -> r("{{ lookup('file', 'missing.txt') }}")).getMessage()
                .contains("missing.txt"));
        assertEquals(List.of(), r("{{ query('file', 'missing.txt', errors='ignore') }}"));
    }

    @Test
    void template_rendersWithCurrentVars() {
        assertEquals("1-me\n2-me\n", r("{{ lookup('template', 't.j2') }}"));
        assertEquals("1-you\n2-you\n", r("{{ lookup('template', 't.j2', template_vars={'who': 'you'}) }}"));
    }

    @Test
    void include_findsTemplatesNextToThePlaybook() throws Exception {
        Files.writeString(playbookDir.resolve("templates/part.j2"), "part {{- ' ' ~ who }}\n");
        assertEquals("head\npart me\ntail\n", TemplarTest.T.renderText("head\n{% include 'part.j2' %}tail\n", vars));
        TemplateException e = assertThrows(TemplateException.class,
                () -> TemplarTest.T.renderText("{% include 'nope.j2' %}", vars));
        assertTrue(e.getMessage().contains("nope.j2"), e.getMessage());
    }

    @Test
    void vars_pipe_fileglob_firstFound() {
        assertEquals(1L, r("{{ lookup('vars', 'a') }}"));
        assertEquals("d", r("{{ lookup('vars', 'nope', default='d') }}"));
        assertEquals("hi there", r("{{ lookup('pipe', 'echo hi there') }}"));
        assertThrows(TemplateException.class, () -> r("{{ lookup('pipe', 'exit 3') }}"));
        assertEquals(List.of(playbookDir.resolve("files/a.conf").toString(), playbookDir.resolve("files/b.conf").toString()),
                r("{{ query('fileglob', '*.conf') }}"));
        assertEquals(playbookDir.resolve("files/b.conf").toString(),
                r("{{ lookup('first_found', ['nope.conf', 'b.conf', 'a.conf']) }}"));
        assertEquals(playbookDir.resolve("files/a.conf").toString(),
                r("{{ lookup('first_found', {'files': ['x.conf', 'a.conf']}) }}"));
        assertThrows(TemplateException.class, () -> r("{{ lookup('first_found', ['nope.conf']) }}"));
        assertEquals(List.of(), r("{{ query('first_found', ['nope.conf'], skip=True) }}"));
    }

    @Test
    void itemsAndFlattened_andQueryAlwaysGivesLists() {
        assertEquals(List.of(1L, List.of(2L)), r("{{ q('items', [1, [2]]) }}"));
        assertEquals(List.of(1L, 2L, 3L), r("{{ query('flattened', [1, [2, [3]]]) }}"));
        assertEquals(List.of("hello"), r("{{ query('file', 'motd.txt') }}"));
        assertEquals(List.of("hello"), r("{{ lookup('file', 'motd.txt', wantlist=True) }}"));
    }

    @Test
    void dictFunction_buildsMaps() {
        assertEquals(Map.of("a", 1L, "b", 2L), r("{{ dict(a=1, b=2) }}"));
        assertEquals(Map.of("k", "v"), r("{{ dict([['k', 'v']]) }}"));
        assertEquals(Map.of("x", 1L, "y", 2L), r("{{ dict(['x', 'y'] | zip([1, 2])) }}"));
    }
}
