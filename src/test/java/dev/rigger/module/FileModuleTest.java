package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileModuleTest {
    @TempDir
    Path dir;

    private final FileModule file = new FileModule();

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void file_directoryWithParents_changesOnceThenOk() throws Exception {
        Path d = dir.resolve("a/b/c");
        ModuleResult r = Scenario.changesOnceThenOk(file, Map.of("path", d.toString(), "state", "directory", "mode",
                "0750"), dir, dir);
        assertTrue(Files.isDirectory(d));
        assertEquals("rwxr-x---", perms(d));
        assertEquals("rwxr-x---", perms(dir.resolve("a")));
        assertEquals("directory", r.data().get("state"));
        assertEquals("0750", r.data().get("mode"));
    }

    @Test
    void file_unchangedDirectory_costsOneRoundTrip() throws Exception {
        TestContext ctx = TestContext.normal(dir);
        ModuleResult r = file.run(Map.of("path", dir.toString(), "state", "directory"), ctx);
        assertEquals(ModuleResult.Status.OK, r.status());
        assertEquals(1, ctx.roundTrips());
    }

    @Test
    void file_symbolicMode_isAppliedOnceThenOk() throws Exception {
        Path f = dir.resolve("f");
        Files.writeString(f, "x");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        Scenario.changesOnceThenOk(file, Map.of("path", f.toString(), "mode", "u+x,g-r"), dir, dir);
        assertEquals("rwx---r--", perms(f));
    }

    @Test
    void file_diffMode_showsStateJson() throws Exception {
        Path f = dir.resolve("gone");
        Files.writeString(f, "x");
        ModuleResult r = file.run(Map.of("path", f.toString(), "state", "absent"), TestContext.diff(dir));
        assertEquals(ModuleResult.Status.CHANGED, r.status());
        assertEquals("{\n    \"path\": \"" + f + "\",\n    \"state\": \"file\"\n}\n", r.diffs().get(0).before());
        assertEquals("{\n    \"path\": \"" + f + "\",\n    \"state\": \"absent\"\n}\n", r.diffs().get(0).after());
    }

    @Test
    void file_absent_removesTreeOnceThenOk() throws Exception {
        Path d = dir.resolve("tree");
        Files.createDirectories(d.resolve("x/y"));
        Files.writeString(d.resolve("x/y/z"), "z");
        Scenario.changesOnceThenOk(file, Map.of("path", d.toString(), "state", "absent"), dir, dir);
        assertFalse(Files.exists(d));
    }

    @Test
    void file_link_createsRetargetsThenOk() throws Exception {
        Files.writeString(dir.resolve("target1"), "1");
        Files.writeString(dir.resolve("target2"), "2");
        Path l = dir.resolve("l");
        Scenario.changesOnceThenOk(file, Map.of("path", l.toString(), "state", "link", "src", "target1"), dir, dir);
        assertEquals("target1", Files.readSymbolicLink(l).toString());
        ModuleResult r = Scenario.changesOnceThenOk(file, Map.of("path", l.toString(), "state", "link", "src",
                dir.resolve("target2").toString()), dir, dir);
        assertEquals(dir.resolve("target2"), Files.readSymbolicLink(l));
        assertEquals(dir.resolve("target2").toString(), r.data().get("src"));
    }

    @Test
    void file_linkToMissingSrc_withoutForce_fails() throws Exception {
        ModuleResult r = file.run(Map.of("path", dir.resolve("l").toString(), "state", "link", "src", "nope"),
                TestContext.normal(dir));
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertEquals("src file does not exist, use \"force=yes\" if you really want to create the link: " + dir
                + "/nope", r.data().get("msg"));
    }

    @Test
    void file_linkOverFile_needsForce() throws Exception {
        Files.writeString(dir.resolve("t"), "t");
        Path f = dir.resolve("f");
        Files.writeString(f, "f");
        ModuleResult r = file.run(Map.of("path", f.toString(), "state", "link", "src", "t"), TestContext.normal(dir));
        assertEquals("refusing to convert from file to symlink for " + f, r.data().get("msg"));
        ModuleResult forced = file.run(Map.of("path", f.toString(), "state", "link", "src", "t", "force", "yes"),
                TestContext.normal(dir));
        assertEquals(ModuleResult.Status.CHANGED, forced.status());
        assertTrue(Files.isSymbolicLink(f));
    }

    @Test
    void file_linkOverDirectory_messagesMatchAnsible() throws Exception {
        Path d = dir.resolve("d");
        Files.createDirectories(d);
        Files.writeString(d.resolve("in"), "x");
        assertEquals("src file does not exist, use \"force=yes\" if you really want to create the link: " + d + "/f",
                file.run(Map.of("path", d.toString(), "state", "link", "src", "f"), TestContext.normal(dir))
                        .data().get("msg"));
        ModuleResult forced = file.run(Map.of("path", d.toString(), "state", "link", "src", "f", "force", true),
                TestContext.check(dir));
        assertEquals("the directory " + d + " is not empty, refusing to convert it", forced.data().get("msg"));
        assertEquals("directory", forced.data().get("state"));
        Files.delete(d.resolve("in"));
        Scenario.changesOnceThenOk(file, Map.of("path", d.toString(), "state", "link", "src", "elsewhere", "force",
                true), dir, dir);
        assertEquals("elsewhere", Files.readSymbolicLink(d).toString());
    }

    @Test
    void file_hardLink_changesOnceThenOk() throws Exception {
        Path src = dir.resolve("src");
        Files.writeString(src, "s");
        Path h = dir.resolve("h");
        Scenario.changesOnceThenOk(file, Map.of("path", h.toString(), "state", "hard", "src", src.toString()), dir,
                dir);
        assertEquals(Files.getAttribute(src, "unix:ino"), Files.getAttribute(h, "unix:ino"));
    }

    @Test
    void file_touch_createsThenIsAlwaysChanged_unlessPreserved() throws Exception {
        Path t = dir.resolve("t");
        ModuleResult check = file.run(Map.of("path", t.toString(), "state", "touch"), TestContext.check(dir));
        assertEquals(ModuleResult.Status.CHANGED, check.status());
        assertFalse(Files.exists(t));
        assertEquals(ModuleResult.Status.CHANGED, file.run(Map.of("path", t.toString(), "state", "touch", "mode",
                "0600"), TestContext.normal(dir)).status());
        assertEquals("rw-------", perms(t));
        assertEquals(ModuleResult.Status.CHANGED, file.run(Map.of("path", t.toString(), "state", "touch"),
                TestContext.normal(dir)).status());
        assertEquals(ModuleResult.Status.OK, file.run(Map.of("path", t.toString(), "state", "touch",
                "modification_time", "preserve", "access_time", "preserve"), TestContext.normal(dir)).status());
    }

    @Test
    void file_explicitModificationTime_isIdempotent() throws Exception {
        Path t = dir.resolve("t");
        Files.writeString(t, "t");
        Scenario.changesOnceThenOk(file, Map.of("path", t.toString(), "modification_time", "202001021030.00"), dir,
                dir);
        assertEquals(java.time.LocalDateTime.of(2020, 1, 2, 10, 30).atZone(java.time.ZoneId.systemDefault())
                .toInstant(), Files.getLastModifiedTime(t).toInstant());
    }

    @Test
    void file_stateFileOnMissingPath_failsLikeAnsible() throws Exception {
        Path f = dir.resolve("missing");
        ModuleResult r = file.run(Map.of("path", f.toString(), "state", "file"), TestContext.normal(dir));
        assertEquals("file (" + f + ") is absent, cannot continue", r.data().get("msg"));
    }

    @Test
    void file_directoryOverFile_fails() throws Exception {
        Path f = dir.resolve("f");
        Files.writeString(f, "f");
        ModuleResult r = file.run(Map.of("path", f.toString(), "state", "directory"), TestContext.normal(dir));
        assertEquals(f + " already exists as a file", r.data().get("msg"));
    }

    @Test
    void file_recurseMode_changesOnceThenOk() throws Exception {
        Path d = dir.resolve("r");
        Files.createDirectories(d.resolve("sub"));
        Files.writeString(d.resolve("sub/f"), "f");
        Scenario.changesOnceThenOk(file, Map.of("path", d.toString(), "state", "directory", "recurse", true, "mode",
                "u=rwX,g=rX,o="), dir, dir);
        assertEquals("rw-r-----", perms(d.resolve("sub/f")));
        assertEquals("rwxr-x---", perms(d.resolve("sub")));
    }

    @Test
    void file_badState_failsWithChoices() throws Exception {
        ModuleResult r = file.run(Map.of("path", "/tmp/x", "state", "present"), TestContext.normal(dir));
        assertEquals("value of state must be one of: absent, directory, file, hard, link, touch, got: present",
                r.data().get("msg"));
    }
}
