package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * community.general.locale_gen over a temp root, with stubs on PATH for {@code locale -a} (it lists a file) and
 * {@code locale-gen} (it records its arguments and regenerates that list as Debian's or Ubuntu's would). The
 * /etc/locale.gen bytes are what the collection's set_locale wrote for the same input and steps.
 */
class LocaleGenModuleTest {
    private static final String LOCALE_GEN = "# This file lists locales.\n\n# de_DE ISO-8859-1\n# de_DE.UTF-8 UTF-8\n"
            + "# de_DE@euro ISO-8859-15\n#  en_US.UTF-8 UTF-8\nen_GB.UTF-8 UTF-8\n# en_GB ISO-8859-1";
    @TempDir
    Path dir;
    private Path root;
    private Path bin;
    private Path log;
    private Path generated;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(dir.resolve("root"));
        bin = Files.createDirectories(dir.resolve("bin"));
        log = dir.resolve("calls.log");
        generated = dir.resolve("generated");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/locale.gen"), LOCALE_GEN);
        Files.writeString(generated, "C\nC.utf8\nen_GB.utf8\nPOSIX\n");
        stub("locale", "cat " + generated);
        stub("locale-gen", "if [ -d " + root + "/var/lib/locales/supported.d ]; then\n"
                + "  l=" + root + "/var/lib/locales/supported.d/local\n"
                + "  if [ \"$1\" = --purge ]; then :; elif [ -n \"$1\" ]; then echo \"$1 UTF-8\" >> $l; fi\n"
                + "  { echo C; cut -d' ' -f1 $l | sed 's/UTF-8/utf8/'; } > " + generated + "\n"
                + "else\n"
                + "  { echo C; grep -v '^#' " + root + "/etc/locale.gen | grep . | cut -d' ' -f1 | sed 's/UTF-8/utf8/'; }"
                + " > " + generated + "\nfi");
    }

    private void stub(String name, String body) throws Exception {
        Path s = bin.resolve(name);
        Files.writeString(s, "#!/bin/sh\necho \"" + name + " $*\" >> " + log + "\n" + body + "\n");
        s.toFile().setExecutable(true);
    }

    private ModuleResult run(Map<String, Object> args, boolean check) {
        TestContext c = (check ? TestContext.check(dir) : TestContext.normal(dir))
                .withEnvironment(Map.of("PATH", bin + ":/usr/bin:/bin"));
        return Scenario.run(new LocaleGenModule(root.toString()), args, c);
    }

    private String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void debian_enablesAndDisablesLines_asAnsible_runsLocaleGen_thenIsOk_andCheckModeChangesNothing() {
        Map<String, String> before = Scenario.snapshot(root);
        ModuleResult check = run(Map.of("name", "de_DE.UTF-8"), true);
        assertEquals(ModuleResult.Status.CHANGED, check.status(), () -> check.data().toString());
        assertEquals(Map.of(), check.data(), "check mode returns only changed");
        assertEquals(before, Scenario.snapshot(root));
        assertFalse(read(log).contains("locale-gen"), read(log));

        ModuleResult r = run(Map.of("name", "de_DE.UTF-8", "state", "present"), false);
        assertEquals(ModuleResult.Status.CHANGED, r.status(), () -> r.data().toString());
        assertEquals(Map.of("name", "de_DE.UTF-8", "msg", "OK"), r.data());
        assertTrue(read(log).contains("locale-gen \n"), read(log));
        assertEquals(ModuleResult.Status.OK, run(Map.of("name", "de_DE.UTF-8"), false).status());
        assertEquals(ModuleResult.Status.OK, run(Map.of("name", "de_DE.UTF-8"), true).status());

        assertEquals(ModuleResult.Status.CHANGED, run(Map.of("name", "en_US.UTF-8"), false).status());
        assertEquals(ModuleResult.Status.CHANGED, run(Map.of("name", "en_GB.UTF-8", "state", "absent"), false).status());
        assertEquals(ModuleResult.Status.OK, run(Map.of("name", "en_GB.UTF-8", "state", "absent"), false).status());
        assertEquals(ModuleResult.Status.CHANGED, run(Map.of("name", "en_GB"), false).status());
        assertEquals("# This file lists locales.\n\n# de_DE ISO-8859-1\nde_DE.UTF-8 UTF-8\n# de_DE@euro ISO-8859-15\n"
                + "en_US.UTF-8 UTF-8\n# en_GB.UTF-8 UTF-8\nen_GB ISO-8859-1", read(root.resolve("etc/locale.gen")));
    }

    @Test
    void aLocaleNotInTheList_failsWithAnsiblesMessage() {
        ModuleResult r = run(Map.of("name", "xx_XX.UTF-8"), false);
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertEquals("The locale you've entered is not available on your system.", r.data().get("msg"));
    }

    @Test
    void noLocalesPackage_failsWithAnsiblesMessage() throws Exception {
        Files.delete(root.resolve("etc/locale.gen"));
        ModuleResult r = run(Map.of("name", "de_DE.UTF-8"), false);
        assertEquals("/etc/locale.gen and /var/lib/locales/supported.d/local are missing. Is the package "
                + "\"locales\" installed?", r.data().get("msg"));
    }

    @Test
    void aFailingLocaleGen_failsWithTheModulesErrorAndExitValue() throws Exception {
        stub("locale-gen", "exit 3");
        ModuleResult r = run(Map.of("name", "de_DE.UTF-8"), false);
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertEquals("[Errno 3] locale.gen failed to execute, it returned 3", r.data().get("msg"));
        assertEquals(3, r.data().get("exitValue"));
    }

    @Test
    void ubuntu_usesSupportedAndSupportedD_localeGenName_thenPurge() throws Exception {
        Path sd = Files.createDirectories(root.resolve("var/lib/locales/supported.d"));
        Files.writeString(sd.resolve("local"), "en_GB.UTF-8 UTF-8\n");
        Files.createDirectories(root.resolve("usr/share/i18n"));
        Files.writeString(root.resolve("usr/share/i18n/SUPPORTED"), "de_DE.UTF-8 UTF-8\nde_DE ISO-8859-1\n"
                + "en_GB.UTF-8 UTF-8\n# xx_XX.UTF-8 UTF-8\n");
        assertEquals("The locale you've entered is not available on your system.",
                run(Map.of("name", "xx_XX.UTF-8"), false).data().get("msg"));
        assertEquals(ModuleResult.Status.CHANGED, run(Map.of("name", "de_DE.UTF-8"), false).status());
        assertTrue(read(log).contains("locale-gen de_DE.UTF-8\n"), read(log));
        assertEquals(ModuleResult.Status.OK, run(Map.of("name", "de_DE.UTF-8"), false).status());
        assertEquals(ModuleResult.Status.CHANGED, run(Map.of("name", "en_GB.UTF-8", "state", "absent"), false)
                .status());
        assertTrue(read(log).contains("locale-gen --purge\n"), read(log));
        assertEquals("de_DE.UTF-8 UTF-8\n", read(sd.resolve("local")));
        assertEquals(ModuleResult.Status.OK, run(Map.of("name", "en_GB.UTF-8", "state", "absent"), false).status());
        assertEquals(LOCALE_GEN, read(root.resolve("etc/locale.gen")), "Ubuntu's way leaves /etc/locale.gen alone");
    }

    @Test
    void fixCase_normalisesTheSpellingsOfLocaleA() {
        assertTrue(LocaleGenModule.present("C\nde_DE.utf8\n", "de_DE.UTF-8"));
        assertTrue(LocaleGenModule.present("en_US.iso885915\n", "en_US.ISO-8859-15"));
        assertFalse(LocaleGenModule.present("de_DE\n", "de_DE.UTF-8"));
    }
}
