package dev.rigger.module;

import dev.rigger.api.Diff;
import dev.rigger.connection.ExecResult;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * ansible.builtin.copy: a controller file ({@code src}, directories recursively), inline {@code content}, or a host
 * file ({@code remote_src}) to {@code dest}. An unchanged file costs one round trip: the host's SHA-1 of dest is
 * compared with the SHA-1 computed here, so nothing is transferred.
 */
public final class CopyModule extends BaseModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .required("dest")
            .args("src", "content", "validate", "directory_mode", "mode", "owner", "group", "checksum")
            .bool("backup", "force", "remote_src", "local_follow", "follow", "unsafe_writes", "decrypt")
            .path("dest")
            .controllerPath("src")
            .build();

    @Override
    public String name() {
        return "copy";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    /** What to write and how: shared with template. */
    record Request(String dest, byte[] bytes, String srcLabel, String srcName, Attrs attrs, boolean force,
                   boolean backup, String validate, boolean follow, String expectedChecksum, Map<String, Object> extra,
                   boolean makeDirs, Object directoryMode) {
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String dest = a.required("dest");
        if (a.has("content") && a.has("src")) { // the copy action plugin's rule, not the module's argument_spec
            throw new ArgException("src and content are mutually exclusive");
        }
        if (!a.has("src") && !a.has("content")) {
            throw new ArgException("src (or content) is required");
        }
        Attrs attrs = Attrs.from(a);
        boolean force = a.bool("force", true);
        boolean backup = a.bool("backup", false);
        boolean follow = a.bool("follow", false);
        String validate = a.str("validate");
        if (!a.bool("local_follow", true)) {
            throw new ArgException("local_follow: false is not supported by rigger: it copies the files that "
                    + "controller symlinks point to; remove local_follow or copy the link with the file module");
        }
        if (a.bool("remote_src", false)) {
            if (!a.has("src")) {
                throw new ArgException("src is required with remote_src=true");
            }
            return remoteCopy(a.str("src"), dest, attrs, force, backup, ctx);
        }
        if (a.has("content")) {
            if (dest.endsWith("/")) {
                return ModuleResult.failed("can not use content with a dir as dest");
            }
            Object c = a.raw("content");
            String text = c instanceof Map<?, ?> || c instanceof List<?> ? Json.dumps(c) : String.valueOf(c);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            Map<String, Object> extra = new LinkedHashMap<>();
            return copyBytes(new Request(dest, bytes, "dynamically generated", null, attrs, force, backup, validate,
                    follow, a.str("checksum"), extra, false, null), ctx);
        }
        String src = a.str("src");
        Path local = ctx.findFile(src, "files");
        if (Files.isDirectory(local)) {
            return copyTree(local, src.endsWith("/"), dest, attrs, a.raw("directory_mode"), force,
                    a.bool("decrypt", true), ctx);
        }
        Content.ControllerFile source = Content.controllerFile(ctx, local, a.bool("decrypt", true));
        byte[] bytes = source.bytes();
        if ("preserve".equals(a.str("mode"))) {
            attrs = attrs.withMode(localMode(local));
        }
        boolean makeDirs = dest.endsWith("/");
        if (makeDirs) {
            dest = dest + local.getFileName();
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("src", local.toString());
        ModuleResult res = copyBytes(new Request(dest, bytes, local.toString(), local.getFileName().toString(), attrs,
                force, backup, validate, follow, a.str("checksum"), extra, makeDirs, a.raw("directory_mode")), ctx);
        return source.vaulted() ? res.withDiffsHidden(Content.VAULTED) : res;
    }

    /** Copies bytes computed on the controller to dest (copy with src/content, template). */
    static ModuleResult copyBytes(Request r, ModuleContext ctx) throws IOException {
        String sha = Content.sha1(r.bytes());
        if (r.expectedChecksum() != null && !r.expectedChecksum().equalsIgnoreCase(sha)) {
            return ModuleResult.failed("Copied file does not match the expected checksum. Transfer failed.");
        }
        // the destination is known on the controller unless it may be a folder to copy into or a link to follow:
        // then literal paths only, which FileAccess can answer without a process on the host
        String known = r.srcName() == null && !r.follow() && r.dest().startsWith("/") && !r.dest().endsWith("/")
                ? r.dest() : null;
        Probe p;
        String word;
        if (known != null) {
            word = Shell.quote(known);
            p = new Probe().statFollow("parent", Shell.quote(Content.parent(known)));
        } else {
            p = new Probe().shell("p=" + Shell.quote(r.dest()));
            if (r.srcName() != null) {
                p.shell("if [ -d \"$p\" ]; then p=\"$p\"/" + Shell.quote(r.srcName()) + "; fi");
            }
            if (r.follow()) {
                p.shell("if [ -L \"$p\" ]; then p=$(readlink -f -- \"$p\"); fi");
            }
            word = "\"$p\"";
            p.value("dest", "printf '%s' \"$p\"").shell("pd=$(dirname -- \"$p\")").statFollow("parent", "\"$pd\"");
        }
        p.statFollow("f", word).sha1("f", word);
        if (ctx.diffMode()) {
            p.content(word, Content.MAX_DIFF + 1L);
        }
        Probe.Result pr = p.inspect(ctx);
        if (pr.rc() != 0) {
            return ModuleResult.failed("could not inspect " + r.dest() + ": " + pr.stderr().trim());
        }
        String dest = known != null ? known : pr.value("dest");
        FileInfo cur = pr.stat("f");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("dest", dest);
        data.putAll(r.extra());
        boolean madeDirs = false;
        if (!pr.stat("parent").isDir()) {
            if (!r.makeDirs() || pr.stat("parent").exists()) {
                if (ctx.checkMode() && !pr.stat("parent").exists()) {
                    // as Ansible's copy action in check mode: the file would be written (once an earlier task
                    // has made its folder), so predict the change rather than fail
                    data.put("msg", "Destination directory " + Content.parent(dest) + " does not exist yet");
                    return ModuleResult.changed(data).asUncertain();
                }
                return ModuleResult.failed("Destination directory " + Content.parent(dest) + " does not exist", data);
            }
            if (!ctx.checkMode()) {
                makeParents(ctx, Content.parent(dest), r.directoryMode());
            }
            madeDirs = true;
        }
        if (cur.exists() && !cur.isFile()) {
            return ModuleResult.failed("Destination " + dest + " is a " + cur.type() + ", not a regular file", data);
        }
        if (cur.exists() && !r.force()) {
            data.put("msg", "file already exists");
            data.put("changed", false);
            return ModuleResult.ok(data);
        }
        boolean contentChanged = madeDirs || !cur.exists() || !sha.equals(cur.sha1());
        boolean attrsChanged = r.attrs().differs(cur);
        data.put("checksum", sha);
        data.put("md5sum", Content.digest("MD5", r.bytes()));
        data.put("size", (long) r.bytes().length);
        data.put("state", "file");
        Diff diff = null;
        if (ctx.diffMode() && contentChanged) {
            byte[] before = cur.exists() ? pr.content() : null;
            if (cur.exists() && before != null && before.length > Content.MAX_DIFF) {
                before = new byte[Content.MAX_DIFF + 1];
            }
            diff = Content.diff(dest, before, r.srcLabel(), r.bytes());
        }
        if (!contentChanged && !attrsChanged) {
            putAttrs(data, cur);
            return ModuleResult.ok(data);
        }
        if (ctx.checkMode()) {
            FileInfo predicted = cur.exists() ? r.attrs().predict(cur) : null;
            if (predicted != null) {
                putAttrs(data, predicted);
            } else if (r.attrs().mode() != null) {
                data.put("mode", r.attrs().newFileMode(false));
            }
            return ModuleResult.changed(data).withDiff(diff);
        }
        FileInfo after;
        if (contentChanged) {
            Content.Written w = Content.write(ctx, dest, r.bytes(), cur, r.attrs(), r.backup(), r.validate());
            after = w.after();
            if (w.backupFile() != null) {
                data.put("backup_file", w.backupFile());
            }
        } else {
            after = fixAttrs(ctx, dest, cur, r.attrs());
        }
        putAttrs(data, after);
        return ModuleResult.changed(data).withDiff(diff);
    }

    /** mkdir for each missing component of {@code dir}, with directory_mode applied to the new ones. */
    static void makeParents(ModuleContext ctx, String dir, Object directoryMode) throws IOException {
        StringBuilder dirs = new StringBuilder();
        String cur = dir.startsWith("/") ? "" : ".";
        for (String part : dir.split("/")) {
            if (!part.isEmpty()) {
                cur = cur + "/" + part;
                dirs.append(' ').append(Shell.quote(cur));
            }
        }
        String chmod = directoryMode == null ? ""
                : " && chmod " + Modes.format(Modes.resolve(directoryMode, 0755, true)) + " \"$d\"";
        ExecResult r = ctx.run("for d in" + dirs + "; do if [ ! -d \"$d\" ]; then mkdir -- \"$d\"" + chmod
                + " || exit 1; fi; done");
        if (r.rc() != 0) {
            throw new Content.WriteFailed("could not create " + dir + ": " + r.stderr().trim());
        }
    }

    /** Applies owner/group/mode to an existing path and returns its new state (one round trip). */
    static FileInfo fixAttrs(ModuleContext ctx, String path, FileInfo cur, Attrs attrs) throws IOException {
        String q = Shell.quote(path);
        String fix = attrs.fixScript(q, cur);
        Probe p = new Probe();
        if (!fix.isEmpty()) {
            p.shell(fix + " || exit 1");
        }
        p.stat("d", q);
        ExecResult r = ctx.run(p.script());
        if (r.rc() != 0) {
            throw new Content.WriteFailed("could not set owner/group/mode of " + path + ": " + r.stderr().trim());
        }
        return Probe.parse(r.stdoutBytes()).stat("d");
    }

    static void putAttrs(Map<String, Object> data, FileInfo f) {
        if (f.mode() != 0 || f.exists()) {
            data.put("mode", f.modeString());
        }
        if (f.owner() != null) {
            data.put("owner", f.owner());
            data.put("uid", f.uid());
        }
        if (f.group() != null) {
            data.put("group", f.group());
            data.put("gid", f.gid());
        }
    }

    private static String localMode(Path p) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
        int m = 0;
        for (PosixFilePermission pp : perms) {
            m |= 1 << (8 - pp.ordinal());
        }
        return Modes.format(m);
    }

    /** A controller directory: "dir/" copies its contents into dest, "dir" copies dir itself into dest. */
    private ModuleResult copyTree(Path local, boolean contentsOnly, String dest, Attrs attrs, Object dirMode,
                                  boolean force, boolean decrypt, ModuleContext ctx) throws IOException {
        String root = dest.endsWith("/") && dest.length() > 1 ? dest.substring(0, dest.length() - 1) : dest;
        if (!contentsOnly) {
            root = root + "/" + local.getFileName();
        }
        List<Path> dirs = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(local)) {
            walk.sorted().forEach(x -> (Files.isDirectory(x) ? dirs : files).add(x));
        }
        StringBuilder s = new StringBuilder("for d in");
        for (Path d : dirs) {
            String rel = local.relativize(d).toString();
            s.append(' ').append(Shell.quote(rel.isEmpty() ? root : root + "/" + rel));
        }
        s.append("; do if [ ! -d \"$d\" ]; then printf 'D\\t%s\\n' \"$d\"; ");
        if (!ctx.checkMode()) {
            s.append("mkdir -p -- \"$d\" || exit 1; ");
            if (dirMode != null) {
                s.append("chmod ").append(Modes.format(Modes.resolve(dirMode, 0755, true))).append(" \"$d\" || exit 1; ");
            }
        }
        s.append("fi; done\n");
        Probe probe = new Probe().shell(s.toString());
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String target = root + "/" + local.relativize(files.get(i));
            targets.add(target);
            probe.statFollow("f" + i, Shell.quote(target)).sha1("f" + i, Shell.quote(target));
        }
        ExecResult r = ctx.run(probe.script());
        if (r.rc() != 0) {
            return ModuleResult.failed("could not create directories under " + root + ": " + r.stderr().trim());
        }
        boolean changed = r.stdout().lines().anyMatch(l -> l.startsWith("D\t"));
        Probe.Result pr = Probe.parse(r.stdoutBytes());
        List<Diff> diffs = new ArrayList<>();
        boolean vaulted = false;
        for (int i = 0; i < files.size(); i++) {
            String target = targets.get(i);
            Content.ControllerFile source = Content.controllerFile(ctx, files.get(i), decrypt);
            vaulted |= source.vaulted();
            byte[] bytes = source.bytes();
            FileInfo cur = pr.stat("f" + i);
            if (cur.exists() && !cur.isFile()) {
                return ModuleResult.failed("Destination " + target + " is a " + cur.type() + ", not a regular file");
            }
            if (cur.exists() && !force) {
                continue;
            }
            boolean contentChanged = !cur.exists() || !Content.sha1(bytes).equals(cur.sha1());
            if (!contentChanged && !attrs.differs(cur)) {
                continue;
            }
            changed = true;
            if (ctx.diffMode() && contentChanged) {
                if (cur.exists()) {
                    ModuleResult one = copyBytes(new Request(target, bytes, files.get(i).toString(), null, attrs,
                            force, false, null, false, null, Map.of(), false, null), ctx);
                    if (one.failed()) {
                        return one;
                    }
                    diffs.addAll(one.diffs());
                    continue;
                }
                Diff d = Content.diff(target, new byte[0], files.get(i).toString(), bytes);
                if (d != null) {
                    diffs.add(d);
                }
            }
            if (ctx.checkMode()) {
                continue;
            }
            if (contentChanged) {
                Content.write(ctx, target, bytes, cur, attrs, false, null);
            } else {
                fixAttrs(ctx, target, cur, attrs);
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("dest", root.endsWith("/") ? root : root + "/");
        data.put("src", local.toString());
        ModuleResult res = ModuleResult.of(changed, data);
        for (Diff d : diffs) {
            res = res.withDiff(d);
        }
        return vaulted ? res.withDiffsHidden(Content.VAULTED) : res;
    }

    /** remote_src: both files on the host; compared there by SHA-1 (files) or diff -r (directories). */
    private ModuleResult remoteCopy(String src, String dest, Attrs attrs, boolean force, boolean backup,
                                    ModuleContext ctx) throws IOException {
        String qs = Shell.quote(src);
        String destNoSlash = dest.length() > 1 && dest.endsWith("/") ? dest.substring(0, dest.length() - 1) : dest;
        String tree = src.endsWith("/") ? destNoSlash : destNoSlash + "/" + Content.base(src);
        Probe p = new Probe().shell("p=" + Shell.quote(dest))
                .shell("if [ -d \"$p\" ]; then p=\"$p\"/" + Shell.quote(Content.base(src)) + "; fi")
                .value("dest", "printf '%s' \"$p\"")
                .statFollow("s", qs).sha1("s", qs).statFollow("f", "\"$p\"").sha1("f", "\"$p\"")
                .shell("if [ -d " + qs + " ] && diff -rq " + qs + " " + Shell.quote(tree)
                        + " >/dev/null 2>&1; then echo 'V\tsame\tyes'; fi");
        ExecResult er = ctx.run(p.script());
        Probe.Result pr = Probe.parse(er.stdoutBytes());
        FileInfo s = pr.stat("s");
        String target = pr.value("dest");
        FileInfo cur = pr.stat("f");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("src", src);
        data.put("dest", target);
        if (!s.exists()) {
            return ModuleResult.failed("Source " + src + " not found", data);
        }
        if (s.isDir()) {
            data.put("dest", tree);
            boolean same = "yes".equals(pr.value("same"));
            if (same || ctx.checkMode()) {
                return ModuleResult.of(!same, data);
            }
            String qt = Shell.quote(tree);
            ExecResult r = ctx.run("mkdir -p -- " + qt + " && cp -a -- " + qs + "/. " + qt + "/");
            if (r.rc() != 0) {
                return ModuleResult.failed("could not copy " + src + " to " + tree + ": " + r.stderr().trim(), data);
            }
            return ModuleResult.changed(data);
        }
        if (cur.exists() && !force) {
            data.put("msg", "file already exists");
            return ModuleResult.ok(data);
        }
        boolean contentChanged = !cur.exists() || !String.valueOf(s.sha1()).equals(cur.sha1());
        data.put("checksum", s.sha1());
        data.put("size", s.size());
        data.put("state", "file");
        if (!contentChanged && !attrs.differs(cur)) {
            putAttrs(data, cur);
            return ModuleResult.ok(data);
        }
        if (ctx.checkMode()) {
            return ModuleResult.changed(data);
        }
        FileInfo after = cur;
        if (contentChanged) {
            if (backup && cur.exists()) {
                data.put("backup_file", Content.backup(ctx, target));
            }
            String qt = Shell.quote(target);
            String script = "t=" + qt + "; " + dev.rigger.connection.AtomicWrite.TEMP_NAME + "; rm -f \"$tmp\"; "
                    + "trap 'rm -f \"$tmp\"' EXIT; (set -C; : > \"$tmp\") && cp -- " + qs + " \"$tmp\" || exit 1; "
                    + "if [ -e \"$t\" ]; then chmod --reference=\"$t\" \"$tmp\"; chown --reference=\"$t\" \"$tmp\" 2>/dev/null; fi; "
                    + "mv -f \"$tmp\" \"$t\" && trap - EXIT";
            ExecResult r = ctx.run(script);
            if (r.rc() != 0) {
                return ModuleResult.failed("could not copy " + src + " to " + target + ": " + r.stderr().trim(), data);
            }
            after = new FileInfo(target, "file", cur.exists() ? cur.mode() : s.mode(), cur.uid(), cur.gid(),
                    cur.owner(), cur.group(), s.size(), 0, 0, 0, 0, 1, 0, null, s.sha1());
            if (!cur.exists()) {
                after = fixAttrs(ctx, target, FileInfo.absent(target), new Attrs(null, null, null));
            }
        }
        if (attrs.differs(after)) {
            after = fixAttrs(ctx, target, after, attrs);
        }
        putAttrs(data, after);
        return ModuleResult.changed(data);
    }
}
