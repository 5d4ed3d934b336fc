package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ansible.builtin.getent against this machine's own getent, and a stub on PATH for the output shapes. */
class GetentModuleTest {
    @TempDir
    Path dir;

    private final GetentModule getent = new GetentModule();

    @Test
    void passwdRoot_isTheFactGetentPasswd_splitOnColons_asAnsible_evenInCheckMode() {
        Map<String, Object> want = Map.of("getent_passwd",
                Map.of("root", List.of("x", "0", "0", "root", "/root", "/bin/bash")));
        for (TestContext ctx : List.of(TestContext.normal(dir), TestContext.check(dir))) {
            ModuleResult r = Scenario.run(getent, Map.of("database", "passwd", "key", "root"), ctx);
            assertEquals(ModuleResult.Status.OK, r.status(), r.data().toString());
            assertEquals(want, r.facts());
            assertEquals(ModuleResult.FactScope.FACTS, r.factScope());
            assertEquals(want, r.data().get("ansible_facts"));
        }
    }

    @Test
    void aMissingKey_failsWithAnsiblesMessage_orWithFailKeyFalse_isNone() {
        Map<String, Object> args = new HashMap<>(Map.of("database", "passwd", "key", "nosuchuserxyz"));
        ModuleResult r = Scenario.run(getent, args, TestContext.normal(dir));
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertEquals(Map.of("msg", "One or more supplied key could not be found in the database."), r.data());
        args.put("fail_key", false);
        ModuleResult n = Scenario.run(getent, args, TestContext.normal(dir));
        assertEquals(ModuleResult.Status.OK, n.status());
        Map<String, Object> none = new HashMap<>();
        none.put("nosuchuserxyz", null);
        assertEquals(Map.of("getent_passwd", none), n.facts());
        assertEquals("One or more supplied key could not be found in the database.", n.data().get("msg"));
    }

    @Test
    void anUnknownDatabase_isRc1sMessage() {
        ModuleResult r = Scenario.run(getent, Map.of("database", "nosuchdb"), TestContext.normal(dir));
        assertEquals(Map.of("msg", "Missing arguments, or database unknown."), r.data());
    }

    @Test
    void hosts_splitOnWhitespace_aRepeatedKeyHoldsAListOfRecords_andKeyAndServiceReachGetent() throws IOException {
        Path bin = stub("printf '127.0.0.1       localhost\\n::1  localhost ip6-localhost\\n::1 ip6-loopback\\n'"
                + "; echo \"$@\" > " + dir.resolve("argv"));
        ModuleResult r = Scenario.run(getent, Map.of("database", "hosts", "key", "a b", "service", "files"),
                TestContext.normal(dir).withEnvironment(Map.of("PATH", bin.toString())));
        assertEquals(ModuleResult.Status.OK, r.status(), r.data().toString());
        Map<String, Object> hosts = new LinkedHashMap<>();
        hosts.put("127.0.0.1", List.of("localhost"));
        hosts.put("::1", List.of(List.of("localhost", "ip6-localhost"), List.of("ip6-loopback")));
        assertEquals(Map.of("getent_hosts", hosts), r.facts());
        assertEquals("hosts a b -s files\n", Files.readString(dir.resolve("argv")));
    }

    @Test
    void aGivenSplit_isAnExactSeparator_andAnEmptyOne_isAnsiblesModuleFailure() throws IOException {
        Path bin = stub("printf 'a::b:c\\n'");
        TestContext ctx = TestContext.normal(dir).withEnvironment(Map.of("PATH", bin.toString()));
        ModuleResult r = Scenario.run(getent, Map.of("database", "group", "split", "::"), ctx);
        assertEquals(Map.of("getent_group", Map.of("a", List.of("b:c"))), r.facts());
        ModuleResult e = Scenario.run(getent, Map.of("database", "group", "split", ""), ctx);
        assertEquals(ModuleResult.Status.FAILED, e.status());
        assertEquals("MODULE FAILURE\nSee stdout/stderr for the exact error", e.data().get("msg"));
        assertTrue(String.valueOf(e.data().get("module_stderr")).contains("ValueError: empty separator"));
    }

    @Test
    void noGetent_isGetBinPathsMessage_namingThePathsSearched() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        ModuleResult r = Scenario.run(getent, Map.of("database", "passwd"),
                TestContext.normal(dir).withEnvironment(Map.of("PATH", empty.toString())));
        assertEquals(ModuleResult.Status.FAILED, r.status());
        String msg = String.valueOf(r.data().get("msg"));
        assertTrue(msg.startsWith("Failed to find required executable \"getent\" in paths: " + empty + ":"), msg);
        assertTrue(Arrays.asList(msg.split(": ", 2)[1].split(":")).contains("/usr/sbin"), msg);
    }

    private Path stub(String body) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path g = bin.resolve("getent");
        Files.writeString(g, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(g, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }
}
