package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rigger.api.Diff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cases ported from Ansible's lineinfile integration tests and lineinfile.py's documented behaviour. */
class LineinfileModuleTest {
    @TempDir
    Path dir;

    private final LineinfileModule lineinfile = new LineinfileModule();

    private Path file(String content) throws Exception {
        Path f = dir.resolve("conf");
        Files.writeString(f, content);
        return f;
    }

    private Map<String, Object> args(Path f, Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("path", f.toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private String apply(String content, Object... kv) throws Exception {
        Path f = file(content);
        Scenario.changesOnceThenOk(lineinfile, args(f, kv), dir, dir);
        return Files.readString(f);
    }

    @Test
    void lineinfile_insertafterRegex_insertsAfterLastMatch() throws Exception {
        assertEquals("a\nb\nb2\nnew\nc\n", apply("a\nb\nb2\nc\n", "line", "new", "insertafter", "^b"));
    }

    @Test
    void lineinfile_insertafterRegex_firstmatch() throws Exception {
        assertEquals("a\nb\nnew\nb2\nc\n", apply("a\nb\nb2\nc\n", "line", "new", "insertafter", "^b",
                "firstmatch", true));
    }

    @Test
    void lineinfile_insertafterWithoutMatch_appendsAtEof() throws Exception {
        assertEquals("a\nnew\n", apply("a\n", "line", "new", "insertafter", "^zzz"));
    }

    @Test
    void lineinfile_insertbeforeRegex_andBof() throws Exception {
        assertEquals("a\nx\nb\n", apply("a\nb\n", "line", "x", "insertbefore", "^b"));
        assertEquals("x\na\nb\n", apply("a\nb\n", "line", "x", "insertbefore", "BOF"));
    }

    @Test
    void lineinfile_regexpReplacesLastMatchingLine() throws Exception {
        assertEquals("x=1\nx=9\ny=2\n", apply("x=1\nx=2\ny=2\n", "regexp", "^x=", "line", "x=9"));
        assertEquals("x=9\nx=2\n", apply("x=1\nx=2\n", "regexp", "^x=", "line", "x=9", "firstmatch", "yes"));
    }

    @Test
    void lineinfile_regexpWithoutMatch_appends() throws Exception {
        assertEquals("a\nk=v\n", apply("a\n", "regexp", "^k=", "line", "k=v"));
    }

    @Test
    void lineinfile_backrefs_expandGroups() throws Exception {
        assertEquals("JAVA_OPTS=-Xms512m -Xmx2g\n", apply("JAVA_OPTS=-Xms256m -Xmx2g\n",
                "regexp", "^(.*)Xms(\\d+)m(.*)$", "line", "\\1Xms512m\\3", "backrefs", true));
        assertEquals("port=8080 # web\n", apply("port=80\n", "regexp", "^port=(?P<p>\\d+)$",
                "line", "port=\\g<p>80 # web", "backrefs", true));
    }

    @Test
    void lineinfile_backrefsWithoutMatch_leavesFileAlone() throws Exception {
        Path f = file("a\n");
        ModuleResult r = lineinfile.run(args(f, "regexp", "^nomatch(.*)", "line", "\\1", "backrefs", true),
                TestContext.normal(dir));
        assertEquals(ModuleResult.Status.OK, r.status());
        assertEquals("a\n", Files.readString(f));
    }

    @Test
    void lineinfile_missingFinalNewline_isAddedBeforeAppending() throws Exception {
        assertEquals("a\nb\nc\n", apply("a\nb", "line", "c"));
    }

    @Test
    void lineinfile_searchString_replacesLiteralMatch() throws Exception {
        assertEquals("a\nListen 8080\n", apply("a\nListen 80 (old)\n", "search_string", "80 (old)", "line",
                "Listen 8080"));
    }

    @Test
    void lineinfile_absent_removesEveryMatchingLine() throws Exception {
        Path f = file("keep\ndrop 1\nkeep2\ndrop 2\n");
        ModuleResult r = Scenario.changesOnceThenOk(lineinfile, args(f, "regexp", "^drop", "state", "absent"), dir,
                dir);
        assertEquals("keep\nkeep2\n", Files.readString(f));
        assertEquals(2, r.data().get("found"));
        assertEquals("2 line(s) removed", r.data().get("msg"));
    }

    @Test
    void lineinfile_absentByExactLine() throws Exception {
        assertEquals("a\nc\n", apply("a\nb\nc\nb\n", "line", "b", "state", "absent"));
    }

    @Test
    void lineinfile_create_makesFileAndParents() throws Exception {
        Path f = dir.resolve("new/sub/conf");
        ModuleResult r = Scenario.changesOnceThenOk(lineinfile, args(f, "line", "hello", "create", true, "mode",
                "0600"), dir, dir);
        assertEquals("hello\n", Files.readString(f));
        assertEquals("line added and ownership, perms or SE linux context changed", r.data().get("msg"));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(f)));
    }

