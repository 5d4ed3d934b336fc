package dev.rigger.module.support;

import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.api.Diff;
import dev.rigger.module.ModuleContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content helpers shared by copy, template, lineinfile and blockinfile: checksums, diffs, atomic writes. */
public final class Content {
    /** Ansible's limit for content diffs (callback/__init__.py). */
    public static final int MAX_DIFF = 104448;

    private Content() {
    }

    public static String sha1(byte[] b) {
        return digest("SHA-1", b);
    }

    public static String digest(String algorithm, byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }

    /** A controller file's bytes, and whether they were decrypted from a vaulted file. */
    public record ControllerFile(byte[] bytes, boolean vaulted) {
    }

    /**
     * Reads a controller file (copy/template {@code src}), decrypting it with the run's vault secrets when it is
     * vaulted and {@code decrypt} is on, as Ansible's {@code DataLoader.get_real_file}.
     *
     * @throws dev.rigger.vault.VaultException when it is vaulted and no secret decrypts it
     */
    public static ControllerFile controllerFile(ModuleContext ctx, java.nio.file.Path p, boolean decrypt)
            throws IOException {
        byte[] raw = java.nio.file.Files.readAllBytes(p);
        if (!decrypt || !dev.rigger.vault.VaultFormat.isEncrypted(raw)) {
            return new ControllerFile(raw, false);
        }
        return new ControllerFile(ctx.vault().decrypt(new String(raw, StandardCharsets.US_ASCII),
                new dev.rigger.Pos(p.toString(), 0, 0)), true);
    }

    /** Why a vaulted source's diff is not shown. */
    public static final String VAULTED = "the source is vaulted";

    /** Whether content may be shown as a text diff: not larger than Ansible's limit and no NUL byte. */
    public static boolean diffable(byte[] b) {
        if (b == null) {
            return true;
        }
        if (b.length > MAX_DIFF) {
            return false;
        }
        for (byte x : b) {
            if (x == 0) {
                return false;
            }
        }
        return true;
    }

    /** A content diff, or null when either side is binary or too large (Ansible skips those). */
    public static Diff diff(String beforeHeader, byte[] before, String afterHeader, byte[] after) {
        if (!diffable(before) || !diffable(after)) {
            return null;
        }
        return Diff.of(beforeHeader, text(before), afterHeader, text(after));
    }

    public static String text(byte[] b) {
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }

    /** What a write left behind: the backup file (or null) and the file's state after. */
    public record Written(String backupFile, FileInfo after) {
    }

    /**
     * Replaces {@code path} with {@code content} atomically (temp file beside it, then rename), optionally after a
     * backup and after {@code validate} (a command with %s) accepted the temp file; then applies owner/group/mode
     * and reports the new state. Throws {@link WriteFailed} with a message when backup/validate/attributes fail.
     */
    public static Written write(ModuleContext ctx, String path, byte[] content, FileInfo cur, Attrs attrs,
                                boolean backup, String validate) throws IOException {
        String q = Shell.quote(path);
        String backupFile = null;
        if (backup && cur.exists()) {
            backupFile = backup(ctx, path);
        }
        String mode = null;
        if (attrs.mode() != null) {
            mode = cur.exists() ? Modes.format(attrs.wantedMode(cur.mode(), false)) : attrs.newFileMode(false);
        }
        if (validate != null) {
            if (!validate.contains("%s")) {
                throw new WriteFailed("validate must contain %s: " + validate);
            }
            String tmp = parent(path) + "/." + base(path) + ".rigger-validate." + Long.toHexString(System.nanoTime());
            ctx.connection().writeFileAtomic(tmp, content, mode, ctx.become());
            String tq = Shell.quote(tmp);
            String script = "if [ -e " + q + " ]; then chown --reference=" + q + " " + tq + " 2>/dev/null || true; "
                    + (mode == null ? "chmod --reference=" + q + " " + tq + " 2>/dev/null || true; " : "") + "fi\n"
                    + "( " + validate.replace("%s", tq) + " ) 2>&1\nrc=$?\nif [ $rc -ne 0 ]; then rm -f " + tq
                    + "; exit $rc; fi\nmv -f " + tq + " " + q;
            ExecResult r = ctx.run(script);
            if (r.rc() != 0) {
                throw new WriteFailed("failed to validate: rc:" + r.rc() + " error:" + r.stdout().trim()
                        + r.stderr().trim());
            }
        } else {
            ctx.connection().writeFileAtomic(path, content, mode, ctx.become());
        }
        FileInfo written = new FileInfo(path, "file", 0, -1, -1, null, null, content.length, 0, 0, 0, 0, 1, 0, null,
                null);
        if (cur.exists()) {
            written = new FileInfo(path, "file", mode == null ? cur.mode() : Integer.parseInt(mode, 8), cur.uid(),
                    cur.gid(), cur.owner(), cur.group(), content.length, 0, 0, 0, 0, 1, 0, null, null);
        }
        Attrs rest = new Attrs(attrs.owner(), attrs.group(), null);
        String fix = cur.exists() ? rest.fixScript(q, written) : rest.fixScript(q, FileInfo.absent(path));
        if (fix.isEmpty() && cur.exists()) {
            // nothing left to apply and every attribute is known: no extra round trip
            return new Written(backupFile, written.withSha1(sha1(content)));
        }
        Probe p = new Probe();
        if (!fix.isEmpty()) {
            p.shell(fix + " || exit 1");
        }
        p.stat("d", q); // its checksum is the content's: the write is all or nothing
        Probe.Result r = p.inspect(ctx);
        if (r.rc() != 0) {
            throw new WriteFailed("chown failed on " + path + ": " + r.stderr().trim());
        }
        return new Written(backupFile, r.stat("d").withSha1(sha1(content)));
    }

    /** Copies {@code path} to Ansible's backup name (path.PID.YYYY-MM-DD@HH:MM:SS~) and returns that name. */
    public static String backup(ModuleContext ctx, String path) throws IOException {
        String q = Shell.quote(path);
        ExecResult r = ctx.run("b=" + q + ".$$.$(date +%Y-%m-%d@%H:%M:%S~) && cp -p -- " + q
                + " \"$b\" && printf '%s' \"$b\"");
        if (r.rc() != 0) {
            throw new WriteFailed("could not back up " + path + ": " + r.stderr().trim());
        }
        return r.stdout();
    }

    public static String parent(String path) {
        int i = path.lastIndexOf('/');
        if (i < 0) {
            return ".";
        }
        return i == 0 ? "/" : path.substring(0, i);
    }

    public static String base(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** A write step failed on the host; the message says which and why. */
    public static final class WriteFailed extends IOException {
        public WriteFailed(String message) {
            super(message);
        }
    }
}
