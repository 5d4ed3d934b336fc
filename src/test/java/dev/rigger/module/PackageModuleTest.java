package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.connection.LocalConnection;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** package: an argument apt does not take fails on the host, with Ansible's message (ansible-playbook 2.14.18). */
class PackageModuleTest {
    @Test
    void anArgumentAptDoesNotTake_failsOnTheHost_withAnsiblesMessage() {
        SystemTestContext ctx = new SystemTestContext(new LocalConnection("localhost"));
        Module pkg = ModuleRegistry.standard().find("package");
        assertTrue(pkg.spec().anyArgs(), "package takes any argument at load time");
        ModuleResult r = Scenario.run(pkg, Map.of("name", "coreutils", "enablerepo", "x", "state", "present"), ctx);
        assertEquals(ModuleResult.Status.FAILED, r.status(), r.toString());
        assertTrue(String.valueOf(r.data().get("msg")).startsWith("Unsupported parameters for (ansible.legacy.apt) "
                + "module: enablerepo. Supported parameters include: allow_change_held_packages, allow_downgrade"),
                r.toString());
    }
}