    @Test
    void lineinfile_missingFileWithoutCreate_fails() throws Exception {
        Path f = dir.resolve("missing");
        ModuleResult r = lineinfile.run(args(f, "line", "x"), TestContext.check(dir));
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertEquals("Destination " + f + " does not exist !", r.data().get("msg"));
        assertEquals(257, r.data().get("rc"));
        assertFalse(Files.exists(f));
    }

    @Test
    void lineinfile_diff_showsContentWithHeaders() throws Exception {
        Path f = file("a\n");
        ModuleResult r = lineinfile.run(args(f, "line", "b"), TestContext.diff(dir));
        Diff d = r.diffs().get(0);
        assertEquals(f + " (content)", d.beforeHeader());
        assertEquals(f + " (content)", d.afterHeader());
        assertEquals("a\n", d.before());
        assertEquals("a\nb\n", d.after());
    }

    @Test
    void lineinfile_unchanged_costsOneRoundTrip() throws Exception {
        Path f = file("a\nb\n");
        TestContext ctx = TestContext.normal(dir);
        assertEquals(ModuleResult.Status.OK, lineinfile.run(args(f, "line", "b"), ctx).status());
        assertEquals(1, ctx.roundTrips());
    }

    @Test
    void lineinfile_change_costsTwoRoundTrips() throws Exception {
        Path f = file("a\n");
        TestContext ctx = TestContext.normal(dir);
        assertEquals(ModuleResult.Status.CHANGED, lineinfile.run(args(f, "line", "b"), ctx).status());
        assertEquals(2, ctx.roundTrips());
    }

    @Test
    void lineinfile_followsSymlinkAndKeepsIt() throws Exception {
        Path real = file("a\n");
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, real);
        lineinfile.run(args(link, "line", "b"), TestContext.normal(dir));
        assertEquals("a\nb\n", Files.readString(real));
        assertEquals(true, Files.isSymbolicLink(link));
    }

    @Test
    void lineinfile_argumentErrors_matchAnsible() throws Exception {
        Path f = file("a\n");
        assertEquals("line is required with state=present",
                lineinfile.run(args(f, "regexp", "a"), TestContext.normal(dir)).data().get("msg"));
        assertEquals("regexp is required with backrefs=true",
                lineinfile.run(args(f, "line", "a", "backrefs", true), TestContext.normal(dir)).data().get("msg"));
        assertEquals("parameters are mutually exclusive: insertbefore|insertafter",
                Scenario.run(lineinfile, args(f, "line", "a", "insertafter", "x", "insertbefore", "y"),
                        TestContext.normal(dir)).data().get("msg")); // the spec's rule, judged before the module runs
        assertEquals("one of line, search_string, or regexp is required with state=absent",
                lineinfile.run(args(f, "state", "absent"), TestContext.normal(dir)).data().get("msg"));
        assertEquals("Path " + dir + " is a directory !",
                lineinfile.run(Map.of("path", dir.toString(), "line", "x"), TestContext.normal(dir)).data().get("msg"));
    }

    @Test
    void lineinfile_emptyRegexp_warns() throws Exception {
        Path f = file("a\n");
        ModuleResult r = lineinfile.run(args(f, "regexp", "", "line", "z"), TestContext.normal(dir));
        assertEquals(1, ((List<?>) r.data().get("warnings")).size());
        assertEquals("z\n", Files.readString(f));
    }
}
