package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyModuleTest {
    @TempDir
    Path dir;
    @TempDir
    Path controller;

    private final CopyModule copy = new CopyModule();

    @Test
    void copy_content_changesOnceThenReportsOk() throws Exception {
        Path dest = dir.resolve("conf.txt");
        Map<String, Object> args = Map.of("content", "hello\n", "dest", dest.toString(), "mode", "0640");
        ModuleResult r = Scenario.changesOnceThenOk(copy, args, dir, controller);
        assertEquals("hello\n", Files.readString(dest));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest)));
        assertEquals("f572d396fae9206628714fb2ce00f72e94f2258f", r.data().get("checksum"));
        assertEquals("0640", r.data().get("mode"));
        assertEquals("file", r.data().get("state"));
        assertEquals(6L, r.data().get("size"));
    }

    @Test
    void copy_unchangedFile_costsOneRoundTrip() throws Exception {
        Path dest = dir.resolve("a");
        Files.writeString(dest, "same\n");
        TestContext ctx = TestContext.normal(controller);
        ModuleResult r = copy.run(Map.of("content", "same\n", "dest", dest.toString()), ctx);
        assertEquals(ModuleResult.Status.OK, r.status());
        assertEquals(1, ctx.roundTrips());
    }

    @Test
    void copy_changedExistingFile_costsTwoRoundTrips() throws Exception {
        Path dest = dir.resolve("a");
        Files.writeString(dest, "old\n");
        TestContext ctx = TestContext.normal(controller);
        ModuleResult r = copy.run(Map.of("content", "new\n", "dest", dest.toString()), ctx);
        assertEquals(ModuleResult.Status.CHANGED, r.status());
        assertEquals(2, ctx.roundTrips());
        assertEquals("new\n", Files.readString(dest));
        assertEquals(System.getProperty("user.name"), r.data().get("owner"));
    }

    @Test
    void copy_diffMode_showsBeforeAndAfterContent() throws Exception {
        Path dest = dir.resolve("a");
        Files.writeString(dest, "old\n");
        ModuleResult r = copy.run(Map.of("content", "new\n", "dest", dest.toString()), TestContext.diff(controller));
        assertEquals(ModuleResult.Status.CHANGED, r.status());
        assertEquals(1, r.diffs().size());
        assertEquals("old\n", r.diffs().get(0).before());
        assertEquals("new\n", r.diffs().get(0).after());
        assertEquals(dest.toString(), r.diffs().get(0).beforeHeader());
    }

    @Test
    void copy_binaryContent_hasNoDiff() throws Exception {
        Path src = controller.resolve("files");
        Files.createDirectories(src);
        Files.write(src.resolve("bin"), new byte[] {1, 0, 2});
        ModuleResult r = copy.run(Map.of("src", "bin", "dest", dir + "/"), TestContext.diff(controller));
        assertEquals(ModuleResult.Status.CHANGED, r.status());
        assertTrue(r.diffs().isEmpty());
        assertEquals(3, Files.size(dir.resolve("bin")));
    }

    @Test
    void copy_srcIntoExistingDirectory_usesBasename() throws Exception {
        Files.createDirectories(controller.resolve("files"));
        Files.writeString(controller.resolve("files/app.conf"), "x=1\n");
        Map<String, Object> args = Map.of("src", "app.conf", "dest", dir.toString());
        ModuleResult r = Scenario.changesOnceThenOk(copy, args, dir, controller);
        assertEquals("x=1\n", Files.readString(dir.resolve("app.conf")));
        assertEquals(dir.resolve("app.conf").toString(), r.data().get("dest"));
    }

    @Test
    void copy_directoryRecursively_changesOnceThenOk() throws Exception {
        Path tree = controller.resolve("files/tree");
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("a"), "A");
        Files.writeString(tree.resolve("sub/b"), "B");
        Scenario.changesOnceThenOk(copy, Map.of("src", "tree", "dest", dir.toString()), dir, controller);
        assertEquals("A", Files.readString(dir.resolve("tree/a")));
        assertEquals("B", Files.readString(dir.resolve("tree/sub/b")));
        TestContext ctx = TestContext.normal(controller);
        assertEquals(ModuleResult.Status.OK, copy.run(Map.of("src", "tree", "dest", dir.toString()), ctx).status());
        assertEquals(1, ctx.roundTrips(), "an unchanged tree is one round trip");
        Files.writeString(dir.resolve("tree/sub/b"), "changed");
        ModuleResult d = copy.run(Map.of("src", "tree/", "dest", dir.resolve("tree").toString()),
                TestContext.diff(controller));
        assertEquals(ModuleResult.Status.CHANGED, d.status());
        assertEquals("changed", d.diffs().get(0).before());
        assertEquals("B", Files.readString(dir.resolve("tree/sub/b")));
    }

    @Test
    void copy_modeOnlyChange_isChangedWithoutRewritingContent() throws Exception {
        Path dest = dir.resolve("m");
        Files.writeString(dest, "m");
        Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rw-r--r--"));
        ModuleResult r = Scenario.changesOnceThenOk(copy, Map.of("content", "m", "dest", dest.toString(), "mode",
                "u+x"), dir, controller);
        assertEquals("0744", r.data().get("mode"));
    }

    @Test
    void copy_destWithTrailingSlash_createsDirectories() throws Exception {
        Files.createDirectories(controller.resolve("files"));
        Files.writeString(controller.resolve("files/x.conf"), "x\n");
        Map<String, Object> args = Map.of("src", "x.conf", "dest", dir + "/new/deeper/", "directory_mode", "0750");
        Scenario.changesOnceThenOk(copy, args, dir, controller);
        assertEquals("x\n", Files.readString(dir.resolve("new/deeper/x.conf")));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("new"))));
    }

    @Test
    void copy_dictContent_isWrittenAsJson() throws Exception {
        Map<String, Object> content = new java.util.LinkedHashMap<>();
        content.put("a", 1);
        content.put("b", java.util.List.of("x", true));
        copy.run(Map.of("content", content, "dest", dir.resolve("j").toString()), TestContext.normal(controller));
        assertEquals("{\"a\": 1, \"b\": [\"x\", true]}", Files.readString(dir.resolve("j")));
    }

    @Test
    void copy_forceNo_leavesExistingFile() throws Exception {
        Path dest = dir.resolve("keep");
        Files.writeString(dest, "mine");
        ModuleResult r = copy.run(Map.of("content", "theirs", "dest", dest.toString(), "force", "no"),
                TestContext.normal(controller));
        assertEquals(ModuleResult.Status.OK, r.status());
        assertEquals("mine", Files.readString(dest));
    }

    @Test
    void copy_validateRejects_leavesTargetAndNoTempFile() throws Exception {
        Path dest = dir.resolve("v");
        Files.writeString(dest, "good");
        ModuleResult r = copy.run(Map.of("content", "bad", "dest", dest.toString(), "validate", "grep -q good %s"),
                TestContext.normal(controller));
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertTrue(String.valueOf(r.data().get("msg")).startsWith("failed to validate"));
        assertEquals("good", Files.readString(dest));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
        ModuleResult ok = copy.run(Map.of("content", "good2", "dest", dest.toString(), "validate", "grep -q good %s"),
                TestContext.normal(controller));
        assertEquals(ModuleResult.Status.CHANGED, ok.status());
        assertEquals("good2", Files.readString(dest));
    }

    @Test
    void copy_backup_keepsOldContent() throws Exception {
        Path dest = dir.resolve("b");
        Files.writeString(dest, "old");
        ModuleResult r = copy.run(Map.of("content", "new", "dest", dest.toString(), "backup", true),
                TestContext.normal(controller));
        String backup = (String) r.data().get("backup_file");
        assertTrue(backup.matches(".*/b\\.\\d+\\.\\d{4}-\\d\\d-\\d\\d@\\d\\d:\\d\\d:\\d\\d~"), backup);
        assertEquals("old", Files.readString(Path.of(backup)));
    }

    @Test
    void copy_missingDestDirectory_failsClearly() throws Exception {
        ModuleResult r = copy.run(Map.of("content", "x", "dest", dir.resolve("nope/f").toString()),
                TestContext.normal(controller));
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertEquals("Destination directory " + dir.resolve("nope") + " does not exist", r.data().get("msg"));
    }

    @Test
    void copy_remoteSrc_changesOnceThenOk() throws Exception {
        Path src = dir.resolve("src.txt");
        Files.writeString(src, "remote");
        Map<String, Object> args = new HashMap<>(Map.of("src", src.toString(), "dest", dir.resolve("dst.txt").toString(),
                "remote_src", true));
        Scenario.changesOnceThenOk(copy, args, dir, controller);
        assertEquals("remote", Files.readString(dir.resolve("dst.txt")));
    }

    @Test
    void copy_remoteSrcDirectory_copiesTreeOnceThenOk() throws Exception {
        Path src = dir.resolve("tree");
        Files.createDirectories(src.resolve("sub"));
        Files.writeString(src.resolve("sub/f"), "f");
        Path dest = dir.resolve("out");
        Scenario.changesOnceThenOk(copy, Map.of("src", src.toString(), "dest", dest + "/", "remote_src", true), dir,
                controller);
        assertEquals("f", Files.readString(dest.resolve("tree/sub/f")));
    }

    @Test
    void copy_contentAndSrc_areMutuallyExclusive() throws Exception {
        ModuleResult r = copy.run(Map.of("content", "x", "src", "y", "dest", "/tmp/x"), TestContext.normal(controller));
        assertEquals("src and content are mutually exclusive", r.data().get("msg")); // Ansible's words
        assertFalse(r.changed());
    }
}
