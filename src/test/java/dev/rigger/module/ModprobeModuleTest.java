package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * community.general.modprobe over a temp root (the undocumented _root prefixes /proc/modules, /lib/modules and
 * /etc) with a stub modprobe on PATH that records its arguments and "loads" by editing the root's /proc/modules.
 * The failure messages are the ones ansible-playbook 2.14.18 (community.general 6.6.2) gave on this machine.
 */
class ModprobeModuleTest {
    @TempDir
    Path dir;
    private Path root;
    private Path log;
    private Path bin;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(dir.resolve("root"));
        bin = Files.createDirectories(dir.resolve("bin"));
        log = dir.resolve("modprobe.log");
        Path pm = root.resolve("proc/modules");
        Path stub = bin.resolve("modprobe");
        Files.writeString(stub, "#!/bin/sh\necho \"$*\" >> " + log + "\n"
                + "case \" $* \" in *' bad '*) echo 'modprobe: FATAL: Module bad not found.' >&2; exit 1;; esac\n"
                + "case \" $* \" in *' -n '*) exit 0;; esac\n"
                + "if [ \"$1\" = -r ]; then grep -v \"^$2 \" " + pm + " > " + pm + ".new; mv " + pm + ".new " + pm
                + "; else echo \"$1 16384 0 - Live 0x0\" >> " + pm + "; fi\n");
        assertTrue(stub.toFile().setExecutable(true));
    }

    private TestContext ctx(TestContext c) {
        return c.withEnvironment(Map.of("PATH", bin + ":/usr/bin:/bin"));
    }

    private ModuleResult run(Map<String, Object> args, TestContext c) {
        Map<String, Object> a = new LinkedHashMap<>(args);
        a.put("_root", root.toString());
        return Scenario.run(new ModprobeModule(), a, ctx(c));
    }

    private void kernel() throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/modules"), "ext4 1015808 1 - Live 0x0\n");
        String release = new String(new ProcessBuilder("uname", "-r").start().getInputStream().readAllBytes()).strip();
        Path lib = Files.createDirectories(root.resolve("lib/modules/" + release));
        Files.writeString(lib.resolve("modules.builtin"), "kernel/fs/ext4/ext4.ko\nkernel/drivers/video/vga.ko  \n");
    }

    @Test
    void theShortAndFullNamesFindTheseModules() {
        ModuleRegistry reg = ModuleRegistry.standard();
        assertTrue(reg.find("modprobe") instanceof ModprobeModule);
        assertTrue(reg.find("community.general.modprobe") instanceof ModprobeModule);
        assertTrue(reg.find("kernel_blacklist") instanceof KernelBlacklistModule);
        assertTrue(reg.find("community.general.kernel_blacklist") instanceof KernelBlacklistModule);
    }

    @Test
    void withoutProcModules_absentFailsAsAnsibleDoesInAContainer() {
        ModuleResult r = run(Map.of("name", "nouveau", "state", "absent"), TestContext.normal(dir));
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertEquals("[Errno 2] No such file or directory: '" + root + "/proc/modules'", r.data().get("msg"));
        assertEquals("nouveau", r.data().get("name"));
        assertEquals("", r.data().get("params"));
        assertEquals("absent", r.data().get("state"));
    }

    @Test
    void withoutModulesBuiltin_aModuleNotLoadedFailsOnThatFile() throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/modules"), "ext4 1015808 1 - Live 0x0\n");
        ModuleResult r = run(Map.of("name", "nouveau", "state", "absent"), TestContext.normal(dir));
        assertTrue(String.valueOf(r.data().get("msg")).matches("\\[Errno 2] No such file or directory: '"
                + java.util.regex.Pattern.quote(root + "/lib/modules/") + "[^/]+/modules.builtin'"), r.toString());
        // a loaded module is found in /proc/modules before modules.builtin is read
        assertEquals(ModuleResult.Status.OK, run(Map.of("name", "ext4"), TestContext.normal(dir)).status());
    }

    @Test
    void withoutModprobe_failsWithGetBinPathsMessage() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        StringBuilder paths = new StringBuilder(empty + ":/usr/bin:/bin");
        for (String s : new String[] {"/sbin", "/usr/sbin", "/usr/local/sbin"}) {
            if (Files.exists(Path.of(s))) {
                paths.append(':').append(s);
            }
        }
        ModuleResult r = Scenario.run(new ModprobeModule(), Map.of("name", "nouveau", "state", "absent"),
                TestContext.normal(dir).withEnvironment(Map.of("PATH", empty + ":/usr/bin:/bin")));
        assertEquals(ModuleResult.Status.FAILED, r.status());
        if (!Files.exists(Path.of("/sbin/modprobe")) && !Files.exists(Path.of("/usr/sbin/modprobe"))) {
            assertEquals("Failed to find required executable \"modprobe\" in paths: " + paths, r.data().get("msg"));
        }
    }

    @Test
    void present_loadsOnce_thenIsOk_andCheckModeRunsModprobeDashN() throws Exception {
        kernel();
        Map<String, Object> args = Map.of("name", "dummy", "params", "numdummies=2");
        ModuleResult check = run(args, TestContext.check(dir));
        assertEquals(ModuleResult.Status.CHANGED, check.status(), check.toString());
        assertFalse(Files.readString(root.resolve("proc/modules")).contains("dummy"));
        assertEquals("-n dummy numdummies=2\n", Files.readString(log));
        assertEquals(ModuleResult.Status.CHANGED, run(args, TestContext.normal(dir)).status());
        assertTrue(Files.readString(log).endsWith("dummy numdummies=2\n"), Files.readString(log));
        assertEquals(ModuleResult.Status.OK, run(args, TestContext.normal(dir)).status());
        assertEquals(ModuleResult.Status.OK, run(Map.of("name", "vga"), TestContext.normal(dir)).status(),
                "a builtin module is loaded");
        Files.delete(log);
        ModuleResult r = run(Map.of("name", "dummy", "state", "absent"), TestContext.check(dir));
        assertEquals(ModuleResult.Status.CHANGED, r.status());
        assertEquals("-r dummy -n\n", Files.readString(log));
        assertEquals(ModuleResult.Status.CHANGED, run(Map.of("name", "dummy", "state", "absent"),
                TestContext.normal(dir)).status());
        assertEquals(ModuleResult.Status.OK, run(Map.of("name", "dummy", "state", "absent"),
                TestContext.normal(dir)).status());
    }

    @Test
    void aFailingModprobeFailsWithItsStderrRcAndOutput() throws Exception {
        kernel();
        ModuleResult r = run(Map.of("name", "bad"), TestContext.normal(dir));
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertEquals("modprobe: FATAL: Module bad not found.\n", r.data().get("msg"));
        assertEquals(1, r.data().get("rc"));
        assertEquals("", r.data().get("stdout"));
        assertEquals("modprobe: FATAL: Module bad not found.\n", r.data().get("stderr"));
        assertEquals("present", r.data().get("state"));
    }

    @Test
    void persistent_writesTheFilesAsTheModuleDoes_thenCommentsThemOut() throws Exception {
        kernel();
        Path load = Files.createDirectories(root.resolve("etc/modules-load.d"));
        Path opts = Files.createDirectories(root.resolve("etc/modprobe.d"));
        Files.writeString(opts.resolve("old.conf"), "options dummy numdummies=1\noptions other x=1\n");
        Map<String, Object> args = Map.of("name", "dummy", "params", "numdummies=2", "persistent", "present");
        assertEquals(ModuleResult.Status.CHANGED, run(args, TestContext.normal(dir)).status());
        assertEquals("dummy\n", Files.readString(load.resolve("dummy.conf")));
        assertEquals("options dummy numdummies=2\n", Files.readString(opts.resolve("dummy.conf")));
        assertEquals("#options dummy numdummies=1\n\noptions other x=1\n", Files.readString(opts.resolve("old.conf")));
        assertEquals(ModuleResult.Status.OK, run(args, TestContext.normal(dir)).status());
        Map<String, Object> gone = Map.of("name", "dummy", "state", "absent", "persistent", "absent");
        assertEquals(ModuleResult.Status.CHANGED, run(gone, TestContext.normal(dir)).status());
        assertEquals("#dummy\n", Files.readString(load.resolve("dummy.conf")));
        assertEquals("#options dummy numdummies=2\n", Files.readString(opts.resolve("dummy.conf")));
        assertEquals(ModuleResult.Status.OK, run(gone, TestContext.normal(dir)).status());
    }

    @Test
    void persistent_withoutTheFolders_failsAsTheModulesTraceback() throws Exception {
        kernel();
        ModuleResult r = run(Map.of("name", "ext4", "persistent", "present"), TestContext.normal(dir));
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertEquals("MODULE FAILURE\nSee stdout/stderr for the exact error", r.data().get("msg"));
    }
}
