package dev.rigger.module;

import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.ArgException;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.Modes;
import dev.rigger.module.support.PathArgs;
import dev.rigger.module.support.PyRegex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ansible.builtin.find: GNU find lists every entry with its stat in one round trip; patterns (fnmatch or regex),
 * excludes, hidden, file_type, age and size are applied here; {@code contains} (and get_checksum) cost one more
 * round trip over the candidates only. Never changes anything.
 */
public final class FindModule extends BaseModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .required("paths")
            .alias("name", "paths").alias("path", "paths").alias("pattern", "patterns").alias("exclude", "excludes")
            .args("patterns", "excludes", "contains", "age", "size")
            .choices("file_type", "any", "directory", "file", "link")
            .choices("age_stamp", "atime", "ctime", "mtime")
            .bool("read_whole_file", "recurse", "hidden", "follow", "get_checksum", "use_regex")
            .integer("depth")
            .list("paths", "patterns", "excludes")
            .build();
    private static final Pattern AGE = Pattern.compile("^(-?\\d+)(s|m|h|d|w)?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern SIZE = Pattern.compile("^(-?\\d+)(b|k|m|g|t)?$", Pattern.CASE_INSENSITIVE);

    @Override
    public String name() {
        return "find";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        // find expands ~ and $VAR in each of its paths itself (its paths are a list of str in Ansible)
        List<String> paths = PathArgs.expandEach(a.list("paths"), ctx);
        List<String> patterns = a.list("patterns");
        if (patterns.isEmpty()) {
            patterns = List.of(a.bool("use_regex", false) ? ".*" : "*");
        }
        List<String> excludes = a.list("excludes");
        boolean useRegex = a.bool("use_regex", false);
        String fileType = a.choice("file_type", "file");
        boolean recurse = a.bool("recurse", false);
        boolean hidden = a.bool("hidden", false);
        boolean follow = a.bool("follow", false);
        String ageStamp = a.choice("age_stamp", "mtime");
        Integer depth = a.has("depth") ? a.integer("depth", 0) : null;
        List<Pattern> inc = compileAll(patterns, useRegex);
        List<Pattern> exc = compileAll(excludes, useRegex);
        long age = 0;
        if (a.has("age")) {
            Matcher m = AGE.matcher(a.str("age"));
            if (!m.matches()) {
                throw new ArgException("failed to process age");
            }
            age = Long.parseLong(m.group(1)) * unit(m.group(2), "smhdw", new long[] {1, 60, 3600, 86400, 604800});
        }
        long size = 0;
        if (a.has("size")) {
            Matcher m = SIZE.matcher(a.str("size"));
            if (!m.matches()) {
                throw new ArgException("failed to process size");
            }
            size = Long.parseLong(m.group(1)) * unit(m.group(2), "bkmgt",
                    new long[] {1, 1024, 1024L * 1024, 1024L * 1024 * 1024, 1024L * 1024 * 1024 * 1024});
        }
        StringBuilder s = new StringBuilder();
        int maxDepth = !recurse ? 1 : depth != null ? depth : -1;
        for (String p : paths) {
            String q = Shell.quote(p);
            s.append("if [ -d ").append(q).append(" ]; then find ").append(follow ? "-L " : "").append(q)
                    .append(" -mindepth 1").append(maxDepth > 0 ? " -maxdepth " + maxDepth : "")
                    .append(" -printf '%y\\t%m\\t%s\\t%A@\\t%T@\\t%C@\\t%U\\t%G\\t%u\\t%g\\t%i\\t%n\\t%D\\t%p\\0'")
                    .append(" 2>/dev/null; else printf 'E\\t%s\\0' ").append(q).append("; fi\n");
        }
        ExecResult r = ctx.run(s.toString());
        long now = System.currentTimeMillis() / 1000;
        List<Map<String, Object>> files = new ArrayList<>();
        Map<String, Object> skipped = new LinkedHashMap<>();
        int examined = 0;
        for (String rec : new String(r.stdoutBytes(), StandardCharsets.UTF_8).split("\0")) {
            if (rec.isEmpty()) {
                continue;
            }
            String[] f = rec.split("\t", 14);
            if (f[0].equals("E") && f.length == 2) {
                skipped.put(f[1], f[1] + " was skipped as it does not seem to be a valid directory or it cannot "
                        + "be accessed");
                continue;
            }
            if (f.length < 14) {
                continue;
            }
            examined++;
            String path = f[13];
            String base = path.substring(path.lastIndexOf('/') + 1);
            if (base.startsWith(".") && !hidden) {
                continue;
            }
            boolean isDir = f[0].equals("d");
            boolean isLnk = f[0].equals("l");
            boolean isReg = f[0].equals("f");
            boolean typeOk = switch (fileType) {
                case "directory" -> isDir;
                case "link" -> isLnk;
                case "file" -> isReg;
                default -> true;
            };
            if (!typeOk || !matches(base, inc, useRegex) || matches(base, exc, useRegex)) {
                continue;
            }
            double atime = Double.parseDouble(f[3]);
            double mtime = Double.parseDouble(f[4]);
            double ctime = Double.parseDouble(f[5]);
            long fsize = Long.parseLong(f[2]);
            if (a.has("age")) {
                double stamp = ageStamp.equals("atime") ? atime : ageStamp.equals("ctime") ? ctime : mtime;
                double diff = now - stamp;
                if (!(age >= 0 && diff >= age || age < 0 && diff <= -age)) {
                    continue;
                }
            }
            if (a.has("size") && isReg && !(size >= 0 && fsize >= size || size < 0 && fsize <= -size)) {
                continue;
            }
            int mode = Integer.parseInt(f[1], 8);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("path", path);
            e.put("mode", Modes.format(mode));
            e.put("isdir", isDir);
            e.put("ischr", f[0].equals("c"));
            e.put("isblk", f[0].equals("b"));
            e.put("isreg", isReg);
            e.put("isfifo", f[0].equals("p"));
            e.put("islnk", isLnk);
            e.put("issock", f[0].equals("s"));
            e.put("uid", Long.parseLong(f[6]));
            e.put("gid", Long.parseLong(f[7]));
            e.put("size", fsize);
            e.put("inode", Long.parseLong(f[10]));
            e.put("dev", Long.parseLong(f[12]));
            e.put("nlink", Long.parseLong(f[11]));
            e.put("atime", atime);
            e.put("mtime", mtime);
            e.put("ctime", ctime);
            e.put("gr_name", f[9]);
            e.put("pw_name", f[8]);
            e.put("wusr", (mode & 0200) != 0);
            e.put("rusr", (mode & 0400) != 0);
            e.put("xusr", (mode & 0100) != 0);
            e.put("wgrp", (mode & 020) != 0);
            e.put("rgrp", (mode & 040) != 0);
            e.put("xgrp", (mode & 010) != 0);
            e.put("woth", (mode & 02) != 0);
            e.put("roth", (mode & 04) != 0);
            e.put("xoth", (mode & 01) != 0);
            e.put("isuid", (mode & 04000) != 0);
            e.put("isgid", (mode & 02000) != 0);
            files.add(e);
        }
        if (a.has("contains")) {
            files = filterContains(ctx, files, a.str("contains"), a.bool("read_whole_file", false));
        }
        if (a.bool("get_checksum", false)) {
            addChecksums(ctx, files);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("files", files);
        data.put("matched", files.size());
        data.put("examined", examined);
        data.put("skipped_paths", skipped);
        data.put("msg", skipped.isEmpty() ? "All paths examined" : "Not all paths examined, check warnings for details");
        return ModuleResult.ok(data);
    }

    private static long unit(String u, String units, long[] factors) {
        if (u == null) {
            return 1;
        }
        return factors[units.indexOf(Character.toLowerCase(u.charAt(0)))];
    }

    private static List<Pattern> compileAll(List<String> pats, boolean regex) {
        List<Pattern> out = new ArrayList<>();
        for (String p : pats) {
            out.add(regex ? PyRegex.compile(p, "patterns") : Pattern.compile(fnmatch(p), Pattern.DOTALL));
        }
        return out;
    }

    /** Python's fnmatch.translate. */
    static String fnmatch(String pat) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pat.length(); i++) {
            char c = pat.charAt(i);
            if (c == '*') {
                sb.append(".*");
            } else if (c == '?') {
                sb.append('.');
            } else if (c == '[') {
                int j = i + 1;
                if (j < pat.length() && pat.charAt(j) == '!') {
                    j++;
                }
                if (j < pat.length() && pat.charAt(j) == ']') {
                    j++;
                }
                while (j < pat.length() && pat.charAt(j) != ']') {
                    j++;
                }
                if (j >= pat.length()) {
                    sb.append("\\[");
                } else {
                    String stuff = pat.substring(i + 1, j).replace("\\", "\\\\");
                    if (stuff.startsWith("!")) {
                        stuff = "^" + stuff.substring(1);
                    } else if (stuff.startsWith("^")) {
                        stuff = "\\" + stuff;
                    }
                    sb.append('[').append(stuff).append(']');
                    i = j;
                }
            } else {
                sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }

    /** Ansible's pfilter: with use_regex re.match (anchored at the start only); fnmatch matches the whole name. */
    private static boolean matches(String base, List<Pattern> pats, boolean regex) {
        for (Pattern p : pats) {
            Matcher m = p.matcher(base);
            if (regex ? m.lookingAt() : m.matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<Map<String, Object>> filterContains(ModuleContext ctx, List<Map<String, Object>> files,
                                                            String regex, boolean whole) throws IOException {
        StringBuilder s = new StringBuilder("for f in");
        List<Map<String, Object>> regular = new ArrayList<>();
        for (Map<String, Object> f : files) {
            if (Boolean.TRUE.equals(f.get("isreg"))) {
                s.append(' ').append(Shell.quote((String) f.get("path")));
                regular.add(f);
            }
        }
        if (regular.isEmpty()) {
            return List.of();
        }
        String grep = whole ? "grep -Pzq -- " : "grep -Eq -- ";
        s.append("; do if ").append(grep).append(Shell.quote(whole ? regex : "^(" + regex + ")")).append(" \"$f\" 2>/dev/null; then printf '%s\\0' \"$f\"; fi; done");
        ExecResult r = ctx.run(s.toString());
        List<String> hits = List.of(new String(r.stdoutBytes(), StandardCharsets.UTF_8).split("\0"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> f : regular) {
            if (hits.contains(f.get("path"))) {
                out.add(f);
            }
        }
        return out;
    }

    private static void addChecksums(ModuleContext ctx, List<Map<String, Object>> files) throws IOException {
        StringBuilder s = new StringBuilder("for f in");
        boolean any = false;
        for (Map<String, Object> f : files) {
            if (Boolean.TRUE.equals(f.get("isreg"))) {
                s.append(' ').append(Shell.quote((String) f.get("path")));
                any = true;
            }
        }
        if (!any) {
            return;
        }
        s.append("; do printf '%s\\t%s\\0' \"$(sha1sum < \"$f\" | cut -d' ' -f1)\" \"$f\"; done");
        ExecResult r = ctx.run(s.toString());
        Map<String, String> sums = new LinkedHashMap<>();
        for (String rec : new String(r.stdoutBytes(), StandardCharsets.UTF_8).split("\0")) {
            int t = rec.indexOf('\t');
            if (t > 0) {
                sums.put(rec.substring(t + 1), rec.substring(0, t));
            }
        }
        for (Map<String, Object> f : files) {
            String sum = sums.get(f.get("path"));
            if (sum != null && !sum.isEmpty()) {
                f.put("checksum", sum);
            }
        }
    }
}
