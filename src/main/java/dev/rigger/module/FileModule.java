package dev.rigger.module;

import dev.rigger.api.Diff;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.FileAccess;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.ArgException;
import dev.rigger.module.support.Attrs;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.Content;
import dev.rigger.module.support.FileInfo;
import dev.rigger.module.support.Json;
import dev.rigger.module.support.Modes;
import dev.rigger.module.support.Probe;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ansible.builtin.file: state file/directory/link/hard/touch/absent plus owner/group/mode (octal or symbolic),
 * recursively for directories. One round trip when nothing differs; one more to apply a change.
 */
public final class FileModule extends BaseModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .required("path")
            .alias("dest", "path").alias("name", "path")
            .choices("state", "absent", "directory", "file", "hard", "link", "touch")
            .bool("recurse", "force", "follow", "unsafe_writes")
            .args("src", "mode", "owner", "group", "modification_time",
                    "modification_time_format", "access_time", "access_time_format")
            .path("path", "src")
            .build();

    @Override
    public String name() {
        return "file";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String path = a.required("path");
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String stateArg = a.choice("state", null);
        boolean recurse = a.bool("recurse", false);
        boolean force = a.bool("force", false);
        boolean follow = a.bool("follow", true);
        String src = a.str("src");
        Attrs attrs = Attrs.from(a);
        if (attrs.mode() != null) {
            Modes.resolve(attrs.mode(), 0644, false);
        }
        if (src != null && stateArg != null && !stateArg.equals("link") && !stateArg.equals("hard")) {
            throw new ArgException("src option requires state to be 'link' or 'hard'");
        }
        if (recurse && stateArg != null && !stateArg.equals("directory")) {
            throw new ArgException("recurse option requires state to be 'directory'");
        }
        String q = Shell.quote(path);
        Probe p = new Probe().statBoth("p", "t", q);
        if (src != null) {
            String srcWord = Shell.quote(src);
            p.shell("if [ -d " + q + " ]; then cd " + q + " 2>/dev/null; else cd \"$(dirname -- " + q
                    + ")\" 2>/dev/null; fi || cd /").statFollow("s", srcWord).shell("cd /");
        }
        if ("link".equals(stateArg)) { // only a link may replace a directory, and only an empty one
            p.shell("if [ -d " + q + " ] && [ ! -L " + q + " ] && [ -n \"$(ls -A -- " + q
                    + " 2>/dev/null)\" ]; then echo 'V\tnonempty\tyes'; fi");
        }
        if (recurse) {
            p.shell("if [ -d " + q + " ]; then find " + q
                    + " -mindepth 1 -printf 'R\\t%y\\t%m\\t%U\\t%G\\t%u\\t%g\\n' | sort -u; fi");
        }
        if (!"directory".equals(stateArg)) {
            p.viaShell(); // a file's state depends on its link count ("hard"), which SFTP does not report
        }
        Probe.Result pr = p.inspect(ctx);
        FileInfo prev = pr.stat("p");
        String prevState = prev.stateName();
        String state = stateArg;
        if (state == null) {
            state = prev.exists() ? (prevState.equals("hard") ? "file" : prevState) : recurse ? "directory" : "file";
        }
        if (recurse && !state.equals("directory")) {
            throw new ArgException("recurse option requires state to be 'directory'");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("path", path);
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        before.put("path", path);
        after.put("path", path);
        before.put("state", prevState);
        Plan plan = switch (state) {
            case "absent" -> absent(prev, q);
            case "directory" -> directory(path, prev, pr.stat("t"), follow, attrs, recurse, pr.stdout(), before, after);
            case "file" -> file(path, prev, pr.stat("t"), follow, attrs, before, after);
            case "link" -> link(path, prev, src, pr.stat("s"), force, "yes".equals(pr.value("nonempty")), attrs,
                    before, after);
            case "hard" -> hard(path, prev, src, pr.stat("s"), force, attrs, before, after);
            default -> touch(path, prev, attrs, a, before, after);
        };
        if (plan.error != null) {
            putState(data, prevState, prev);
            return ModuleResult.failed(plan.error, data);
        }
        String timeScript = state.equals("touch") || state.equals("absent") ? "" : times(a, q, prev, plan);
        if (!timeScript.isEmpty()) {
            plan.script.add(timeScript);
        }
        after.put("state", state);
        Diff diff = Diff.of(null, Json.pretty(before), null, Json.pretty(after));
        if (!plan.changed) {
            putState(data, state, plan.subject);
            return ModuleResult.ok(data);
        }
        if (ctx.checkMode()) {
            data.put("state", state);
            return ModuleResult.changed(data).withDiff(ctx.diffMode() && !state.equals("touch") ? diff : null);
        }
        if (plan.mkdirs != null && plan.script.size() == 1 && mkdirsDirect(ctx, plan.mkdirs, plan.dirMode)) {
            putState(data, state, new Probe().statBoth("p", "t", q).inspect(ctx).stat("p"));
            return ModuleResult.changed(data).withDiff(ctx.diffMode() ? diff : null);
        }
        Probe apply = new Probe().shell("set -e");
        for (String s : plan.script) {
            apply.shell(s);
        }
        apply.shell("set +e").statBoth("p", "t", q);
        ExecResult r = ctx.run(apply.script());
        if (r.rc() != 0) {
            return ModuleResult.failed("could not make " + path + " a " + state + ": " + r.stderr().trim(), data);
        }
        Probe.Result done = Probe.parse(r.stdoutBytes());
        putState(data, state, plan.followTarget ? done.stat("t") : done.stat("p"));
        if (state.equals("link")) {
            data.put("src", plan.linkSrc);
        }
        return ModuleResult.changed(data).withDiff(ctx.diffMode() && !state.equals("touch") ? diff : null);
    }

    /**
     * Makes the missing directories of {@code dirs} through {@link FileAccess} (no process on the host). False when
     * that way is not open or meets something it leaves to the shell (a component that is not a directory, a
     * refusal): the shell's loop then does what is left and reports any error.
     */
    private static boolean mkdirsDirect(ModuleContext ctx, List<String> dirs, int mode) throws IOException {
        FileAccess fa = ctx.connection().files(ctx.become());
        if (fa == null) {
            return false;
        }
        try {
            for (String d : dirs) {
                FileAccess.RemoteStat st = fa.stat(d, true);
                if (st == null) {
                    fa.mkdir(d, mode);
                } else if (!"directory".equals(st.type())) {
                    return false;
                }
            }
            return true;
        } catch (FileAccess.Unsupported e) {
            return false;
        }
    }

    private static void putState(Map<String, Object> data, String state, FileInfo f) {
        data.put("state", state);
        if (f != null && f.exists()) {
            data.put("mode", f.modeString());
            data.put("owner", f.owner());
            data.put("group", f.group());
            data.put("uid", f.uid());
            data.put("gid", f.gid());
            data.put("size", f.size());
            if (f.isLink()) {
                data.put("src", f.linkTarget());
            }
        }
    }

    /** What to run, whether anything changes, and which stat describes the result. */
    private static final class Plan {
        final List<String> script = new ArrayList<>();
        boolean changed;
        String error;
        FileInfo subject;
        boolean followTarget;
        String linkSrc;
        /** For a new directory: the path's components from the top, and the mode they get (octal, no owner). */
        List<String> mkdirs;
        Integer dirMode;

        static Plan fail(String msg) {
            Plan p = new Plan();
            p.error = msg;
            return p;
        }

        Plan attrs(Attrs attrs, String word, FileInfo f, Map<String, Object> before, Map<String, Object> after) {
            String fix = attrs.fixScript(word, f);
            if (!fix.isEmpty()) {
                script.add(fix);
                changed = true;
                attrs.diffInto(f, before, after);
            }
            subject = f;
            return this;
        }
    }

    private static Plan absent(FileInfo prev, String q) {
        Plan p = new Plan();
        if (prev.exists()) {
            p.changed = true;
            p.script.add("rm -rf -- " + q);
        }
        return p;
    }

    private static Plan directory(String path, FileInfo prev, FileInfo target, boolean follow, Attrs attrs,
                                  boolean recurse, String probeOut, Map<String, Object> before,
                                  Map<String, Object> after) {
        String q = Shell.quote(path);
        Plan p = new Plan();
        if (!prev.exists()) {
            p.changed = true;
            StringBuilder dirs = new StringBuilder();
            String cur = path.startsWith("/") ? "" : ".";
            for (String part : path.split("/")) {
                if (part.isEmpty()) {
                    continue;
                }
                cur = cur + "/" + part;
                dirs.append(' ').append(Shell.quote(cur));
            }
            p.script.add("for d in" + dirs + "; do if [ ! -d \"$d\" ]; then mkdir -- \"$d\"" + forceFix(attrs)
                    + "; fi; done");
            if (path.startsWith("/") && attrs.owner() == null && attrs.group() == null && attrs.mode() != null
                    && Modes.isOctal(attrs.mode())) {
                p.mkdirs = new ArrayList<>();
                String c = "";
                for (String part : path.split("/")) {
                    if (!part.isEmpty()) {
                        c = c + "/" + part;
                        p.mkdirs.add(c);
                    }
                }
                p.dirMode = Modes.resolve(attrs.mode(), 0, true);
            }
            return p;
        }
        FileInfo subject = prev;
        String word = q;
        if (prev.isLink() && follow && target.isDir()) {
            subject = target;
            p.followTarget = true;
        } else if (!prev.isDir()) {
            return Plan.fail(path + " already exists as a " + prev.stateName());
        }
        p.attrs(attrs, word, subject, before, after);
        if (recurse && !attrs.isEmpty()) {
            boolean differs = false;
            for (String line : probeOut.split("\n")) {
                String[] f = line.split("\t", -1);
                if (f.length < 7 || !f[0].equals("R")) {
                    continue;
                }
                String type = f[1].equals("d") ? "directory" : f[1].equals("l") ? "link" : "file";
                FileInfo fi = new FileInfo(path, type, Integer.parseInt(f[2], 8), Long.parseLong(f[3]),
                        Long.parseLong(f[4]), f[5], f[6], 0, 0, 0, 0, 0, 1, 0, null, null);
                differs |= attrs.differs(fi);
            }
            if (differs) {
                p.changed = true;
                if (attrs.owner() != null) {
                    p.script.add("chown -R -h -- " + Shell.quote(attrs.owner()) + " " + q);
                }
                if (attrs.group() != null) {
                    p.script.add("chgrp -R -h -- " + Shell.quote(attrs.group()) + " " + q);
                }
                if (attrs.mode() != null) {
                    String m = Modes.isOctal(attrs.mode()) ? Modes.format(Modes.resolve(attrs.mode(), 0, false))
                            : String.valueOf(attrs.mode());
                    p.script.add("chmod -R -- " + Shell.quote(m) + " " + q);
                }
            }
        }
        return p;
    }

    /** owner/group/mode commands for a directory just created by mkdir (shell word "$d"). */
    private static String forceFix(Attrs attrs) {
        StringBuilder s = new StringBuilder();
        if (attrs.owner() != null) {
            s.append(" && chown -- ").append(Shell.quote(attrs.owner())).append(" \"$d\"");
        }
        if (attrs.group() != null) {
            s.append(" && chgrp -- ").append(Shell.quote(attrs.group())).append(" \"$d\"");
        }
        if (attrs.mode() != null) {
            String m = Modes.isOctal(attrs.mode()) ? Modes.format(Modes.resolve(attrs.mode(), 0, true))
                    : String.valueOf(attrs.mode());
            s.append(" && chmod -- ").append(Shell.quote(m)).append(" \"$d\"");
        }
        return s.toString();
    }

    private static Plan file(String path, FileInfo prev, FileInfo target, boolean follow, Attrs attrs,
                             Map<String, Object> before, Map<String, Object> after) {
        if (!prev.exists()) {
            return Plan.fail("file (" + path + ") is absent, cannot continue");
        }
        Plan p = new Plan();
        if (prev.isLink()) {
            if (!follow || !target.exists()) {
                return Plan.fail("file (" + path + ") is link, cannot continue");
            }
            if (!target.isFile()) {
                return Plan.fail("file (" + path + ") is " + target.stateName() + ", cannot continue");
            }
            p.followTarget = true;
            return p.attrs(attrs, Shell.quote(path), target, before, after);
        }
        if (!prev.isFile()) {
            return Plan.fail("file (" + path + ") is " + prev.stateName() + ", cannot continue");
        }
        return p.attrs(attrs, Shell.quote(path), prev, before, after);
    }

    private static Plan link(String path, FileInfo prev, String src, FileInfo srcInfo, boolean force,
                             boolean nonEmptyDir, Attrs attrs, Map<String, Object> before, Map<String, Object> after) {
        String q = Shell.quote(path);
        if (src == null) {
            if (prev.isLink()) {
                src = prev.linkTarget();
            } else {
                return Plan.fail("src is required for creating new symlinks");
            }
        }
        Plan p = new Plan();
        p.linkSrc = src;
        if (!force && !srcInfo.exists()) {
            String abs = src.startsWith("/") ? src : (prev.isDir() ? path : Content.parent(path)) + "/" + src;
            return Plan.fail("src file does not exist, use \"force=yes\" if you really want to create the link: "
                    + abs);
        }
        String replace = "tmp=" + Shell.quote(Content.parent(path) + "/." + Content.base(path) + ".rigger-link")
                + ".$$; ln -s -- " + Shell.quote(src) + " \"$tmp\" && mv -Tf -- \"$tmp\" " + q;
        if (prev.isLink()) {
            if (src.equals(prev.linkTarget())) {
                return p.attrs(new Attrs(attrs.owner(), attrs.group(), null), q, prev, before, after);
            }
            before.put("src", prev.linkTarget());
            after.put("src", src);
            p.changed = true;
            p.script.add(replace);
        } else if (!prev.exists()) {
            after.put("src", src);
            p.changed = true;
            p.script.add("ln -s -- " + Shell.quote(src) + " " + q);
        } else if (prev.isDir()) {
            if (!force) {
                return Plan.fail("refusing to convert from directory to symlink for " + path);
            }
            if (nonEmptyDir) {
                return Plan.fail("the directory " + path + " is not empty, refusing to convert it");
            }
            p.changed = true;
            p.script.add("rmdir -- " + q);
            p.script.add("ln -s -- " + Shell.quote(src) + " " + q);
        } else {
            if (!force) {
                return Plan.fail("refusing to convert from " + prev.stateName() + " to symlink for " + path);
            }
            p.changed = true;
            p.script.add(replace);
        }
        Attrs own = new Attrs(attrs.owner(), attrs.group(), null);
        if (!own.isEmpty()) {
            p.script.add(own.fixScript(q, new FileInfo(path, "link", 0777, -1, -1, null, null, 0, 0, 0, 0, 0, 1, 0,
                    src, null)));
        }
        return p;
    }

    private static Plan hard(String path, FileInfo prev, String src, FileInfo srcInfo, boolean force, Attrs attrs,
                             Map<String, Object> before, Map<String, Object> after) {
        String q = Shell.quote(path);
        if (src == null) {
            return Plan.fail("src is required for creating new hard links");
        }
        if (!srcInfo.exists()) {
            return Plan.fail("src does not exist");
        }
        Plan p = new Plan();
        if (prev.exists() && !prev.isLink() && prev.inode() == srcInfo.inode() && prev.dev() == srcInfo.dev()) {
            return p.attrs(attrs, q, prev, before, after);
        }
        if (prev.isDir()) {
            return Plan.fail("Cannot link, directory exists at destination");
        }
        if (prev.exists() && !force) {
            return Plan.fail("Cannot link, " + prev.stateName() + " exists at destination");
        }
        p.changed = true;
        String qs = Shell.quote(src);
        if (prev.exists()) {
            p.script.add("tmp=" + Shell.quote(Content.parent(path) + "/." + Content.base(path) + ".rigger-link")
                    + ".$$; ln -- " + qs + " \"$tmp\" && mv -f -- \"$tmp\" " + q);
        } else {
            p.script.add("ln -- " + qs + " " + q);
        }
        String fix = attrs.fixScript(q, FileInfo.absent(path));
        if (!fix.isEmpty() && attrs.differs(srcInfo)) {
            p.script.add(fix);
        }
        return p;
    }

    private static Plan touch(String path, FileInfo prev, Attrs attrs, Args a, Map<String, Object> before,
                              Map<String, Object> after) {
        String q = Shell.quote(path);
        Plan p = new Plan();
        String mtime = a.str("modification_time", "now");
        String atime = a.str("access_time", "now");
        if (!prev.exists()) {
            p.changed = true;
            p.script.add("touch -- " + q);
            String fix = attrs.fixScript(q, FileInfo.absent(path));
            if (!fix.isEmpty()) {
                p.script.add(fix);
            }
        } else {
            p.attrs(attrs, q, prev, before, after);
        }
        boolean preserveAll = mtime.equals("preserve") && atime.equals("preserve");
        if (!preserveAll) {
            p.changed = true;
            p.script.add(timeCommand("-m", mtime, a.str("modification_time_format", "%Y%m%d%H%M.%S"), q));
            p.script.add(timeCommand("-a", atime, a.str("access_time_format", "%Y%m%d%H%M.%S"), q));
        }
        return p;
    }

    /** Explicit modification/access times for the other states (changed when they differ). */
    private static String times(Args a, String q, FileInfo prev, Plan plan) {
        StringBuilder s = new StringBuilder();
        String m = a.str("modification_time", "preserve");
        String at = a.str("access_time", "preserve");
        if (!m.equals("preserve") && (m.equals("now") || epoch(m, a.str("modification_time_format",
                "%Y%m%d%H%M.%S")) != prev.mtime())) {
            s.append(timeCommand("-m", m, a.str("modification_time_format", "%Y%m%d%H%M.%S"), q));
            plan.changed = true;
        }
        if (!at.equals("preserve") && (at.equals("now") || epoch(at, a.str("access_time_format",
                "%Y%m%d%H%M.%S")) != prev.atime())) {
            s.append(s.length() > 0 ? "; " : "").append(timeCommand("-a", at, a.str("access_time_format",
                    "%Y%m%d%H%M.%S"), q));
            plan.changed = true;
        }
        return s.toString();
    }

    private static String timeCommand(String which, String value, String format, String q) {
        if (value.equals("preserve")) {
            return ":";
        }
        if (value.equals("now")) {
            return "touch -c -h " + which + " -- " + q;
        }
        return "touch -c -h " + which + " -d @" + epoch(value, format) + " -- " + q;
    }

    private static long epoch(String value, String strftime) {
        String pattern = strftime.replace("'", "''").replace("%Y", "yyyy").replace("%m", "MM").replace("%d", "dd")
                .replace("%H", "HH").replace("%M", "mm").replace("%S", "ss").replace("%y", "yy").replace("%%", "%");
        if (pattern.contains("%")) {
            throw new ArgException("time format " + strftime + " is not understood: use %Y %m %d %H %M %S %y");
        }
        try {
            return LocalDateTime.parse(value, DateTimeFormatter.ofPattern(pattern)).atZone(ZoneId.systemDefault())
                    .toEpochSecond();
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new ArgException("Error while obtaining timestamp for time " + value + " using format " + strftime
                    + ": " + e.getMessage());
        }
    }
}
