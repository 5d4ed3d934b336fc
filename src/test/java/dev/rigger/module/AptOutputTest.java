package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.module.system.AptOutput;
import dev.rigger.module.system.AptOutput.PkgState;
import dev.rigger.module.system.AptOutput.Simulation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing of dpkg-query and apt-get -s output captured on Debian 12 (src/test/resources/system). */
class AptOutputTest {

    private static String sample(String name) throws IOException {
        try (InputStream in = AptOutputTest.class.getResourceAsStream("/system/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void dpkgQuery_parsesInstalledAndConfigFilesStates() throws IOException {
        Map<String, PkgState> m = AptOutput.parseDpkgQuery(sample("dpkg-query.txt")
                + "sl deinstall ok config-files 5.02-1+b1\n");
        assertTrue(m.get("bash").installed());
        assertEquals("5.2.15-2+b8", m.get("bash").version());
        assertFalse(m.get("sl").installed());
        assertTrue(m.get("sl").present(), "config-files left behind count for purge");
        assertNull(m.get("cowsay"));
    }

    @Test
    void dpkgQuery_prefersTheInstalledArchitecture() {
        Map<String, PkgState> m = AptOutput.parseDpkgQuery(
                "libc6 unknown ok not-installed \nlibc6 install ok installed 2.36-9+deb12u14\n");
        assertTrue(m.get("libc6").installed());
    }

    @Test
    void simulation_newPackagesAreInstallsAndConfLinesAreIgnored() throws IOException {
        Simulation s = AptOutput.parseSimulation(sample("apt-sim-install-new.txt"));
        assertEquals(List.of("libtext-charwidth-perl", "cowsay", "sl"),
                s.installs().stream().map(AptOutput.Action::name).toList());
        assertNull(s.installs().get(2).oldVersion());
        assertEquals("5.02-1+b1", s.installs().get(2).newVersion());
        assertTrue(s.removes().isEmpty());
        assertTrue(s.changes());
        assertTrue(s.summary().contains("The following NEW packages will be installed:"));
        assertTrue(s.summary().contains("0 upgraded, 3 newly installed, 0 to remove"));
    }

    @Test
    void simulation_upgradesCarryOldAndNewVersion() throws IOException {
        Simulation s = AptOutput.parseSimulation(sample("apt-sim-install-upgrade.txt"));
        AptOutput.Action curl = s.installs().stream().filter(x -> x.name().equals("curl")).findFirst().orElseThrow();
        assertEquals("7.88.1-10+deb12u14", curl.oldVersion());
        assertEquals("7.88.1-10+deb12u15", curl.newVersion());
        assertTrue(s.installs("jq"));
    }

    @Test
    void simulation_removeAndPurge() throws IOException {
        Simulation s = AptOutput.parseSimulation(sample("apt-sim-remove-purge.txt"));
        assertEquals(1, s.removes().size());
        assertEquals("less", s.removes().get(0).name());
        assertEquals("590-2.1~deb12u2", s.removes().get(0).oldVersion());
        assertTrue(s.installs().isEmpty());
    }

    @Test
    void simulation_alreadyNewestMeansOnlyTheUpgradeOfBash() throws IOException {
        Simulation s = AptOutput.parseSimulation(sample("apt-sim-nothing.txt"));
        assertEquals(List.of("bash"), s.installs().stream().map(AptOutput.Action::name).toList());
        assertFalse(s.installs("coreutils"));
        assertFalse(AptOutput.parseSimulation("Reading package lists...\n0 upgraded, 0 newly installed, 0 to "
                + "remove and 3 not upgraded.\n").changes());
    }

    @Test
    void realRunSummary_decidesChanged() {
        assertFalse(AptModule.summaryChanges("0 upgraded, 0 newly installed, 0 to remove and 127 not upgraded."));
        assertTrue(AptModule.summaryChanges("0 upgraded, 3 newly installed, 0 to remove and 140 not upgraded."));
        assertTrue(AptModule.summaryChanges("0 upgraded, 0 newly installed, 1 downgraded, 0 to remove and 0 not "
                + "upgraded."));
    }

    @Test
    void lockMessages_areRecognised() throws IOException {
        assertTrue(AptOutput.isLockError("E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process "
                + "5736 (apt-get)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is "
                + "another process using it?"));
        assertTrue(AptOutput.isLockError("E: Unable to lock directory /var/lib/apt/lists/"));
        assertFalse(AptOutput.isLockError(sample("apt-sim-unknown.txt")));
    }

    @Test
    void versionPins_matchLikeFnmatch() {
        assertTrue(AptOutput.versionMatches("5.02*", "5.02-1+b1"));
        assertTrue(AptOutput.versionMatches("5.02-1+b1", "5.02-1+b1"));
        assertFalse(AptOutput.versionMatches("5.02", "5.02-1+b1"));
        assertFalse(AptOutput.versionMatches("1.*", "5.02-1"));
    }
}
