package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.connection.Command;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.LocalConnection;
import dev.rigger.connection.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** git against a real bare repository in a temp folder (file:// URL). */
class GitModuleTest {
    @TempDir
    Path tmp;
    private final LocalConnection conn = new LocalConnection("localhost");
    private final SystemTestContext ctx = new SystemTestContext(conn);
    private final GitModule git = new GitModule();
    private String url;
    private Path work;

    private String sh(String script) throws IOException {
        ExecResult r = conn.exec(Command.of(script));
        if (!r.ok()) {
            throw new IOException(script + ": " + r.stderr());
        }
        return r.stdout().trim();
    }

    /** Commits a file in the upstream work tree and pushes it; returns the new SHA. */
    private String commit(String file, String text) throws IOException {
        return sh("cd " + Shell.quote(work.toString()) + " && printf %s " + Shell.quote(text) + " > " + file
                + " && git add -A && git -c user.email=t@t -c user.name=t commit -q -m " + Shell.quote(text)
                + " && git push -q origin HEAD:main 2>/dev/null && git rev-parse HEAD");
    }

    @BeforeEach
    void upstream() throws IOException {
        Path bare = tmp.resolve("up.git");
        work = tmp.resolve("work");
        sh("git init -q --bare -b main " + bare + " && git clone -q " + bare + " " + work + " 2>/dev/null");
        url = "file://" + bare;
    }

    private Map<String, Object> args(String dest, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("repo", url);
        m.put("dest", dest);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void git_clonesOnceThenOk_andFollowsNewCommits() throws IOException {
        String c1 = commit("a.txt", "one");
        String dest = tmp.resolve("clone").toString();

        ModuleResult check = git.run(args(dest), ctx.check());
        assertTrue(check.changed());
        assertEquals(c1, check.data().get("after"));
        assertFalse(Files.exists(Path.of(dest)), "check mode must not clone");

        ModuleResult first = git.run(args(dest), ctx);
        assertTrue(first.changed(), first.data().toString());
        assertNull(first.data().get("before"));
        assertEquals(c1, first.data().get("after"));
        assertEquals("one", Files.readString(Path.of(dest, "a.txt")));

        ModuleResult second = git.run(args(dest), ctx);
        assertFalse(second.changed(), second.data().toString());
        assertEquals(c1, second.data().get("before"));
        assertEquals(false, second.data().get("remote_url_changed"));

        String c2 = commit("a.txt", "two");
        ModuleResult predicted = git.run(args(dest), ctx.check());
        assertTrue(predicted.changed());
        assertEquals(c2, predicted.data().get("after"));
        assertEquals("one", Files.readString(Path.of(dest, "a.txt")), "check mode must not update");

        ModuleResult updated = git.run(args(dest), ctx);
        assertTrue(updated.changed());
        assertEquals(c1, updated.data().get("before"));
        assertEquals(c2, updated.data().get("after"));
        assertEquals("two", Files.readString(Path.of(dest, "a.txt")));
        assertFalse(git.run(args(dest), ctx).changed());
    }

    @Test
    void git_checksOutTagsAndShas() throws IOException {
        String c1 = commit("a.txt", "one");
        sh("cd " + work + " && git tag -a v1 -m v1 && git push -q origin v1 2>/dev/null");
        String c2 = commit("a.txt", "two");
        String dest = tmp.resolve("clone").toString();
        assertEquals(c2, git.run(args(dest), ctx).data().get("after"));

        ModuleResult tag = git.run(args(dest, "version", "v1"), ctx);
        assertTrue(tag.changed());
        assertEquals(c1, tag.data().get("after"), "annotated tag resolves to its commit");
        assertFalse(git.run(args(dest, "version", "v1"), ctx).changed());

        ModuleResult sha = git.run(args(dest, "version", c2.substring(0, 10)), ctx);
        assertTrue(sha.changed());
        assertEquals(c2, sha.data().get("after"));
        assertFalse(git.run(args(dest, "version", c2.substring(0, 10)), ctx.check()).changed());

        ModuleResult branch = git.run(args(tmp.resolve("c2").toString(), "version", "main", "depth", 1), ctx);
        assertTrue(branch.changed());
        assertEquals(c2, branch.data().get("after"));

        assertTrue(git.run(args(dest, "version", "nope-no-such-ref"), ctx).failed());
    }

    @Test
    void git_refusesLocalModificationsUnlessForced() throws IOException {
        commit("a.txt", "one");
        String dest = tmp.resolve("clone").toString();
        git.run(args(dest), ctx);
        Files.writeString(Path.of(dest, "a.txt"), "local edit");
        String c2 = commit("a.txt", "two");

        ModuleResult refused = git.run(args(dest), ctx);
        assertTrue(refused.failed());
        assertTrue(String.valueOf(refused.data().get("msg")).contains("Local modifications exist"));
        assertEquals("local edit", Files.readString(Path.of(dest, "a.txt")));

        ModuleResult forced = git.run(args(dest, "force", true), ctx);
        assertTrue(forced.changed(), forced.data().toString());
        assertEquals(c2, forced.data().get("after"));
        assertEquals("two", Files.readString(Path.of(dest, "a.txt")));
    }

    @Test
    void git_reportsAChangedRemoteUrl() throws IOException {
        String c1 = commit("a.txt", "one");
        String dest = tmp.resolve("clone").toString();
        git.run(args(dest), ctx);
        Map<String, Object> moved = args(dest);
        moved.put("repo", "file://" + tmp.resolve("up.git") + "/");
        ModuleResult r = git.run(moved, ctx);
        assertTrue(r.changed());
        assertEquals(true, r.data().get("remote_url_changed"));
        assertEquals(c1, r.data().get("after"));
        assertNotEquals(url, sh("git -C " + dest + " config --get remote.origin.url"));
        assertFalse(git.run(moved, ctx).changed());
    }

    @Test
    void git_absolutePathRepo_isClonedAsFileUrl_andAFreshCloneShowsAnsiblesDiff() throws IOException {
        String c1 = commit("a.txt", "one");
        String dest = tmp.resolve("clone").toString();
        Map<String, Object> byPath = args(dest);
        byPath.put("repo", tmp.resolve("up.git").toString());
        SystemTestContext diffCtx = new SystemTestContext(conn, false, true, Map.of());

        ModuleResult predicted = git.run(byPath, diffCtx.check());
        assertEquals(">> Newly checked out " + c1, predicted.diffs().get(0).prepared());

        ModuleResult first = git.run(byPath, diffCtx);
        assertTrue(first.changed());
        assertEquals(">> Newly checked out " + c1, first.diffs().get(0).prepared());
        assertEquals(url, sh("git -C " + dest + " config --get remote.origin.url"));

        ModuleResult second = git.run(byPath, diffCtx);
        assertFalse(second.changed(), second.data().toString());
        assertEquals(false, second.data().get("remote_url_changed"));
        assertTrue(second.diffs().isEmpty());
    }
}
