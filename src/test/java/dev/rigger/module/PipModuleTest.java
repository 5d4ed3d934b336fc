package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rigger.connection.Command;
import dev.rigger.connection.LocalConnection;
import dev.rigger.module.system.PipRequirement;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pip: requirement parsing, and a real virtualenv installing a wheel built here (no index, no network). */
class PipModuleTest {
    @TempDir
    Path tmp;
    private final LocalConnection conn = new LocalConnection("localhost");
    private final SystemTestContext ctx = new SystemTestContext(conn);

    @Test
    void requirements_areMatchedAgainstInstalledVersions() {
        Map<String, String> freeze = PipRequirement.parseFreeze("Jinja2==3.1.2\nzope.interface==6.0\npip==23.2.1\n");
        assertEquals("3.1.2", freeze.get("jinja2"));
        assertEquals("6.0", freeze.get("zope-interface"));
        PipRequirement r = PipRequirement.parse("Jinja2[i18n] >=3.0,<4");
        assertEquals("jinja2", r.key());
        assertTrue(r.satisfiedBy("3.1.2"));
        assertFalse(r.satisfiedBy("4.0"));
        assertTrue(PipRequirement.parse("torch==2.3.*").satisfiedBy("2.3.1"));
        assertFalse(PipRequirement.parse("torch==2.3.*").satisfiedBy("2.4.0"));
        assertTrue(PipRequirement.parse("x~=1.4").satisfiedBy("1.9"));
        assertFalse(PipRequirement.parse("x~=1.4.2").satisfiedBy("1.5.0"));
        assertTrue(PipRequirement.parse("x>=2.0").satisfiedBy("10.0"));
        assertTrue(PipRequirement.compare("2.0rc1", "2.0") < 0);
        assertTrue(PipRequirement.parse("plain").satisfiedBy("0.1"));
    }

    private void wheel(Path dir, String version) throws IOException {
        String di = "rgtestpkg-" + version + ".dist-info/";
        try (OutputStream os = Files.newOutputStream(dir.resolve("rgtestpkg-" + version + "-py3-none-any.whl"));
             ZipOutputStream z = new ZipOutputStream(os)) {
            Map<String, String> files = new LinkedHashMap<>();
            files.put("rgtestpkg/__init__.py", "VERSION = '" + version + "'\n");
            files.put(di + "METADATA", "Metadata-Version: 2.1\nName: rgtestpkg\nVersion: " + version + "\n");
            files.put(di + "WHEEL", "Wheel-Version: 1.0\nGenerator: rigger-test\nRoot-Is-Purelib: true\n"
                    + "Tag: py3-none-any\n");
            files.put(di + "RECORD", "rgtestpkg/__init__.py,,\n" + di + "METADATA,,\n" + di + "WHEEL,,\n" + di
                    + "RECORD,,\n");
            for (Map.Entry<String, String> f : files.entrySet()) {
                z.putNextEntry(new ZipEntry(f.getKey()));
                z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
    }

    @Test
    void pip_createsVenvAndInstallsOnceThenOk_thenUninstalls() throws IOException {
        assumeTrue(conn.exec(Command.of("python3 -m venv --help >/dev/null 2>&1")).ok(), "needs python3 -m venv");
        Path wheels = Files.createDirectories(tmp.resolve("wheels"));
        wheel(wheels, "0.1");
        wheel(wheels, "0.2");
        String venv = tmp.resolve("venv").toString();
        PipModule pip = new PipModule();
        Map<String, Object> a = new LinkedHashMap<>(Map.of("name", "rgtestpkg", "version", "0.1", "virtualenv", venv,
                "virtualenv_command", "python3 -m venv", "extra_args", "--no-index --find-links " + wheels));

        assertTrue(pip.run(a, ctx.check()).changed());
        assertFalse(Files.exists(Path.of(venv)), "check mode must not create the venv");

        ModuleResult first = pip.run(a, ctx);
        assertTrue(first.changed(), first.data().toString());
        assertTrue(Files.exists(Path.of(venv, "bin", "python")));
        assertFalse(pip.run(a, ctx).changed());
        assertFalse(pip.run(a, ctx.check()).changed());

        a.put("version", "0.2");
        assertTrue(pip.run(a, ctx.check()).changed());
        assertTrue(pip.run(a, ctx).changed());
        a.remove("version");
        a.put("state", "latest");
        assertFalse(pip.run(a, ctx).changed(), "0.2 is the newest wheel");

        a.put("state", "absent");
        a.remove("extra_args"); // pip uninstall knows no --no-index
        ModuleResult removed = pip.run(a, ctx);
        assertTrue(removed.changed(), removed.data().toString());
        assertFalse(pip.run(a, ctx).changed());
    }
}
