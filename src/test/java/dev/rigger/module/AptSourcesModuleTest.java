package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rigger.connection.Command;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.LocalConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apt_repository, deb822_repository and apt_key writing into temp folders (undocumented _sources_dir/_keyring_dir). */
class AptSourcesModuleTest {
    @TempDir
    Path dir;
    private final LocalConnection conn = new LocalConnection("localhost");
    private final SystemTestContext ctx = new SystemTestContext(conn);

    private Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_sources_dir", dir.toString());
        m.put("_keyring_dir", dir.toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void aptRepository_addsOnceThenOk_andRemoves() throws IOException {
        AptRepositoryModule m = new AptRepositoryModule();
        String line = "deb [signed-by=/etc/apt/keyrings/x.gpg] http://dl.example.org/linux/deb/ stable main";
        Map<String, Object> a = args("repo", line, "update_cache", false);
        Path file = dir.resolve("dl_example_org_linux_deb.list");

        ModuleResult check = m.run(a, ctx.check());
        assertTrue(check.changed());
        assertFalse(Files.exists(file));

        ModuleResult first = m.run(a, ctx);
        assertTrue(first.changed(), first.data().toString());
        assertEquals(line + "\n", Files.readString(file));
        assertEquals(List.of(file.toString()), first.data().get("sources_added"));
        assertEquals("--- " + file, "--- " + first.diffs().get(0).afterHeader());

        // same line with other spacing and without the trailing slash counts as present
        assertFalse(m.run(args("repo", "deb  [signed-by=/etc/apt/keyrings/x.gpg]  http://dl.example.org/linux/deb "
                + "stable main", "update_cache", false), ctx).changed());

        Map<String, Object> absent = args("repo", line, "state", "absent", "update_cache", false);
        assertTrue(m.run(absent, ctx.check()).changed());
        assertTrue(Files.exists(file));
        assertTrue(m.run(absent, ctx).changed());
        assertFalse(Files.exists(file), "a file left without sources is removed");
        assertFalse(m.run(absent, ctx).changed());
    }

    @Test
    void aptRepository_enablesACommentedLineInPlace() throws IOException {
        Path other = dir.resolve("other.list");
        Files.writeString(other, "# keep me\n# deb http://a.example.org/debian bookworm main\n");
        ModuleResult r = new AptRepositoryModule().run(args("repo", "deb http://a.example.org/debian bookworm main",
                "update_cache", false), ctx);
        assertTrue(r.changed());
        assertEquals("# keep me\ndeb http://a.example.org/debian bookworm main\n", Files.readString(other));
        assertEquals(1, Files.list(dir).count());
    }

    @Test
    void aptRepository_filenameFollowsAnsible() {
        assertEquals("dl_google_com_linux_chrome_deb",
                AptRepositoryModule.suggestName("deb [arch=amd64] http://dl.google.com/linux/chrome/deb/ stable main"));
        assertEquals("repo_example_com_apt",
                AptRepositoryModule.suggestName("deb https://user:pw@repo.example.com/apt jammy main"));
    }

    @Test
    void deb822_writesFieldsInAnsiblesOrderOnceThenOk() throws IOException {
        Deb822RepositoryModule m = new Deb822RepositoryModule();
        Map<String, Object> a = args("name", "NVIDIA CUDA", "uris",
                "https://developer.download.example/compute/cuda/repos/ubuntu2404/x86_64/", "suites", "/",
                "signed_by", "/usr/share/keyrings/cuda-archive-keyring.gpg", "enabled", true);
        Path file = dir.resolve("nvidia-cuda.sources");
        assertTrue(m.run(a, ctx.check()).changed());
        assertFalse(Files.exists(file));
        ModuleResult first = m.run(a, ctx);
        assertTrue(first.changed());
        assertEquals("""
                Enabled: yes
                X-Repolib-Name: NVIDIA CUDA
                Signed-By: /usr/share/keyrings/cuda-archive-keyring.gpg
                Suites: /
                Types: deb
                URIs: https://developer.download.example/compute/cuda/repos/ubuntu2404/x86_64/
                """, Files.readString(file));
        assertEquals("644", sh("stat -c %a " + file).stdout().trim());
        assertFalse(m.run(a, ctx).changed());

        Map<String, Object> inline = args("name", "inline", "uris", "http://x.example/", "suites", List.of("a", "b"),
                "components", "main,contrib", "signed_by", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBF\n"
                        + "-----END PGP PUBLIC KEY BLOCK-----\n");
        assertTrue(m.run(inline, ctx).changed());
        assertEquals("""
                Components: main contrib
                X-Repolib-Name: inline
                Signed-By:
                 -----BEGIN PGP PUBLIC KEY BLOCK-----
                 .
                 mQINBF
                 -----END PGP PUBLIC KEY BLOCK-----
                Suites: a b
                Types: deb
                URIs: http://x.example/
                """, Files.readString(dir.resolve("inline.sources")));

        assertTrue(m.run(args("name", "NVIDIA CUDA", "state", "absent"), ctx).changed());
        assertFalse(Files.exists(file));
        assertFalse(m.run(args("name", "NVIDIA CUDA", "state", "absent"), ctx).changed());
    }

    private ExecResult sh(String s) throws IOException {
        return conn.exec(Command.of(s));
    }

    @Test
    void aptKey_storesADearmoredKeyringOnceThenOk_andRemovesById() throws IOException {
        assumeTrue(sh("command -v gpg").ok(), "needs gpg");
        Path src = Path.of("/usr/share/keyrings/debian-archive-bookworm-stable.gpg");
        assumeTrue(Files.exists(src), "needs Debian's archive keyring");
        String armored = sh("gpg --enarmor < " + src + " | sed 's/ARMORED FILE/PUBLIC KEY BLOCK/'").stdout();
        String fpr = sh("gpg --show-keys --with-colons " + src + " | grep '^fpr' | head -n1 | cut -d: -f10").stdout()
                .trim();
        String id = fpr.substring(fpr.length() - 16);
        AptKeyModule m = new AptKeyModule();
        Map<String, Object> a = args("data", armored);

        assertTrue(m.run(a, ctx.check()).changed());
        assertEquals(0, Files.list(dir).count());
        ModuleResult first = m.run(a, ctx);
        assertTrue(first.changed(), first.data().toString());
        Path stored = dir.resolve(id + ".gpg");
        assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(stored), "dearmored back to the binary key");
        assertFalse(m.run(a, ctx).changed());

        ModuleResult wrongId = m.run(args("data", armored, "id", "0123456789ABCDEF"), ctx);
        assertTrue(wrongId.failed());

        assertTrue(m.run(args("id", id, "state", "absent"), ctx).changed());
        assertFalse(Files.exists(stored));
        assertFalse(m.run(args("id", id, "state", "absent"), ctx).changed());
    }
}
