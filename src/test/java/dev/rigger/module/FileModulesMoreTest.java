package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** template, stat, find, tempfile and the group registration. */
class FileModulesMoreTest {
    @TempDir
    Path dir;
    @TempDir
    Path controller;

    @Test
    void groups_registerEveryModuleByName() {
        ModuleRegistry reg = new ModuleRegistry(new java.util.ArrayList<Module>() {
            {
                addAll(FileModules.all());
                addAll(CommandModules.all());
            }
        });
        assertEquals(Set.of("copy", "template", "file", "lineinfile", "blockinfile", "stat", "get_url", "unarchive",
                "tempfile", "find", "command", "shell", "raw", "wait_for"), reg.names());
        assertEquals("path", reg.find("ansible.builtin.file").spec().canonical("dest"));
        assertEquals("path", reg.find("lineinfile").spec().canonical("destfile"));
        assertEquals("_raw_params", reg.find("shell").spec().canonical("_raw_params"));
    }

    @Test
    void template_rendersVarsAndAnsibleManaged_thenOk() throws Exception {
        Files.createDirectories(controller.resolve("templates"));
        Files.writeString(controller.resolve("templates/app.conf.j2"), "# {{ ansible_managed }}\nport={{ port }}\n");
        Map<String, Object> args = Map.of("src", "app.conf.j2", "dest", dir.resolve("app.conf").toString(),
                "mode", "0600");
        Map<String, Object> vars = Map.of("port", 8080);
        TestContext check = new TestContext(true, true, controller, vars);
        Map<String, String> before = Scenario.snapshot(dir);
        ModuleResult predicted = Scenario.run(new TemplateModule(), args, check);
        assertEquals(ModuleResult.Status.CHANGED, predicted.status());
        assertEquals(before, Scenario.snapshot(dir));
        assertEquals("# Ansible managed\nport=8080\n", predicted.diffs().get(0).after());
        assertEquals(controller.resolve("templates/app.conf.j2").toString(), predicted.diffs().get(0).afterHeader());
        TestContext normal = new TestContext(false, false, controller, vars);
        assertEquals(ModuleResult.Status.CHANGED, Scenario.run(new TemplateModule(), args, normal).status());
        assertEquals("# Ansible managed\nport=8080\n", Files.readString(dir.resolve("app.conf")));
        TestContext again = new TestContext(false, false, controller, vars);
        assertEquals(ModuleResult.Status.OK, Scenario.run(new TemplateModule(), args, again).status());
        assertEquals(1, again.roundTrips());
    }

    @Test
    void stat_reportsFileFactsAndChecksum() throws Exception {
        Path f = dir.resolve("f");
        Files.writeString(f, "hello\n");
        Files.createSymbolicLink(dir.resolve("l"), f);
        TestContext ctx = TestContext.check(dir);
        ModuleResult r = Scenario.run(new StatModule(), Map.of("path", f.toString()), ctx);
        assertEquals(ModuleResult.Status.OK, r.status());
        assertEquals(1, ctx.roundTrips());
        @SuppressWarnings("unchecked")
        Map<String, Object> st = (Map<String, Object>) r.data().get("stat");
        assertEquals(true, st.get("exists"));
        assertEquals(true, st.get("isreg"));
        assertEquals(false, st.get("isdir"));
        assertEquals(6L, st.get("size"));
        assertEquals("f572d396fae9206628714fb2ce00f72e94f2258f", st.get("checksum"));
        assertEquals(System.getProperty("user.name"), st.get("pw_name"));
        assertTrue(st.get("mtime") instanceof Double);
        assertEquals(true, st.get("readable"));
        @SuppressWarnings("unchecked")
        Map<String, Object> link = (Map<String, Object>) Scenario.run(new StatModule(),
                Map.of("path", dir.resolve("l").toString()), TestContext.normal(dir)).data().get("stat");
        assertEquals(true, link.get("islnk"));
        assertEquals(f.toString(), link.get("lnk_target"));
        @SuppressWarnings("unchecked")
        Map<String, Object> missing = (Map<String, Object>) Scenario.run(new StatModule(),
                Map.of("path", dir.resolve("nope").toString()), TestContext.normal(dir)).data().get("stat");
        assertEquals(Map.of("exists", false), missing);
    }

