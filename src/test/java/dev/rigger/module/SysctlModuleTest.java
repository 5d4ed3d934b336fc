package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ansible.posix.sysctl against a temp file, with a stub sysctl on PATH (it records -w and -p, answers -n from a
 * file): the file bytes are what ansible.posix.sysctl 1.5.4 wrote for the same tasks run by ansible-playbook 2.14.18.
 */
class SysctlModuleTest {
    @TempDir
    Path dir;
    private Path conf;
    private Path log;
    private TestContext ctx;

    @BeforeEach
    void setUp() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        log = dir.resolve("sysctl.log");
        Path stub = bin.resolve("sysctl");
        Files.writeString(stub, "#!/bin/sh\necho \"$*\" >> " + log + "\n"
                + "case \"$*\" in *-n*) [ -f " + dir.resolve("proc") + " ] && cat " + dir.resolve("proc")
                + " || exit 255;; esac\nexit 0\n");
        stub.toFile().setExecutable(true);
        conf = dir.resolve("sysctl.conf");
        Files.writeString(conf, "# comment\nvm.swappiness = 60\n  net.ipv4.ip_forward=0\nvm.swappiness=70\nbad line\n");
        ctx = TestContext.normal(dir).withEnvironment(Map.of("PATH", bin + ":/usr/bin:/bin"));
    }

    private ModuleResult run(Map<String, Object> args, TestContext c) {
        Map<String, Object> a = new java.util.LinkedHashMap<>(args);
        a.put("sysctl_file", conf.toString());
        return Scenario.run(new SysctlModule(), a, c);
    }

    @Test
    void editsTheFileAsAnsible_thenIsIdempotent_andCheckModeChangesNothing() throws Exception {
        Files.writeString(dir.resolve("proc"), "10\n");
        assertEquals(ModuleResult.Status.CHANGED, run(Map.of("name", "vm.swappiness", "value", "10", "reload", false),
                ctx).status());
        assertEquals(ModuleResult.Status.OK, run(Map.of("name", "vm.swappiness", "value", "10"), ctx).status());
        assertEquals(ModuleResult.Status.CHANGED, run(Map.of("name", "net.ipv4.ip_forward", "state", "absent",
                "reload", false), ctx).status());
        String before = Files.readString(conf);
        assertEquals(ModuleResult.Status.CHANGED, run(Map.of("name", "fs.new.key", "value", "yes"),
                TestContext.check(dir).withEnvironment(Map.of("PATH", dir.resolve("bin") + ":/usr/bin:/bin")))
                .status());
        assertEquals(before, Files.readString(conf), "check mode wrote the file");
        assertEquals(ModuleResult.Status.CHANGED, run(Map.of("name", "fs.new.key", "value", "yes", "reload", false),
                ctx).status());
        assertEquals("# comment\nvm.swappiness=10\nbad line\nfs.new.key=1\n", Files.readString(conf));
    }

    @Test
    void aChangeReloadsTheFile_andSysctlSetWritesTheRunningValue() throws Exception {
        Files.writeString(dir.resolve("proc"), "60\n");
        assertEquals(ModuleResult.Status.CHANGED, run(Map.of("name", "vm.swappiness", "value", "20", "sysctl_set",
                true), ctx).status());
        String calls = Files.readString(log);
        assertEquals(true, calls.contains("-w vm.swappiness=20"), calls);
        assertEquals(true, calls.contains("-p " + conf), calls);
    }
}
