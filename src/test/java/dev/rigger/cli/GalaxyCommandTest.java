package dev.rigger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rigger galaxy install} from a git repository and a tarball: the output lines, the installed files and
 * meta/.galaxy_install_info are those ansible-galaxy 2.14.18 printed and wrote for the same requirements.yml.
 */
class GalaxyCommandTest {
    @TempDir
    Path dir;

    private String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), args);
        return new String[] {String.valueOf(rc), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    private void sh(Path cwd, String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void installsFromGitAndATarball_asAnsibleGalaxy_thenSkips() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/git")) && Files.isExecutable(Path.of("/usr/bin/tar")),
                "needs git and tar");
        Path role = Files.createDirectories(dir.resolve("src/myrole/tasks"));
        Files.writeString(role.resolve("main.yml"), "- debug: msg=hi\n");
        Files.createDirectories(dir.resolve("src/myrole/meta"));
        Files.writeString(dir.resolve("src/myrole/meta/main.yml"), "galaxy_info:\n  author: x\ndependencies: []\n");
        sh(dir.resolve("src/myrole"), "git init -q && git add -A && git -c user.email=a@b -c user.name=a commit -qm init"
                + " && git tag v1.0 && echo changed > tasks/later.yml && git add -A && git -c user.email=a@b "
                + "-c user.name=a commit -qm later");
        sh(dir, "tar czf myrole2.tar.gz -C src --exclude .git myrole");
        Files.writeString(dir.resolve("req.yml"), "- src: git+file://" + dir.resolve("src/myrole") + "\n  version: v1.0"
                + "\n  name: gitrole\n- src: " + dir.resolve("myrole2.tar.gz") + "\n  name: tarrole\n");
        Path roles = dir.resolve("roles");
        String[] r = run("galaxy", "install", "-r", dir.resolve("req.yml").toString(), "-p", roles.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertEquals("Starting galaxy role install process\n- extracting gitrole to " + roles.resolve("gitrole")
                + "\n- gitrole (v1.0) was installed successfully\n- extracting tarrole to " + roles.resolve("tarrole")
                + "\n- tarrole was installed successfully\n", r[1]);
        assertTrue(Files.exists(roles.resolve("gitrole/tasks/main.yml")));
        assertTrue(!Files.exists(roles.resolve("gitrole/tasks/later.yml")), "the tag's tree, not HEAD's");
        assertTrue(!Files.exists(roles.resolve("gitrole/.git")));
        assertTrue(Files.readString(roles.resolve("gitrole/meta/.galaxy_install_info"))
                .matches("install_date: \\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}\nversion: v1.0\n"));
        assertTrue(Files.readString(roles.resolve("tarrole/meta/.galaxy_install_info")).endsWith("\nversion: ''\n"));
        r = run("galaxy", "install", "-r", dir.resolve("req.yml").toString(), "-p", roles.toString());
        assertEquals("Starting galaxy role install process\n- gitrole (v1.0) is already installed, skipping.\n"
                + "- tarrole is already installed, skipping.\n", r[1]);
    }

    @Test
    void aGalaxyName_orARoleWithoutMeta_failsSayingWhy() throws Exception {
        String[] r = run("galaxy", "install", "geerlingguy.docker", "-p", dir.resolve("roles").toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("- geerlingguy.docker was NOT installed successfully: rigger galaxy installs from "
                + "git (scm: git or git+URL) and local tarballs only"), r[2]);
        assertTrue(r[2].contains("ERROR! - you can use --ignore-errors"), r[2]);
    }
}
