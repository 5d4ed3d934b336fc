package dev.rigger.module;

import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.FileInfo;
import dev.rigger.module.support.Probe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ansible.builtin.stat: every fact about one path in one round trip; never changes anything. */
public final class StatModule extends BaseModule {
    private static final Map<Character, String> ATTR_NAMES = Map.ofEntries(Map.entry('a', "append"),
            Map.entry('A', "noatime"), Map.entry('c', "compressed"), Map.entry('C', "nocow"), Map.entry('d', "nodump"),
            Map.entry('D', "dirsync"), Map.entry('e', "extents"), Map.entry('E', "encrypted"),
            Map.entry('h', "blocksize"), Map.entry('i', "immutable"), Map.entry('I', "indexed"),
            Map.entry('j', "journalled"), Map.entry('N', "inline"), Map.entry('s', "zero"),
            Map.entry('S', "synchronous"), Map.entry('t', "notail"), Map.entry('T', "blockroot"),
            Map.entry('u', "undelete"), Map.entry('X', "compressedraw"), Map.entry('Z', "compresseddirty"));
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .required("path")
            .alias("dest", "path").alias("name", "path")
            .alias("checksum", "checksum_algorithm").alias("checksum_algo", "checksum_algorithm")
            .alias("mime", "get_mime").alias("mime_type", "get_mime").alias("mime-type", "get_mime")
            .alias("attr", "get_attributes").alias("attributes", "get_attributes")
            .choices("checksum_algorithm", "md5", "sha1", "sha224", "sha256", "sha384", "sha512")
            .bool("follow", "get_checksum", "get_mime", "get_attributes")
            .path("path")
            .build();

    @Override
    public String name() {
        return "stat";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String path = a.required("path");
        boolean follow = a.bool("follow", false);
        String algo = a.choice("checksum_algorithm", "sha1");
        String q = Shell.quote(path);
        Probe p = new Probe();
        if (follow) {
            p.statFollow("s", q);
        } else {
            p.stat("s", q);
        }
        String l = follow ? "-L " : "";
        p.shell("if [ -e " + q + " ] || [ -L " + q + " ]; then")
                .value("times", "stat " + l + "-c '%.9X %.9Y %.9Z' -- " + q + " 2>/dev/null || stat " + l
                        + "-c '%X %Y %Z' -- " + q)
                .value("blocks", "stat " + l + "-c '%b %B %t %T' -- " + q)
                .value("access", "r=false; w=false; x=false; [ -r " + q + " ] && r=true; [ -w " + q
                        + " ] && w=true; [ -x " + q + " ] && x=true; echo $r $w $x")
                .value("real", "readlink -f -- " + q);
        if (a.bool("get_checksum", true)) {
            p.shell("if [ -f " + q + " ] && [ -r " + q + " ]; then")
                    .value("sum", algo + "sum < " + q + " | cut -d' ' -f1").shell("fi");
        }
        if (a.bool("get_mime", true)) {
            p.shell("if command -v file >/dev/null 2>&1; then").value("mime", "file " + (follow ? "-L " : "")
                    + "-b --mime-type -- " + q).value("charset", "file " + (follow ? "-L " : "")
                    + "-b --mime-encoding -- " + q).shell("fi");
        }
        if (a.bool("get_attributes", true)) {
            p.shell("if command -v lsattr >/dev/null 2>&1; then").value("lsattr", "lsattr -vd -- " + q
                    + " 2>/dev/null").shell("fi");
        }
        p.shell("fi");
        ExecResult r = ctx.run(p.script());
        Probe.Result pr = Probe.parse(r.stdoutBytes());
        FileInfo f = pr.stat("s");
        Map<String, Object> st = new LinkedHashMap<>();
        if (!f.exists()) {
            st.put("exists", false);
            return ModuleResult.ok(Map.of("stat", st));
        }
        int m = f.mode();
        st.put("exists", true);
        st.put("path", path);
        st.put("mode", f.modeString());
        st.put("isdir", f.isDir());
        st.put("ischr", f.type().equals("char"));
        st.put("isblk", f.type().equals("block"));
        st.put("isreg", f.isFile());
        st.put("isfifo", f.type().equals("fifo"));
        st.put("islnk", f.isLink());
        st.put("issock", f.type().equals("socket"));
        st.put("uid", f.uid());
        st.put("gid", f.gid());
        st.put("size", f.size());
        st.put("inode", f.inode());
        st.put("dev", f.dev());
        st.put("nlink", f.nlink());
        String[] times = String.valueOf(pr.value("times")).split(" ");
        if (times.length == 3) {
            st.put("atime", Double.parseDouble(times[0]));
            st.put("mtime", Double.parseDouble(times[1]));
            st.put("ctime", Double.parseDouble(times[2]));
        }
        st.put("wusr", (m & 0200) != 0);
        st.put("rusr", (m & 0400) != 0);
        st.put("xusr", (m & 0100) != 0);
        st.put("wgrp", (m & 020) != 0);
        st.put("rgrp", (m & 040) != 0);
        st.put("xgrp", (m & 010) != 0);
        st.put("woth", (m & 02) != 0);
        st.put("roth", (m & 04) != 0);
        st.put("xoth", (m & 01) != 0);
        st.put("isuid", (m & 04000) != 0);
        st.put("isgid", (m & 02000) != 0);
        String[] blocks = String.valueOf(pr.value("blocks")).split(" ");
        if (blocks.length == 4) {
            st.put("blocks", Long.parseLong(blocks[0]));
            st.put("block_size", Long.parseLong(blocks[1]));
            if (f.type().equals("char") || f.type().equals("block")) {
                st.put("device_type", Long.parseLong(blocks[2], 16) << 8 | Long.parseLong(blocks[3], 16));
            }
        }
        String[] access = String.valueOf(pr.value("access")).split(" ");
        if (access.length == 3) {
            st.put("readable", Boolean.parseBoolean(access[0]));
            st.put("writeable", Boolean.parseBoolean(access[1]));
            st.put("executable", Boolean.parseBoolean(access[2]));
        }
        st.put("pw_name", f.owner());
        st.put("gr_name", f.group());
        if (f.isLink()) {
            st.put("lnk_source", pr.value("real"));
            st.put("lnk_target", f.linkTarget());
        }
        if (pr.value("sum") != null && !pr.value("sum").isEmpty()) {
            st.put("checksum", pr.value("sum"));
        }
        if (a.bool("get_mime", true)) {
            st.put("mimetype", pr.value("mime") == null ? "unknown" : pr.value("mime"));
            st.put("charset", pr.value("charset") == null ? "unknown" : pr.value("charset"));
        }
        String ls = pr.value("lsattr");
        if (ls != null && !ls.isBlank()) {
            String[] parts = ls.trim().split("\\s+");
            if (parts.length >= 2) {
                st.put("version", parts[0]);
                String flags = parts[1].replace("-", "");
                st.put("attr_flags", flags);
                List<String> names = new ArrayList<>();
                for (char c : flags.toCharArray()) {
                    names.add(ATTR_NAMES.getOrDefault(c, String.valueOf(c)));
                }
                st.put("attributes", names);
            }
        }
        return ModuleResult.ok(Map.of("stat", st));
    }
}
