package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The file modules inspect either through the shell (stat, sha1sum, head on the host) or through the connection's
 * {@link dev.rigger.connection.FileAccess} (SFTP over SSH: no process on the host). Both must give the same
 * result and leave the same files: every scenario runs twice on identical folders, once each way, and an
 * unchanged task must need no command at all when it goes the direct way.
 */
class DirectFilesParityTest {
    @TempDir
    Path root;

    interface Setup {
        void on(Path dir) throws IOException;
    }

    record Case(String name, Module module, Setup setup, Map<String, Object> args, boolean check, boolean diff,
                boolean expectNoCommand) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static void mode(Path p, String perms) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }

    static Stream<Arguments> cases() {
        Module file = new FileModule();
        Module copy = new CopyModule();
        Module lineinfile = new LineinfileModule();
        Module blockinfile = new BlockinfileModule();
        List<Case> c = new ArrayList<>();
        for (boolean check : new boolean[] {false, true}) {
            String m = check ? " (check, diff)" : "";
            c.add(new Case("dir absent" + m, file, d -> { }, args("path", "@/d", "state", "directory",
                    "mode", "0750"), check, check, false));
            c.add(new Case("dir in spec" + m, file, d -> {
                Files.createDirectory(d.resolve("d"));
                mode(d.resolve("d"), "rwxr-x---");
            }, args("path", "@/d", "state", "directory", "mode", "0750"), check, check, true));
            c.add(new Case("dir with other mode" + m, file, d -> Files.createDirectory(d.resolve("d")),
                    args("path", "@/d", "state", "directory", "mode", "0700"), check, check, false));
            c.add(new Case("dir behind a symlink" + m, file, d -> {
                Files.createDirectory(d.resolve("real"));
                Files.createSymbolicLink(d.resolve("d"), d.resolve("real"));
            }, args("path", "@/d", "state", "directory"), check, check, true));
            c.add(new Case("dir where a file is" + m, file, d -> Files.writeString(d.resolve("d"), "x"),
                    args("path", "@/d", "state", "directory"), check, check, false));
            c.add(new Case("copy new" + m, copy, d -> { }, args("content", "hello\n", "dest", "@/f", "mode",
                    "0640"), check, check, false));
            c.add(new Case("copy same" + m, copy, d -> {
                Files.writeString(d.resolve("f"), "hello\n");
                mode(d.resolve("f"), "rw-r-----");
            }, args("content", "hello\n", "dest", "@/f", "mode", "0640"), check, check, true));
            c.add(new Case("copy other content" + m, copy, d -> Files.writeString(d.resolve("f"), "old\n"),
                    args("content", "hello\n", "dest", "@/f"), check, check, false));
            c.add(new Case("copy other mode" + m, copy, d -> Files.writeString(d.resolve("f"), "hello\n"),
                    args("content", "hello\n", "dest", "@/f", "mode", "0600"), check, check, false));
            c.add(new Case("copy onto a symlink" + m, copy, d -> {
                Files.writeString(d.resolve("target"), "hello\n");
                Files.createSymbolicLink(d.resolve("f"), d.resolve("target"));
            }, args("content", "hello\n", "dest", "@/f"), check, check, true));
            c.add(new Case("copy into a missing folder" + m, copy, d -> { },
                    args("content", "x\n", "dest", "@/no/f"), check, check, false));
            c.add(new Case("copy into a linked folder" + m, copy, d -> {
                Files.createDirectory(d.resolve("real"));
                Files.createSymbolicLink(d.resolve("ln"), d.resolve("real"));
            }, args("content", "x\n", "dest", "@/ln/f"), check, check, false));
            c.add(new Case("copy onto a folder" + m, copy, d -> Files.createDirectory(d.resolve("f")),
                    args("content", "x\n", "dest", "@/f"), check, check, false));
            c.add(new Case("lineinfile create" + m, lineinfile, d -> { },
                    args("path", "@/conf", "line", "a = 1", "create", true, "mode", "0644"), check, check, false));
            c.add(new Case("lineinfile present" + m, lineinfile, d -> {
                Files.writeString(d.resolve("conf"), "x = 0\na = 1\n");
                mode(d.resolve("conf"), "rw-r--r--");
            }, args("path", "@/conf", "line", "a = 1", "mode", "0644"), check, check, true));
            c.add(new Case("lineinfile regexp" + m, lineinfile, d -> Files.writeString(d.resolve("conf"),
                    "x = 0\na = 2\n"), args("path", "@/conf", "regexp", "^a =", "line", "a = 1"), check, check,
                    false));
            c.add(new Case("lineinfile through a symlink" + m, lineinfile, d -> {
                Files.writeString(d.resolve("real.conf"), "x = 0\n");
                Files.createSymbolicLink(d.resolve("conf"), d.resolve("real.conf"));
            }, args("path", "@/conf", "line", "a = 1"), check, check, false));
            c.add(new Case("lineinfile dangling symlink" + m, lineinfile, d ->
                    Files.createSymbolicLink(d.resolve("conf"), d.resolve("gone.conf")),
                    args("path", "@/conf", "line", "a = 1", "create", true), check, check, false));
            c.add(new Case("lineinfile missing file" + m, lineinfile, d -> { },
                    args("path", "@/conf", "line", "a = 1"), check, check, false));
            c.add(new Case("lineinfile unreadable" + m, lineinfile, d -> {
                Files.writeString(d.resolve("conf"), "a = 1\n");
                mode(d.resolve("conf"), "---------");
            }, args("path", "@/conf", "line", "a = 1"), check, check, false));
            c.add(new Case("blockinfile add" + m, blockinfile, d -> Files.writeString(d.resolve("conf"), "x\n"),
                    args("path", "@/conf", "block", "one\ntwo"), check, check, false));
            c.add(new Case("blockinfile same" + m, blockinfile, d -> Files.writeString(d.resolve("conf"),
                    "x\n# BEGIN ANSIBLE MANAGED BLOCK\none\ntwo\n# END ANSIBLE MANAGED BLOCK\n"),
                    args("path", "@/conf", "block", "one\ntwo"), check, check, true));
        }
        return c.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shellAndDirectInspectionAgree(Case c) throws Exception {
        Path shellDir = Files.createDirectory(root.resolve("shell"));
        Path directDir = Files.createDirectory(root.resolve("direct"));
        c.setup().on(shellDir);
        c.setup().on(directDir);
        TestContext viaShell = new TestContext(c.check(), c.diff(), root, Map.of(), false);
        TestContext direct = new TestContext(c.check(), c.diff(), root, Map.of(), true);
        String shellResult = normalised(Scenario.run(c.module(), resolve(c.args(), shellDir), viaShell), shellDir);
        String directResult = normalised(Scenario.run(c.module(), resolve(c.args(), directDir), direct), directDir);
        assertEquals(shellResult, directResult, c.name());
        assertEquals(files(shellDir), files(directDir), c.name() + ": files left");
        if (c.expectNoCommand()) {
            assertEquals(0, direct.roundTrips(), c.name() + ": the direct way started a command: " + directResult);
            assertEquals(1, viaShell.roundTrips(), c.name() + ": the shell way takes one round trip");
        }
    }

    /** The snapshot without the folder's own path and without modification times (the runs are not at once). */
    private static Map<String, String> files(Path dir) {
        Map<String, String> m = new java.util.TreeMap<>();
        Scenario.snapshot(dir).forEach((k, v) -> m.put(k, v.replace(dir.toString(), "<dir>")
                .replaceAll(" \\d{4}-\\d\\d-\\d\\dT\\S+$", "")));
        return m;
    }

    private static Map<String, Object> resolve(Map<String, Object> args, Path dir) {
        Map<String, Object> m = new HashMap<>();
        args.forEach((k, v) -> m.put(k, v instanceof String s && s.startsWith("@") ? dir + s.substring(1) : v));
        return m;
    }

    private static String normalised(ModuleResult r, Path dir) {
        return (r.status() + " uncertain=" + r.uncertain() + " " + new java.util.TreeMap<>(r.data()) + " "
                + r.diffs()).replace(dir.toString(), "<dir>");
    }
}
