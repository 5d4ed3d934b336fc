package dev.rigger.module;

import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.Attrs;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.Content;
import dev.rigger.module.system.Fstab;
import dev.rigger.module.system.MountHost;
import dev.rigger.module.system.MountHost.Fail;
import java.io.IOException;
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
    @Override
    public String name() {
        return "mount";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    /** A command's outcome as Ansible's helpers return it: rc and out + err. */
    private record Rc(int rc, String msg) {
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
            MountHost h = MountHost.inspect(ctx, name, (String) args.get("fstab"), state);
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

    /** One module call: the arguments as Ansible's {@code args}, the commands, the fstab writes. */
    private static final class Run {
        private final ModuleContext ctx;
        private final Args a;
        private final String state;
        private final Map<String, Object> args;
        private MountHost h;

        Run(ModuleContext ctx, Args a, String state, Map<String, Object> args) {
            this.ctx = ctx;
            this.a = a;
            this.state = state;
            this.args = args;
        }

        private String arg(String k) {
            return (String) args.get(k);
        }

        boolean apply(MountHost host) throws IOException, Fail {
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
                                throw new Fail("Error rmdir " + name + ": " + MountHost.osError(r.stderr(), name, false));
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
                    throw new Fail("Error making dir " + name + ": " + MountHost.osError(out[i].substring(2), paths.get(i),
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
