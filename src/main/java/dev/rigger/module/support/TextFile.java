package dev.rigger.module.support;

import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.api.Diff;
import dev.rigger.module.ModuleContext;
import dev.rigger.module.ModuleResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A text file edited in place (lineinfile, blockinfile): read with its stat in one round trip, edited on the
 * controller as bytes (ISO-8859-1 strings, so every byte survives), then written back atomically only if it
 * changed, followed by Ansible's check_file_attrs step.
 */
public record TextFile(String path, String writePath, FileInfo info, byte[] bytes) {
    /** Largest file edited (the connection keeps at most 8 MiB of output). */
    public static final long MAX = 8L * 1024 * 1024 - 1024;

    public static TextFile read(ModuleContext ctx, String path) throws IOException {
        String q = Shell.quote(path);
        Probe p = new Probe().statFollow("f", q).realPath("real", q).content(q, MAX);
        Probe.Result pr = p.inspect(ctx);
        FileInfo f = pr.stat("f");
        if (f.isFile() && pr.content() == null) {
            throw new Content.WriteFailed("cannot read " + path + ": " + pr.stderr().trim());
        }
        if (f.isFile() && f.size() > MAX) {
            throw new Content.WriteFailed(path + " is larger than " + MAX + " bytes; rigger edits smaller files");
        }
        String real = pr.value("real") == null || pr.value("real").isEmpty() ? path : pr.value("real");
        return new TextFile(path, real, f, pr.content() == null ? new byte[0] : pr.content());
    }

    public boolean exists() {
        return info.exists();
    }

    /** The content as one char per byte. */
    public String latin() {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** A user-given string as the same one-char-per-byte form (its UTF-8 bytes). */
    public static String latin(String s) {
        return s == null ? null : new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** Python's bytes.readlines(): split after each \n, keeping it. */
    public static List<String> lines(String s) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                out.add(s.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < s.length()) {
            out.add(s.substring(start));
        }
        return out;
    }

    /** Python's str.splitlines(True) (splits after \n, \r\n, \r and a few more). */
    public static List<String> splitlinesKeep(String s) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                i++;
                out.add(s.substring(start, i + 1));
                start = i + 1;
            } else if (c == '\n' || c == '\r' || c == '\u000b' || c == '\u000c' || c == '\u001c' || c == '\u001d'
                    || c == '\u001e' || c == '\u0085') {
                out.add(s.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < s.length()) {
            out.add(s.substring(start));
        }
        return out;
    }

    /**
     * Writes {@code result} if it differs (unless check mode), then applies owner/group/mode like Ansible's
     * check_file_attrs. {@code data} receives msg/backup; the status is CHANGED if content or attributes changed.
     */
    public ModuleResult commit(ModuleContext ctx, String resultLatin, boolean changed, String msg, Args a,
                               Map<String, Object> data) throws IOException {
        byte[] result = resultLatin.getBytes(StandardCharsets.ISO_8859_1);
        Attrs attrs = Attrs.from(a);
        List<Diff> diffs = new ArrayList<>();
        if (ctx.diffMode() && changed) {
            Diff d = Content.diff(path + " (content)", bytes, path + " (content)", result);
            if (d != null) {
                diffs.add(d);
            }
        }
        String backup = "";
        FileInfo after = info;
        boolean attrsToo = changed && (exists() ? attrs.differs(info)
                : attrs.mode() != null && !"0644".equals(attrs.newFileMode(false)) || attrs.owner() != null
                || attrs.group() != null);
        if (changed && !ctx.checkMode()) {
            if (!exists()) {
                ExecResult r = ctx.run("d=$(dirname -- " + Shell.quote(path) + ") && { [ -d \"$d\" ] || mkdir -p -- \"$d\"; }");
                if (r.rc() != 0) {
                    throw new Content.WriteFailed("Error creating " + Content.parent(path) + " (" + r.stderr().trim()
                            + ")");
                }
            }
            Content.Written w = Content.write(ctx, writePath, result, info, attrs, a.bool("backup", false),
                    a.str("validate"));
            backup = w.backupFile() == null ? "" : w.backupFile();
            after = w.after();
        }
        data.put("backup", backup);
        if (attrsToo) {
            msg = msg + " and ownership, perms or SE linux context changed";
        }
        if (ctx.checkMode() && !exists()) {
            data.put("msg", msg);
            return finish(changed, data, diffs);
        }
        FileInfo attrBase = changed && !ctx.checkMode() ? after : info;
        if (!attrsToo && attrs.differs(attrBase)) {
            Map<String, Object> before = new LinkedHashMap<>();
            Map<String, Object> aft = new LinkedHashMap<>();
            attrs.diffInto(attrBase, before, aft);
            if (ctx.diffMode()) {
                diffs.add(Diff.of(path + " (file attributes)", Json.pretty(before), path + " (file attributes)",
                        Json.pretty(aft)));
            }
            if (!ctx.checkMode()) {
                String fix = attrs.fixScript(Shell.quote(writePath), attrBase);
                ExecResult r = ctx.run(fix);
                if (r.rc() != 0) {
                    throw new Content.WriteFailed("could not set owner/group/mode of " + path + ": "
                            + r.stderr().trim());
                }
            }
            msg = changed ? msg + " and ownership, perms or SE linux context changed"
                    : "ownership, perms or SE linux context changed";
            changed = true;
        }
        data.put("msg", msg);
        return finish(changed, data, diffs);
    }

    private static ModuleResult finish(boolean changed, Map<String, Object> data, List<Diff> diffs) {
        ModuleResult r = ModuleResult.of(changed, data);
        for (Diff d : diffs) {
            r = r.withDiff(d);
        }
        return r;
    }
}
