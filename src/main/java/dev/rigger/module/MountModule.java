package dev.rigger.module;

import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.Attrs;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.Content;
import dev.rigger.module.support.FileInfo;
import dev.rigger.module.support.Probe;
import dev.rigger.module.support.TextFile;
import dev.rigger.module.system.Fstab;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ansible.posix.mount (1.5.4) on Linux, ported from its module: one round trip reads the fstab (created when
 * missing, as Ansible creates it, check mode included), whether the path is a mount point (Python's ismount),
 * /proc/self/mountinfo (its bind mounts) and where mount and umount are; the fstab is then edited as
 * set_mount / unset_mount edit it, and mount, umount and remount (with its fallback to umount + mount) run with
 * Ansible's arguments and messages. Ansible gives no diff.
 */
public final class MountModule extends BaseModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .required("path", "state")
            .alias("name", "path")
            .args("fstab", "fstype", "opts", "dump", "passno")
            .path("path", "src")
            .bool("boot", "backup")
            .choices("state", "absent", "absent_from_fstab", "mounted", "present", "unmounted", "remounted",
                    "ephemeral")
            .requiredIf("state", "mounted", "src", "fstype")
            .requiredIf("state", "present", "src", "fstype")
            .requiredIf("state", "ephemeral", "src", "fstype")
            .build();
    private static final String REMOUNT_OPTS_FAILED = "Options were specified with remounted, but the remount "
            + "command failed. Failing in order to prevent an unexpected mount result. Try replacing this command "
            + "with a \"state: unmounted\" followed by a \"state: mounted\" using the full desired mount options "
            + "instead.";
    private static final String EPHEMERAL_OTHER_SRC = "Ephemeral mount point is already mounted with a different "
            + "source than the specified one. Failing in order to prevent an unwanted unmount or override "
            + "operation. Try replacing this command with a \"state: unmounted\" followed by a \"state: "
            + "ephemeral\", or use a different destination path.";
    /** get_bin_path: the first executable of that name on PATH, then /sbin, /usr/sbin, /usr/local/sbin. */
    private static final String PRELUDE = "rg_bin() { P=$PATH; for d in /sbin /usr/sbin /usr/local/sbin; do "
            + "case \":$P:\" in *\":$d:\"*) ;; *) [ -e \"$d\" ] && P=\"$P:$d\";; esac; done; IFS=:; for d in $P; do "
            + "if [ -n \"$d\" ] && [ -e \"$d/$1\" ] && ! [ -d \"$d/$1\" ] && [ -x \"$d/$1\" ]; then unset IFS; "
            + "printf '%s' \"$d/$1\"; return; fi; done; unset IFS; printf '\\t%s' \"$P\"; }\n"
            // Python's ismount: not a link, and path/.. on another device or the same inode
            + "rg_ism() { if [ -L \"$1\" ] || ! [ -e \"$1\" ]; then echo 0; return; fi; "
            + "a=$(stat -c '%d %i' -- \"$1\" 2>/dev/null) && p=$(readlink -m -- \"$1/..\") "
            + "&& b=$(stat -c '%d %i' -- \"$p\" 2>/dev/null) || { echo 0; return; }; "
            + "if [ \"${a% *}\" != \"${b% *}\" ] || [ \"${a#* }\" = \"${b#* }\" ]; then echo 1; else echo 0; fi; }\n"
            + "mb=$(rg_bin mount); ub=$(rg_bin umount)\n";

    @Override
    public String name() {
        return "mount";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    /** What the one inspection found. */
    private record Host(String mountBin, String umountBin, boolean isMount, boolean exists,
                        Map<String, Fstab.Mount> linuxMounts, List<String> mountL, List<String> mountV,
                        FileInfo fstabInfo, String fstabReal, List<String> lines) {
    }

    /** A command's outcome as Ansible's helpers return it: rc and out + err. */
    private record Rc(int rc, String msg) {
    }

    /** A fail_json: the module stops with this message. */
    private static final class Fail extends Exception {
        Fail(String msg) {
            super(msg, null, false, false);
        }
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String state = a.choice("state", null);
        String name = a.required("path");
        boolean boot = a.bool("boot", true);
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("name", name);
        args.put("opts", "defaults");
        args.put("dump", "0");
        args.put("passno", "0");
        args.put("fstab", "/etc/fstab");
        args.put("boot", "yes");
        List<String> warnings = new ArrayList<>();
        args.put("backup_file", "");
        for (String key : List.of("src", "fstype", "passno", "opts", "dump", "fstab")) {
            if (a.str(key) != null) {
                args.put(key, a.str(key));
            }
        }
        List<String> opts = new ArrayList<>(Arrays.asList(((String) args.get("opts")).split(",", -1)));
        if (opts.contains("noauto")) {
            warnings.add("Ignore the 'boot' due to 'opts' contains 'noauto'.");
        } else if (!boot) {
            args.put("boot", "no");
            if (opts.contains("defaults")) {
                warnings.add("Ignore the 'boot' due to 'opts' contains 'defaults'.");
            } else {
                opts.add("noauto");
                args.put("opts", String.join(",", opts));
            }
        }
        Run run = new Run(ctx, a, state, args);
        try {
            Host h = inspect(ctx, name, (String) args.get("fstab"), state);
            if (h.linuxMounts() == null) {
                warnings.add("Cannot open file /proc/self/mountinfo. Bind mounts might be misinterpreted.");
            }
            boolean changed = run.apply(h);
            if (!warnings.isEmpty()) {
                args.put("warnings", warnings);
            }
            return ModuleResult.of(changed, reorder(args));
        } catch (Fail f) {
            return ModuleResult.failed(f.getMessage());
        }
    }

    /** Ansible's key order: warnings before backup_file, src and fstype after. */
    private static Map<String, Object> reorder(Map<String, Object> args) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : List.of("name", "opts", "dump", "passno", "fstab", "boot", "warnings", "backup_file", "src",
                "fstype")) {
            if (args.containsKey(k)) {
                out.put(k, args.get(k));
            }
        }
        return out;
    }

    private static Host inspect(ModuleContext ctx, String name, String fstab, String state) throws IOException,
            Fail {
        Probe p = new Probe().shell(PRELUDE + "n=" + Shell.quote(name) + "; f=" + Shell.quote(fstab));
        if (!state.equals("ephemeral")) {
            // Ansible creates a missing fstab (and its folder) before anything else, in check mode too
            p.shell("if ! [ -e \"$f\" ]; then d=$(dirname -- \"$f\"); if ! [ -e \"$d\" ]; then "
                    + "e=$(mkdir -p -- \"$d\" 2>&1) || { printf 'V\\tmkdir\\t%s\\n' \"$e\"; exit 0; }; fi; "
                    + "e=$( { : >> \"$f\"; } 2>&1) || { printf 'V\\tcreate\\t%s\\n' \"$e\"; exit 0; }; fi");
        }
        p.value("mb", "printf '%s' \"$mb\"").value("ub", "printf '%s' \"$ub\"")
                .value("ism", "rg_ism \"$n\"").value("ex", "[ -e \"$n\" ] && echo 1")
                .value("mi", "if [ -r /proc/self/mountinfo ]; then printf y; tr '\\n' '\\t' < /proc/self/mountinfo; "
                        + "else printf n; case \"$mb\" in /*) \"$mb\" -l 2>/dev/null | tr '\\n' '\\t';; esac; fi");
        if (state.equals("ephemeral")) {
            p.value("mv", "case \"$mb\" in /*) \"$mb\" -v 2>/dev/null | tr '\\n' '\\t';; esac");
        }
        p.statFollow("f", "\"$f\"").realPath("real", "\"$f\"").content("\"$f\"", TextFile.MAX);
        Probe.Result r = p.inspect(ctx);
        if (r.value("mkdir") != null) {
            throw new Fail("Failed to create the directory of " + fstab + ": " + r.value("mkdir").trim());
        }
        if (r.value("create") != null) {
            String e = r.value("create");
            throw new Fail(e.contains("Permission denied") ? "Failed to open " + fstab + " due to permission issue"
                    : "Failed to open " + fstab + " due to " + after(e));
        }
        if (r.value("mb") == null) {
            throw new Fail("could not inspect the host: " + r.stderr().trim());
        }
        String mi = r.value("mi");
        Map<String, Fstab.Mount> linux = mi.startsWith("y") ? Fstab.linuxMounts(tabbed(mi.substring(1))) : null;
        List<String> mountL = mi.startsWith("y") ? List.of() : tabbed(mi.substring(1));
        FileInfo info = r.stat("f");
        List<String> lines = List.of();
        if (!state.equals("ephemeral")) {
            if (!info.isFile() || r.content() == null) {
                throw new Fail("Failed to open " + fstab + " due to " + (info.exists() ? "it not being a readable "
                        + "regular file" : "it being absent"));
            }
            if (info.size() > TextFile.MAX) {
                throw new Fail(fstab + " is larger than " + TextFile.MAX + " bytes; rigger edits smaller files");
            }
            try {
                lines = Fstab.readlines(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(r.content())).toString());
            } catch (CharacterCodingException e) {
                throw new Fail(fstab + " is not UTF-8 text: Ansible's module cannot read it either");
            }
        }
        String real = r.value("real") == null || r.value("real").isEmpty() ? fstab : r.value("real");
        return new Host(r.value("mb"), r.value("ub"), "1".equals(r.value("ism")), "1".equals(r.value("ex")), linux,
                mountL, r.value("mv") == null ? List.of() : tabbed(r.value("mv")), info, real, lines);
    }

    private static List<String> tabbed(String s) {
        List<String> out = new ArrayList<>();
        for (String l : s.split("\t")) {
            if (!l.isEmpty()) {
                out.add(l);
            }
        }
        return out;
    }

    /** The text after a tool's "name: path: " prefixes (its strerror). */
    private static String after(String stderr) {
        String s = stderr.trim();
        int i = s.lastIndexOf(": ");
        return i < 0 ? s : s.substring(i + 2);
    }

    /** Python's OSError text for a failed call on {@code path}: "[Errno 39] Directory not empty: '/x'". */
    static String osError(String stderr, String path, boolean bytes) {
        String strerror = after(stderr);
        Map<String, Integer> errno = Map.ofEntries(Map.entry("Operation not permitted", 1),
                Map.entry("No such file or directory", 2), Map.entry("Permission denied", 13),
                Map.entry("Device or resource busy", 16), Map.entry("File exists", 17),
                Map.entry("Not a directory", 20), Map.entry("Invalid argument", 22),
                Map.entry("No space left on device", 28), Map.entry("Read-only file system", 30),
                Map.entry("File name too long", 36), Map.entry("Directory not empty", 39),
                Map.entry("Too many levels of symbolic links", 40));
        Integer n = errno.get(strerror);
        if (n == null) {
            return stderr.trim();
        }
        String q = path.contains("'") && !path.contains("\"") ? "\"" : "'";
        String body = path.replace("\\", "\\\\");
        if (q.equals("'")) {
            body = body.replace("'", "\\'");
        }
        return "[Errno " + n + "] " + strerror + ": " + (bytes ? "b" : "") + q + body + q;
    }

    /** One module call: the arguments as Ansible's {@code args}, the commands, the fstab writes. */
    private static final class Run {
        private final ModuleContext ctx;
        private final Args a;
        private final String state;
        private final Map<String, Object> args;
        private Host h;

        Run(ModuleContext ctx, Args a, String state, Map<String, Object> args) {
            this.ctx = ctx;
            this.a = a;
            this.state = state;
            this.args = args;
        }

        private String arg(String k) {
            return (String) args.get(k);
        }

        boolean apply(Host host) throws IOException, Fail {
            this.h = host;
            String name = arg("name");
            boolean check = ctx.checkMode();
            switch (state) {
                case "absent_from_fstab" -> {
                    return unset();
                }
                case "absent" -> {
                    boolean changed = unset();
                    if (changed && !check) {
                        if (mounted(null, null)) {
                            Rc r = umount();
                            if (r.rc() != 0) {
                                throw new Fail("Error unmounting " + name + ": " + r.msg());
                            }
                        }
                        if (h.exists()) {
                            ExecResult r = ctx.run("rmdir -- " + Shell.quote(name));
                            if (r.rc() != 0) {
                                throw new Fail("Error rmdir " + name + ": " + osError(r.stderr(), name, false));
                            }
                        }
                    }
                    return changed;
                }
                case "unmounted" -> {
                    if (mounted(null, null)) {
                        if (!check) {
                            Rc r = umount();
                            if (r.rc() != 0) {
                                throw new Fail("Error unmounting " + name + ": " + r.msg());
                            }
                        }
                        return true;
                    }
                    return false;
                }
                case "mounted", "ephemeral" -> {
                    return mountedState(name, check);
                }
                case "present" -> {
                    return set().changed();
                }
                case "remounted" -> {
                    if (!check) {
                        Rc r = remount();
                        if (r.rc() != 0) {
                            throw new Fail("Error remounting " + name + ": " + r.msg());
                        }
                    }
                    return true;
                }
                default -> throw new Fail("Unexpected position reached");
            }
        }

        private boolean mountedState(String name, boolean check) throws IOException, Fail {
            List<String> dirsCreated = new ArrayList<>();
            if (!h.exists() && !check) {
                dirsCreated = mkdirs(name);
            }
            boolean changed = false;
            List<String> backupLines = List.of();
            if (!state.equals("ephemeral")) {
                Fstab.SetResult s = set();
                changed = s.changed();
                backupLines = s.oldLines();
            }
            Rc res = new Rc(0, "");
            if (mounted(arg("src"), arg("fstype"))) {
                if (changed && !check) {
                    res = remount();
                    changed = true;
                }
                if (state.equals("ephemeral")) {
                    if (sameSource()) {
                        changed = true;
                        if (!check) {
                            res = remount();
                        }
                    } else {
                        throw new Fail(EPHEMERAL_OTHER_SRC);
                    }
                }
            } else {
                changed = true;
                if (!check) {
                    res = mount();
                }
            }
            if (res.rc() != 0) {
                // Ansible puts the fstab back and removes the folders it made
                if (!state.equals("ephemeral")) {
                    try {
                        write(backupLines);
                    } catch (IOException e) {
                        // as Ansible: restoring is best effort
                    }
                }
                if (!dirsCreated.isEmpty()) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = dirsCreated.size() - 1; i >= 0; i--) {
                        sb.append("rmdir -- ").append(Shell.quote(dirsCreated.get(i))).append(" 2>/dev/null || exit 0\n");
                    }
                    ctx.run(sb.toString());
                }
                throw new Fail("Error mounting " + name + ": " + res.msg());
            }
            return changed;
        }

        /** Ansible's mkdir -p that remembers what it made, to undo it. */
        private List<String> mkdirs(String name) throws IOException, Fail {
            List<String> paths = new ArrayList<>();
            String cur = "";
            for (String part : name.replaceAll("^/+|/+$", "").split("/", -1)) {
                cur = cur + "/" + part;
                if (!name.startsWith("/")) {
                    cur = cur.replaceAll("^/+", "");
                }
                paths.add(cur);
            }
            StringBuilder sb = new StringBuilder();
            for (String p : paths) {
                String q = Shell.quote(p);
                sb.append("if ! [ -e ").append(q).append(" ]; then if e=$(mkdir -- ").append(q)
                        .append(" 2>&1); then printf 'D\\n'; elif ! [ -d ").append(q)
                        .append(" ]; then printf 'E\\t%s\\n' \"$e\"; exit 1; else printf 'X\\n'; fi; else printf 'X\\n'; fi\n");
            }
            ExecResult r = ctx.run(sb.toString());
            List<String> created = new ArrayList<>();
            String[] out = r.stdout().split("\n");
            for (int i = 0; i < out.length && i < paths.size(); i++) {
                if (out[i].equals("D")) {
                    created.add(paths.get(i));
                } else if (out[i].startsWith("E\t")) {
                    throw new Fail("Error making dir " + name + ": " + osError(out[i].substring(2), paths.get(i),
                            true));
                }
            }
            if (r.rc() != 0) {
                throw new Fail("Error making dir " + name + ": " + r.stderr().trim());
            }
            return created;
        }

        private Fstab.Entry entry() {
            return new Fstab.Entry(arg("name"), arg("src"), arg("fstype"), arg("opts"), arg("dump"), arg("passno"));
        }

        /** set_mount: the entry in the fstab, written unless check mode; backup_file when a backup was made. */
        private Fstab.SetResult set() throws IOException {
            Fstab.SetResult s = Fstab.set(h.lines(), entry());
            if (s.changed() && !ctx.checkMode()) {
                args.put("backup_file", write(s.lines()));
            }
            return s;
        }

        /** unset_mount: the entry out of the fstab (Ansible does not report the backup it makes here). */
        private boolean unset() throws IOException {
            List<String> lines = Fstab.unset(h.lines(), arg("name"), arg("src"));
            if (lines != null && !ctx.checkMode()) {
                write(lines);
            }
            return lines != null;
        }

        /** write_fstab: the lines as the file's content, after a backup when asked; the backup's name or "". */
        private String write(List<String> lines) throws IOException {
            byte[] b = String.join("", lines).getBytes(StandardCharsets.UTF_8);
            Content.Written w = Content.write(ctx, h.fstabReal(), b, h.fstabInfo(), new Attrs(null, null, null),
                    a.bool("backup", false), null);
            return w.backupFile() == null ? "" : w.backupFile();
        }

        /** ismount(name) or is_bind_mounted(name, src, fstype). */
        private boolean mounted(String src, String fstype) throws Fail {
            if (h.isMount()) {
                return true;
            }
            if (h.linuxMounts() == null) {
                bin(h.mountBin(), "mount");
            }
            return Fstab.bindMounted(h.linuxMounts(), h.mountL(), arg("name"), src, fstype);
        }

        /** _is_same_mount_src for an ephemeral mount (the path is known to be mounted). */
        private boolean sameSource() throws Fail {
            String src = arg("src");
            String mp = arg("name");
            if (h.linuxMounts() != null && Fstab.bindMounted(h.linuxMounts(), List.of(), mp, src, null)) {
                return true;
            }
            String mb = bin(h.mountBin(), "mount");
            if (h.mountV().isEmpty()) {
                throw new Fail("Unable to retrieve mount info with command '" + mb + " -v'");
            }
            for (String l : h.mountV()) {
                List<String> f = Fstab.split(l);
                if (f.size() > 2 && f.get(0).equals(src) && f.get(2).equals(mp)) {
                    return true;
                }
            }
            return false;
        }

        private static String bin(String found, String name) throws Fail {
            if (found.startsWith("\t")) {
                throw new Fail("Failed to find required executable \"" + name + "\" in paths: " + found.substring(1));
            }
            return found;
        }

        private List<String> fstabArgs() {
            String f = arg("fstab");
            return state.equals("ephemeral") || f.equals("/etc/fstab") ? List.of() : List.of("-T", f);
        }

        private List<String> ephemeralArgs() {
            if (!state.equals("ephemeral")) {
                return List.of();
            }
            List<String> out = new ArrayList<>(List.of("-t", arg("fstype")));
            if (!arg("opts").equals("defaults")) {
                out.addAll(List.of("-o", arg("opts")));
            }
            out.add(arg("src"));
            return out;
        }

        private Rc exec(List<String> cmd) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (String w : cmd) {
                sb.append(sb.length() == 0 ? "" : " ").append(Shell.quote(w));
            }
            ExecResult r = ctx.run(sb.toString());
            return r.rc() == 0 ? new Rc(0, "") : new Rc(r.rc(), r.stdout() + r.stderr());
        }

        private Rc mount() throws IOException, Fail {
            List<String> cmd = new ArrayList<>(List.of(bin(h.mountBin(), "mount")));
            cmd.addAll(fstabArgs());
            cmd.addAll(ephemeralArgs());
            cmd.add(arg("name"));
            return exec(cmd);
        }

        private Rc umount() throws IOException, Fail {
            return exec(List.of(bin(h.umountBin(), "umount"), arg("name")));
        }

        /** remount: mount -o remount first; when that fails, umount then mount (not with remounted + opts). */
        private Rc remount() throws IOException, Fail {
            List<String> cmd = new ArrayList<>(List.of(bin(h.mountBin(), "mount")));
            boolean withOpts = state.equals("remounted") && !arg("opts").equals("defaults");
            cmd.addAll(withOpts ? List.of("-o", "remount," + arg("opts")) : List.of("-o", "remount"));
            cmd.addAll(fstabArgs());
            cmd.addAll(ephemeralArgs());
            cmd.add(arg("name"));
            Rc r = exec(cmd);
            if (r.rc() != 0) {
                if (withOpts) {
                    throw new Fail(REMOUNT_OPTS_FAILED);
                }
                r = umount();
                if (r.rc() == 0) {
                    r = mount();
                }
            }
            return r;
        }
    }
}
