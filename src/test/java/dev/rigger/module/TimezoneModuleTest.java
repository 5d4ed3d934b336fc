package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * community.general.timezone over a temp root (its /etc and /usr/share/zoneinfo), with stubs on PATH for
 * timedatectl, hwclock and dpkg-reconfigure that record their arguments. The edited files' bytes are what the
 * collection's NosystemdTimezone._edit_file wrote for the same input.
 */
class TimezoneModuleTest {
    @TempDir
    Path dir;
    private Path root;
    private Path bin;
    private Path log;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(dir.resolve("root"));
        bin = Files.createDirectories(dir.resolve("bin"));
        log = dir.resolve("calls.log");
        for (String z : List.of("Etc/UTC", "Europe/Berlin")) {
            Path f = root.resolve("usr/share/zoneinfo/" + z);
            Files.createDirectories(f.getParent());
            Files.writeString(f, "TZif " + z + "\n");
        }
        Files.createDirectories(root.resolve("etc/default"));
        Files.createSymbolicLink(root.resolve("etc/localtime"), root.resolve("usr/share/zoneinfo/Etc/UTC"));
        Files.writeString(root.resolve("etc/timezone"), "Etc/UTC\n");
        stub("timedatectl", "echo 'System has not been booted with systemd as init system (PID 1).' >&2; exit 1");
        stub("dpkg-reconfigure", "exit 0");
        stub("hwclock", "case \"$*\" in *--localtime*) printf '0.0 0 0.0\\n0\\nLOCAL\\n' > " + root
                + "/etc/adjtime;; *) printf '0.0 0 0.0\\n0\\nUTC\\n' > " + root + "/etc/adjtime;; esac");
    }

    private void stub(String name, String body) throws Exception {
        Path s = bin.resolve(name);
        Files.writeString(s, "#!/bin/sh\necho \"" + name + " $*\" >> " + log + "\n" + body + "\n");
        s.toFile().setExecutable(true);
    }

    private TestContext ctx(boolean check) {
        TestContext c = check ? TestContext.check(dir) : TestContext.normal(dir);
        return c.withEnvironment(Map.of("PATH", bin + ":/usr/bin:/bin"));
    }

    private ModuleResult run(Map<String, Object> args, boolean check) {
        return Scenario.run(new TimezoneModule(root.toString()), args, ctx(check));
    }

    private String calls() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Object> diff(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("before", before);
        d.put("after", after);
        return d;
    }

    @Test
    void debian_writesEtcTimezone_linksLocaltime_runsDpkgReconfigure_thenIsOk_andCheckModeChangesNothing()
            throws Exception {
        Files.writeString(root.resolve("etc/timezone"), "\nEtc/UTC\nother\n");
        Map<String, String> before = Scenario.snapshot(root);
        ModuleResult check = run(Map.of("name", "Europe/Berlin"), true);
        assertEquals(ModuleResult.Status.CHANGED, check.status(), () -> check.data().toString());
        assertEquals(diff(Map.of("name", "Etc/UTC"), Map.of("name", "Europe/Berlin")), check.data().get("diff"));
        assertEquals(false, check.data().containsKey("msg"));
        assertEquals(before, Scenario.snapshot(root), "check mode touched the root");
        assertEquals("timedatectl \n", calls());

        ModuleResult r = run(Map.of("name", "Europe/Berlin"), false);
        assertEquals(ModuleResult.Status.CHANGED, r.status(), () -> r.data().toString());
        assertEquals("\nEurope/Berlin\n", Files.readString(root.resolve("etc/timezone")));
        assertEquals(root.resolve("usr/share/zoneinfo/Europe/Berlin"),
                Files.readSymbolicLink(root.resolve("etc/localtime")));
        assertEquals("Added 1 line and deleted 2 line(s) on " + root + "/etc/timezone", r.data().get("msg"));
        assertTrue(calls().contains("dpkg-reconfigure --frontend noninteractive tzdata\n"), this::calls);
        assertEquals(diff(Map.of("name", "Etc/UTC"), Map.of("name", "Europe/Berlin")), r.data().get("diff"));
        assertEquals("--- before\n+++ after\n@@ -1,3 +1,3 @@\n {\n-    \"name\": \"Etc/UTC\"\n"
                + "+    \"name\": \"Europe/Berlin\"\n }\n", r.diffs().get(0).text());

        ModuleResult again = run(Map.of("name", "Europe/Berlin"), false);
        assertEquals(ModuleResult.Status.OK, again.status(), () -> again.data().toString());
        assertEquals(diff(Map.of("name", "Europe/Berlin"), Map.of("name", "Europe/Berlin")), again.data().get("diff"));
        assertEquals(ModuleResult.Status.OK, run(Map.of("name", "Europe/Berlin"), true).status());
    }

    @Test
    void debian_aLocaltimeLinkElsewhere_isTheCurrentZone() throws Exception {
        Files.delete(root.resolve("etc/localtime"));
        Files.createSymbolicLink(root.resolve("etc/localtime"), Path.of("../usr/share/zoneinfo/Europe/Berlin"));
        ModuleResult r = run(Map.of("name", "Etc/UTC"), true);
        assertEquals(diff(Map.of("name", "Europe/Berlin"), Map.of("name", "Etc/UTC")), r.data().get("diff"));
        Files.delete(root.resolve("etc/localtime"));
        Files.copy(root.resolve("usr/share/zoneinfo/Etc/UTC"), root.resolve("etc/localtime"));
        assertEquals(ModuleResult.Status.OK, run(Map.of("name", "Etc/UTC"), true).status());
        Files.writeString(root.resolve("etc/localtime"), "other bytes");
        assertEquals(diff(Map.of("name", "n/a"), Map.of("name", "Etc/UTC")),
                run(Map.of("name", "Etc/UTC"), true).data().get("diff"));
    }

    @Test
    void debian_hwclock_editsRcS_asAnsible_runsHwclockSystohc_andReadsAdjtime() throws Exception {
        Files.writeString(root.resolve("etc/default/rcS"), "# defaults\nUTC=no\nVERBOSE=no\n  UTC=yes\nUTC = local\n");
        Files.writeString(root.resolve("etc/adjtime"), "0.0 0 0.0\n0\nLOCAL\n");
        ModuleResult check = run(Map.of("hwclock", "UTC"), true);
        assertEquals(diff(Map.of("hwclock", "local"), Map.of("hwclock", "UTC")), check.data().get("diff"));
        ModuleResult r = run(Map.of("hwclock", "UTC"), false);
        assertEquals(ModuleResult.Status.CHANGED, r.status(), () -> r.data().toString());
        assertEquals("# defaults\nUTC=yes\nVERBOSE=no\n  UTC=yes\n", Files.readString(root.resolve("etc/default/rcS")));
        assertEquals("Added 1 line and deleted 2 line(s) on " + root + "/etc/default/rcS\nexecuted `" + bin
                + "/hwclock --systohc --utc`", r.data().get("msg"));
        assertEquals(ModuleResult.Status.OK, run(Map.of("hwclock", "UTC"), false).status());
    }

    @Test
    void debian_stillNotTheDesiredState_failsWithAnsiblesMessage() throws Exception {
        stub("hwclock", "exit 0");
        ModuleResult r = run(Map.of("hwclock", "local"), false);
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertEquals("Error message:\nstill not desired state, though changes have made - planned: {'hwclock': "
                + "'local'}, after: {'hwclock': 'UTC'}\nOther message(s):\nAdded 1 line and deleted 0 line(s) on "
                + root + "/etc/default/rcS\nexecuted `" + bin + "/hwclock --systohc --localtime`", r.data().get("msg"));
    }

    @Test
    void anUnknownZone_failsWithAnsiblesMessage() {
        ModuleResult r = run(Map.of("name", "Nope/Nope"), false);
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertEquals("Error message:\ngiven timezone \"Nope/Nope\" is not available", r.data().get("msg"));
    }

    @Test
    void aFailingCommand_failsAsRunCommandWithCheckRc() throws Exception {
        stub("dpkg-reconfigure", "echo 'debconf: no frontend' >&2; exit 2");
        ModuleResult r = run(Map.of("name", "Europe/Berlin"), false);
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertEquals("debconf: no frontend", r.data().get("msg"));
        assertEquals(2, r.data().get("rc"));
        assertEquals(bin + "/dpkg-reconfigure --frontend noninteractive tzdata", r.data().get("cmd"));
    }

    @Test
    void systemd_whenTimedatectlRuns_setsTimezoneAndLocalRtc_thenIsOk() throws Exception {
        Path status = dir.resolve("status");
        Files.writeString(status, "               Local time: Thu 2026-12-03 17:00:00 UTC\n"
                + "                Time zone: Etc/UTC (UTC, +0000)\n          RTC in local TZ: no\n");
        stub("timedatectl", "case \"$1\" in\n"
                + "  status) cat " + status + ";;\n"
                + "  set-timezone) sed -i \"s|Time zone: [^ ]*|Time zone: $2|\" " + status + ";;\n"
                + "  set-local-rtc) sed -i \"s|RTC in local TZ: .*|RTC in local TZ: $2|\" " + status + ";;\n"
                + "esac");
        Map<String, Object> args = Map.of("name", "Europe/Berlin", "hwclock", "local");
        ModuleResult check = run(args, true);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("hwclock", "UTC");
        b.put("name", "Etc/UTC");
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("hwclock", "local");
        a.put("name", "Europe/Berlin");
        assertEquals(diff(b, a), check.data().get("diff"));
        assertEquals(false, calls().contains("set-"), this::calls);
        ModuleResult r = run(args, false);
        assertEquals(ModuleResult.Status.CHANGED, r.status(), () -> r.data().toString());
        assertEquals("executed `" + bin + "/timedatectl set-local-rtc yes`\nexecuted `" + bin
                + "/timedatectl set-timezone Europe/Berlin`", r.data().get("msg"));
        assertEquals(ModuleResult.Status.OK, run(args, false).status());
        assertEquals("Etc/UTC\n", Files.readString(root.resolve("etc/timezone")), "the Debian files stay untouched");
    }

    @Test
    void anotherPlatform_failsSayingRiggerDoesNotImplementIt() throws Exception {
        stub("uname", "echo FreeBSD");
        ModuleResult r = run(Map.of("name", "Etc/UTC"), false);
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertTrue(String.valueOf(r.data().get("msg")).startsWith("rigger does not implement the timezone module on "
                + "FreeBSD"), () -> r.data().toString());
    }

    @Test
    void nameOrHwclockIsRequired() {
        ModuleResult r = run(Map.of(), false);
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertTrue(String.valueOf(r.data().get("msg")).contains("hwclock, name"), () -> r.data().toString());
    }
}
