package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rigger.connection.Command;
import dev.rigger.connection.LocalConnection;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Installs and removes the tiny package {@code sl} on this machine through apt (needs root, apt-get and Debian's
 * mirror). Waits for the dpkg lock if another apt-get is running.
 */
class AptModuleIT {
    private static final String PKG = "sl";
    private final LocalConnection conn = new LocalConnection("localhost");
    private final SystemTestContext ctx = new SystemTestContext(conn);
    private final AptModule apt = new AptModule();

    @BeforeEach
    void needRootAndApt() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to install packages");
        assumeTrue(conn.exec(Command.of("command -v apt-get")).ok(), "needs apt-get");
        assumeTrue(!installed(), PKG + " is already installed here; not touching it");
    }

    private boolean installed() throws IOException {
        return conn.exec(Command.of("dpkg-query -W -f='${Status}' " + PKG + " 2>/dev/null | grep -q 'ok installed'"))
                .ok();
    }

    @Test
    void apt_installsOnceThenOk_checkModeInstallsNothing_thenRemoves() throws IOException {
        Map<String, Object> present = Map.of("name", PKG, "update_cache", true, "lock_timeout", 300);
        ModuleResult check = apt.run(present, ctx.check());
        assertTrue(check.changed(), check.data().toString());
        assertEquals(true, check.data().get("cache_updated"));
        assertTrue(check.diffs().get(0).prepared().contains(PKG), check.diffs().toString());
        assertFalse(installed(), "check mode must not install");

        ModuleResult first = apt.run(present, ctx);
        assertTrue(first.changed(), first.data().toString());
        assertTrue(installed());

        ModuleResult second = apt.run(Map.of("name", PKG, "cache_valid_time", 3600, "lock_timeout", 300), ctx);
        assertFalse(second.changed(), second.data().toString());
        assertEquals(false, second.data().get("cache_updated"), "cache is fresh: no update");

        Map<String, Object> refreshed = Map.of("name", PKG, "update_cache", true, "lock_timeout", 300);
        ModuleResult checkedAgain = apt.run(refreshed, ctx.check());
        assertFalse(checkedAgain.changed(), "installed: a cache refresh alone is no change, as in Ansible: "
                + checkedAgain.data());
        assertEquals(true, checkedAgain.data().get("cache_updated"), checkedAgain.data().toString());
        ModuleResult updatedAgain = apt.run(refreshed, ctx);
        assertFalse(updatedAgain.changed(), updatedAgain.data().toString());

        assertFalse(apt.run(Map.of("name", PKG + "=5.02*", "state", "present"), ctx).changed());
        assertFalse(apt.run(Map.of("name", PKG, "state", "latest", "lock_timeout", 300), ctx).changed());

        Map<String, Object> absent = Map.of("name", PKG, "state", "absent", "purge", true, "lock_timeout", 300);
        assertTrue(apt.run(absent, ctx.check()).changed());
        assertTrue(installed(), "check mode must not remove");
        ModuleResult removed = apt.run(absent, ctx);
        assertTrue(removed.changed(), removed.data().toString());
        assertFalse(installed());
        assertFalse(apt.run(absent, ctx).changed());
    }

    @Test
    void apt_unknownPackageFailsWithAptsReason() throws IOException {
        ModuleResult r = apt.run(Map.of("name", "rigger-no-such-package-zz"), ctx);
        assertTrue(r.failed());
        assertTrue(String.valueOf(r.data().get("msg")).contains("Unable to locate package"), r.data().toString());
    }
}