    @Test
    void find_patternsExcludesHiddenContainsRecurse() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("a.log"), "error: x\n");
        Files.writeString(dir.resolve("b.log"), "fine\n");
        Files.writeString(dir.resolve(".c.log"), "error\n");
        Files.writeString(dir.resolve("d.txt"), "error\n");
        Files.writeString(dir.resolve("sub/e.log"), "error\n");
        FindModule find = new FindModule();
        assertEquals(Set.of("a.log", "b.log"), names(Scenario.run(find, Map.of("paths", dir.toString(),
                "patterns", "*.log"), TestContext.check(dir))));
        assertEquals(Set.of("a.log", "b.log", ".c.log", "e.log"), names(Scenario.run(find, Map.of("paths",
                dir.toString(), "patterns", List.of("*.log"), "hidden", true, "recurse", true),
                TestContext.normal(dir))));
        assertEquals(Set.of("a.log", "e.log"), names(Scenario.run(find, Map.of("paths", dir.toString(),
                "patterns", "*.log", "recurse", true, "contains", "error"), TestContext.normal(dir))));
        assertEquals(Set.of("b.log", "d.txt"), names(Scenario.run(find, Map.of("paths", dir.toString(),
                "excludes", "a*", "patterns", "*"), TestContext.normal(dir))));
        assertEquals(Set.of("sub"), names(Scenario.run(find, Map.of("paths", dir.toString(), "file_type",
                "directory"), TestContext.normal(dir))));
        assertEquals(Set.of("a.log", "b.log"), names(Scenario.run(find, Map.of("paths", dir.toString(),
                "patterns", "[ab]\\.", "use_regex", true), TestContext.normal(dir))));
        ModuleResult r = Scenario.run(find, Map.of("paths", List.of(dir.toString(), dir.resolve("nope").toString())),
                TestContext.normal(dir));
        assertEquals(3, r.data().get("matched"));
        assertEquals(5, r.data().get("examined"));
        assertTrue(((Map<?, ?>) r.data().get("skipped_paths")).containsKey(dir.resolve("nope").toString()));
        ModuleResult sized = Scenario.run(find, Map.of("paths", dir.toString(), "size", "9", "age", "-1d",
                "get_checksum", true), TestContext.normal(dir));
        assertEquals(Set.of("a.log"), names(sized));
        @SuppressWarnings("unchecked")
        Map<String, Object> one = ((List<Map<String, Object>>) sized.data().get("files")).get(0);
        assertNotNull(one.get("checksum"));
        assertTrue(String.valueOf(one.get("mode")).matches("0[0-7]{3}"));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> names(ModuleResult r) {
        return ((List<Map<String, Object>>) r.data().get("files")).stream()
                .map(m -> Path.of((String) m.get("path")).getFileName().toString()).collect(Collectors.toSet());
    }

    @Test
    void tempfile_createsFileOrDirectory_andSkipsInCheckMode() throws Exception {
        TempfileModule t = new TempfileModule();
        ModuleResult f = Scenario.run(t, Map.of("path", dir.toString(), "prefix", "x.", "suffix", ".tmp"),
                TestContext.normal(dir));
        assertEquals(ModuleResult.Status.CHANGED, f.status());
        String p = (String) f.data().get("path");
        assertTrue(Files.isRegularFile(Path.of(p)));
        assertTrue(Path.of(p).getFileName().toString().matches("x\\.\\w{8}\\.tmp"));
        assertEquals("0600", f.data().get("mode"));
        assertEquals(0L, f.data().get("size"));
        ModuleResult d = Scenario.run(t, Map.of("path", dir.toString(), "state", "directory"), TestContext.normal(dir));
        assertTrue(Files.isDirectory(Path.of((String) d.data().get("path"))));
        Map<String, String> before = Scenario.snapshot(dir);
        assertEquals(ModuleResult.Status.SKIPPED, Scenario.run(t, new HashMap<>(Map.of("path", dir.toString())),
                TestContext.check(dir)).status());
        assertEquals(before, Scenario.snapshot(dir));
        assertFalse(before.isEmpty());
    }
}
