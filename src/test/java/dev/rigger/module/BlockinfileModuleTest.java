package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockinfileModuleTest {
    @TempDir
    Path dir;

    private final BlockinfileModule blockinfile = new BlockinfileModule();

    private Map<String, Object> args(Path f, Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("path", f.toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void blockinfile_insertsAtEofThenOk() throws Exception {
        Path f = dir.resolve("c");
        Files.writeString(f, "a\nb");
        ModuleResult r = Scenario.changesOnceThenOk(blockinfile, args(f, "block", "x=1\ny=2"), dir, dir);
        assertEquals("a\nb\n# BEGIN ANSIBLE MANAGED BLOCK\nx=1\ny=2\n# END ANSIBLE MANAGED BLOCK\n",
                Files.readString(f));
        assertEquals("Block inserted", r.data().get("msg"));
    }

    @Test
    void blockinfile_replacesExistingBlock() throws Exception {
        Path f = dir.resolve("c");
        Files.writeString(f, "a\n# BEGIN ANSIBLE MANAGED BLOCK\nold\n# END ANSIBLE MANAGED BLOCK\nz\n");
        Scenario.changesOnceThenOk(blockinfile, args(f, "block", "new"), dir, dir);
        assertEquals("a\n# BEGIN ANSIBLE MANAGED BLOCK\nnew\n# END ANSIBLE MANAGED BLOCK\nz\n", Files.readString(f));
    }

    @Test
    void blockinfile_absent_removesBlock() throws Exception {
        Path f = dir.resolve("c");
        Files.writeString(f, "a\n# BEGIN ANSIBLE MANAGED BLOCK\nold\n# END ANSIBLE MANAGED BLOCK\nz\n");
        ModuleResult r = Scenario.changesOnceThenOk(blockinfile, args(f, "state", "absent"), dir, dir);
        assertEquals("a\nz\n", Files.readString(f));
        assertEquals("Block removed", r.data().get("msg"));
    }

    @Test
    void blockinfile_customMarkerInsertbeforeRegex() throws Exception {
        Path f = dir.resolve("c");
        Files.writeString(f, "[main]\nk=v\n[other]\n");
        Scenario.changesOnceThenOk(blockinfile, args(f, "block", "m=1", "marker", "; {mark} rigger",
                "marker_begin", "start", "marker_end", "stop", "insertbefore", "^\\[other\\]"), dir, dir);
        assertEquals("[main]\nk=v\n; start rigger\nm=1\n; stop rigger\n[other]\n", Files.readString(f));
    }

    @Test
    void blockinfile_insertafterRegexAndBof() throws Exception {
        Path f = dir.resolve("c");
        Files.writeString(f, "a\nb\n");
        Scenario.changesOnceThenOk(blockinfile, args(f, "block", "x", "insertbefore", "BOF"), dir, dir);
        assertEquals("# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\na\nb\n", Files.readString(f));
        Path g = dir.resolve("g");
        Files.writeString(g, "a\nb\n");
        Scenario.changesOnceThenOk(blockinfile, args(g, "block", "x", "insertafter", "^a"), dir, dir);
        assertEquals("a\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\nb\n", Files.readString(g));
    }

    @Test
    void blockinfile_create_andMissingWithoutCreate() throws Exception {
        Path f = dir.resolve("new");
        ModuleResult r = Scenario.changesOnceThenOk(blockinfile, args(f, "block", "x", "create", true), dir, dir);
        assertEquals("File created", r.data().get("msg"));
        Path g = dir.resolve("missing");
        assertEquals("Path " + g + " does not exist !",
                blockinfile.run(args(g, "block", "x"), TestContext.normal(dir)).data().get("msg"));
    }

    @Test
    void blockinfile_diffShowsContent() throws Exception {
        Path f = dir.resolve("c");
        Files.writeString(f, "a\n");
        ModuleResult r = blockinfile.run(args(f, "block", "x"), TestContext.diff(dir));
        assertEquals("a\n", r.diffs().get(0).before());
        assertEquals("a\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n", r.diffs().get(0).after());
    }
}
