package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * apt_key requires apt-key, then gpg, for every state and in check mode, as Ansible 2.14's module
 * (find_needed_binaries): the messages are the ones ansible-playbook gave here for a task whose environment set
 * PATH to a folder with apt-key only, and to an empty one.
 */
class AptKeyBinariesTest {
    @TempDir
    Path dir;

    /** get_bin_path's list: PATH, then the sbin folders that exist and PATH lacks. */
    private static String paths(Path path) {
        StringBuilder sb = new StringBuilder(path.toString());
        for (String s : new String[] {"/sbin", "/usr/sbin", "/usr/local/sbin"}) {
            if (Files.exists(Path.of(s))) {
                sb.append(':').append(s);
            }
        }
        return sb.toString();
    }

    private ModuleResult run(Path path, TestContext c, Map<String, Object> args) {
        return Scenario.run(new AptKeyModule(), args, c.withEnvironment(Map.of("PATH", path.toString())));
    }

    @Test
    void withoutGpg_everyStateFailsWithAnsiblesMessage_andRemovesNothing() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path stub = bin.resolve("apt-key");
        Files.writeString(stub, "#!/bin/sh\necho called > " + dir.resolve("called") + "\n");
        assertTrue(stub.toFile().setExecutable(true));
        Path keyring = Files.writeString(dir.resolve("k.gpg"), "x");
        assumeNoGpgInSbin();
        String msg = "Failed to find required executable \"gpg\" in paths: " + paths(bin);
        for (TestContext c : new TestContext[] {TestContext.normal(dir), TestContext.check(dir)}) {
            ModuleResult absent = run(bin, c, Map.of("id", "A4B469963BF863CC", "state", "absent", "keyring",
                    keyring.toString()));
            assertEquals(ModuleResult.Status.FAILED, absent.status());
            assertEquals(msg, absent.data().get("msg"));
            ModuleResult present = run(bin, c, Map.of("data", "-----BEGIN PGP PUBLIC KEY BLOCK-----"));
            assertEquals(msg, present.data().get("msg"));
        }
        assertTrue(Files.exists(keyring));
        assertTrue(!Files.exists(dir.resolve("called")));
    }

    @Test
    void withoutAptKey_itFailsOnAptKeyFirst() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        org.junit.jupiter.api.Assumptions.assumeTrue(!Files.exists(Path.of("/usr/sbin/apt-key"))
                && !Files.exists(Path.of("/sbin/apt-key")));
        ModuleResult r = run(empty, TestContext.normal(dir), Map.of("id", "A4B469963BF863CC", "state", "absent"));
        assertEquals("Failed to find required executable \"apt-key\" in paths: " + paths(empty), r.data().get("msg"));
    }

    private static void assumeNoGpgInSbin() {
        for (String s : new String[] {"/sbin", "/usr/sbin", "/usr/local/sbin"}) {
            org.junit.jupiter.api.Assumptions.assumeTrue(!Files.exists(Path.of(s, "gpg")), "gpg in " + s);
        }
    }
}
