package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.Diff;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * community.general.kernel_blacklist against temp files: the bytes and results are what community.general 6.6.2
 * gave for the same tasks run by ansible-playbook 2.14.18 with -c local.
 */
class KernelBlacklistModuleTest {
    @TempDir
    Path dir;

    private ModuleResult run(String name, String state, Path file, TestContext c) {
        return Scenario.run(new KernelBlacklistModule(), Map.of("name", name, "state", state, "blacklist_file",
                file.toString()), c);
    }

    @Test
    void aMissingFileGetsTheLine_thenIsOk_withAnsiblesKeys() throws Exception {
        Path f = dir.resolve("new.conf");
        ModuleResult r = run("nouveau", "present", f, TestContext.normal(dir));
        assertEquals(ModuleResult.Status.CHANGED, r.status());
        assertEquals("blacklist nouveau\n", Files.readString(f));
        assertEquals(List.of("name", "state", "filename", "lines", "is_blacklisted"),
                List.copyOf(r.data().keySet().stream().filter(k -> !k.equals("msg")).toList()));
        assertEquals(List.of("blacklist nouveau"), r.data().get("lines"));
        assertEquals(true, r.data().get("is_blacklisted"));
        assertEquals(ModuleResult.Status.OK, run("nouveau", "present", f, TestContext.normal(dir)).status());
        assertEquals(ModuleResult.Status.OK, run("nouveau", "present", f, TestContext.check(dir)).status());
    }

    @Test
    void aMissingFileIsCreatedEmpty_evenForAbsent_andEvenInCheckMode_asAnsible() throws Exception {
        Path none = dir.resolve("none.conf");
        assertEquals(ModuleResult.Status.CHANGED, run("foo", "absent", none, TestContext.normal(dir)).status());
        assertEquals(0, Files.size(none));
        assertEquals(ModuleResult.Status.OK, run("foo", "absent", none, TestContext.normal(dir)).status());
        Path chk = dir.resolve("chk.conf");
        ModuleResult r = run("nouveau", "present", chk, TestContext.check(dir));
        assertEquals(ModuleResult.Status.CHANGED, r.status());
        assertEquals(List.of("blacklist nouveau"), r.data().get("lines"));
        assertEquals(0, Files.size(chk), "check mode creates the file empty, writes nothing into it");
    }

    @Test
    void anExistingFileIsRewrittenAsAnsibleWritesIt_withItsDiff() throws Exception {
        Path f = dir.resolve("b.conf");
        Files.write(f, "# comment\nblacklist  foo \r\nblacklist nouveau_x\n  \n\toptions x".getBytes(
                StandardCharsets.UTF_8));
        byte[] before = Files.readAllBytes(f);
        assertEquals(ModuleResult.Status.CHANGED, run("nouveau", "present", f, TestContext.check(dir)).status());
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(f), "check mode wrote the file");
        ModuleResult r = run("nouveau", "present", f, TestContext.diff(dir));
        assertEquals(ModuleResult.Status.CHANGED, r.status());
        assertEquals("# comment\nblacklist  foo\nblacklist nouveau_x\n\n\toptions x\nblacklist nouveau\n",
                Files.readString(f));
        Diff d = r.diffs().get(0);
        assertEquals("{\n    \"lines\": [\n        \"# comment\",\n        \"blacklist  foo\",\n"
                + "        \"blacklist nouveau_x\",\n        \"\",\n        \"\\toptions x\"\n    ]\n}\n", d.before());
        assertTrue(d.text().contains("+        \"blacklist nouveau\""), d.text());
        assertEquals(ModuleResult.Status.CHANGED, run("foo", "absent", f, TestContext.normal(dir)).status());
        assertEquals("# comment\nblacklist nouveau_x\n\n\toptions x\nblacklist nouveau\n", Files.readString(f));
        assertEquals(false, run("foo", "absent", f, TestContext.normal(dir)).data().get("is_blacklisted"));
    }
}
