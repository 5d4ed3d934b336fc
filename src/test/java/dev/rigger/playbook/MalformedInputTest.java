package dev.rigger.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.RiggerException;
import dev.rigger.inventory.Inventory;
import dev.rigger.module.ModuleRegistry;
import dev.rigger.template.Templar;
import dev.rigger.template.TemplateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of malformed input is refused while loading, before any host is contacted, and each problem names
 * file:line:column. (Run-time problems, undefined variables and a missing template file, are in
 * {@code dev.rigger.cli.MalformedInputCliTest}.)
 */
class MalformedInputTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private PlaybookException fails(Path p) {
        return assertThrows(PlaybookException.class,
                () -> new PlaybookLoader(ModuleRegistry.standard(), List.of()).load(p));
    }

    /** The one problem is at file:line:col and its message holds {@code text}. */
    private static void problemAt(PlaybookException e, Path file, int line, int col, String text) {
        assertEquals(1, e.problems().size(), e.getMessage());
        RiggerException p = e.problems().get(0);
        String d = p.describe();
        assertTrue(d.contains(file + ":" + line + ":" + col), "names " + file + ":" + line + ":" + col + ": " + d);
        assertTrue(d.contains(text), d);
    }

    @Test
    void yamlSyntaxError_namesFileLineColumn() throws IOException {
        Path p = write("pb.yml", "- hosts: all\n  tasks:\n    - debug: {msg: hi\n");
        PlaybookException e = fails(p);
        assertTrue(e.getMessage().contains("YAML syntax error"), e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*" + java.util.regex.Pattern.quote(p.toString()) + ":\\d+:\\d+.*"),
                e.getMessage());
    }

    @Test
    void tasksGivenAsAString_isAWrongType() throws IOException {
        Path p = write("pb.yml", "- hosts: all\n  tasks: \"a string\"\n");
        problemAt(fails(p), p, 2, 3, "expected a list of tasks, found");
    }

    @Test
    void whenGivenAMapping_isAWrongType() throws IOException {
        Path p = write("pb.yml", "- hosts: all\n  tasks:\n    - debug: msg=hi\n      when: {a: b}\n");
        problemAt(fails(p), p, 4, 7, "'when' must be a condition");
    }

    @Test
    void unknownTaskKey_suggestsTheRightOne() throws IOException {
        Path p = write("pb.yml", "- hosts: all\n  tasks:\n    - debug: msg=hi\n      regster: out\n");
        problemAt(fails(p), p, 4, 7, "did you mean 'register'?");
    }

    @Test
    void unknownModule_isNamed() throws IOException {
        Path p = write("pb.yml", "- hosts: all\n  tasks:\n    - frobnicate: a=b\n");
        problemAt(fails(p), p, 3, 7, "couldn't resolve module/action 'frobnicate'");
    }

    @Test
    void missingRole_isNamed() throws IOException {
        Path p = write("pb.yml", "- hosts: all\n  roles:\n    - no_such_role\n");
        PlaybookException e = fails(p);
        assertTrue(e.getMessage().contains("no_such_role"), e.getMessage());
        assertTrue(e.getMessage().contains(p + ":3:"), e.getMessage());
    }

    @Test
    void missingImportedTaskFile_isNamed() throws IOException {
        Path p = write("pb.yml", "- hosts: all\n  tasks:\n    - import_tasks: nowhere.yml\n");
        PlaybookException e = fails(p);
        assertTrue(e.getMessage().contains("nowhere.yml"), e.getMessage());
        assertTrue(e.getMessage().contains(p + ":3:"), e.getMessage());
    }

    @Test
    void unclosedExpressionInAnArgument_isFoundAtLoad() throws IOException {
        Path p = write("pb.yml", "- hosts: all\n  tasks:\n    - debug:\n        msg: \"{{ foo }\"\n");
        problemAt(fails(p), p, 4, 9, "'{{' at character 1 is never closed with '}}'");
    }

    @Test
    void unclosedIfBlockInAnArgument_isFoundAtLoad() throws IOException {
        Path p = write("pb.yml", "- hosts: all\n  tasks:\n    - debug:\n        msg: \"{% if x %}yes\"\n");
        problemAt(fails(p), p, 4, 9, "template syntax error");
    }

    @Test
    void badExpressionSyntax_inNameLoopAndWhen_isFoundAtLoad() throws IOException {
        Path p = write("pb.yml", """
                - hosts: all
                  tasks:
                    - name: "hello {{ a + }}"
                      debug: msg=hi
                    - debug: msg={{ item }}
                      loop: "{{ [1, 2 }}"
                    - debug: msg=hi
                      when: x ==
                """);
        PlaybookException e = fails(p);
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).describe().contains(p + ":3:7"), e.getMessage());
        assertTrue(e.problems().get(1).describe().contains(p + ":6:7"), e.getMessage());
        assertTrue(e.problems().get(2).describe().contains(p + ":8:7"), e.getMessage());
        assertTrue(e.problems().get(2).describe().contains("in 'when'"), e.getMessage());
    }

    @Test
    void validJinja_passesTheLoadTimeCheck() throws IOException {
        Path p = write("pb.yml", """
                - hosts: all
                  tasks:
                    - name: "{{ a | default('x') }} and {% if b is defined %}{{ b }}{% else %}none{% endif %}"
                      debug:
                        msg: "{{ lookup('env', 'HOME') }} {{ {'k': [1, 2]} | to_json }} {# note #}"
                      when: a is defined and (b | int) > 3 or 'x' in c
                      loop: "{{ range(3) | list }}"
                    - shell: "echo {% raw %}{{ not jinja }}{% endraw %}"
                """);
        Playbook pb = new PlaybookLoader(ModuleRegistry.standard(), List.of()).load(p);
        assertEquals(1, pb.plays().size());
    }

    @Test
    void templarCheckSyntax_parsesWithoutRenderingOrResolvingNames() {
        Templar t = new Templar();
        t.checkSyntax("{{ undefined_var | no_such_filter }}");
        t.checkSyntax("plain text with } and {");
        t.checkExpressionSyntax("undefined_var is defined");
        assertThrows(TemplateException.class, () -> t.checkSyntax("{{ foo }"));
        assertThrows(TemplateException.class, () -> t.checkSyntax("{% if x %}"));
        assertThrows(TemplateException.class, () -> t.checkSyntax("a {{ 1 + }} b"));
        assertThrows(TemplateException.class, () -> t.checkSyntax("{# never closed"));
        assertThrows(TemplateException.class, () -> t.checkExpressionSyntax("x =="));
    }

    @Test
    void circularRoleDependencies_areNamed() throws IOException {
        write("roles/a/meta/main.yml", "dependencies: [b]\n");
        write("roles/a/tasks/main.yml", "- debug: msg=a\n");
        write("roles/b/meta/main.yml", "dependencies: [a]\n");
        write("roles/b/tasks/main.yml", "- debug: msg=b\n");
        Path p = write("pb.yml", "- hosts: all\n  roles: [a]\n");
        PlaybookException e = fails(p);
        assertTrue(e.getMessage().toLowerCase().contains("circular") || e.getMessage().contains("recurs"),
                e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*\\.yml:\\d+:\\d+.*"), e.getMessage());
    }

    @Test
    void circularIncludes_areNamed() throws IOException {
        write("a.yml", "- import_tasks: b.yml\n");
        write("b.yml", "- import_tasks: a.yml\n");
        Path p = write("pb.yml", "- hosts: all\n  tasks:\n    - import_tasks: a.yml\n");
        PlaybookException e = fails(p);
        assertTrue(e.getMessage().toLowerCase().contains("circular") || e.getMessage().contains("recurs"),
                e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*\\.yml:\\d+:\\d+.*"), e.getMessage());
    }

    @Test
    void inventoryError_namesFileLineColumn() throws IOException {
        Path inv = write("inv.yml", "all:\n  hosts:\n    web1:\n      ansible_port: [1, 2]\n  childs: {}\n");
        RiggerException e = assertThrows(RiggerException.class, () -> Inventory.load(List.of(inv.toString())));
        assertTrue(e.describe().matches("(?s).*" + java.util.regex.Pattern.quote(inv.toString()) + ":\\d+:\\d+.*"),
                e.describe());
    }
}
