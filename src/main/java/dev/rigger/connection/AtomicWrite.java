package dev.rigger.connection;

/** The shell that writes a file atomically from standard input: temp file beside the target, then rename. */
public final class AtomicWrite {
    private AtomicWrite() {
    }

    /**
     * A script that reads the new content from stdin into {@code .PATH.rigger-tmp.PID} in the target folder,
     * copies mode/owner from the existing file (or applies {@code mode}), then renames it over the target. A cut
     * connection leaves at worst a stray temp file, never a half-written target.
     */
    public static String script(String path, String mode) {
        String q = Shell.quote(path);
        StringBuilder s = new StringBuilder();
        s.append("set -e; t=").append(q).append("; d=$(dirname \"$t\"); b=$(basename \"$t\"); ")
                .append("tmp=\"$d/.$b.rigger-tmp.$$\"; trap 'rm -f \"$tmp\"' EXIT; umask 077; cat > \"$tmp\"; ")
                .append("if [ -e \"$t\" ]; then chmod --reference=\"$t\" \"$tmp\" 2>/dev/null || true; ")
                .append("chown --reference=\"$t\" \"$tmp\" 2>/dev/null || true; else chmod 0644 \"$tmp\"; fi; ");
        if (mode != null && !mode.isBlank()) {
            s.append("chmod ").append(Shell.quote(mode)).append(" \"$tmp\"; ");
        }
        s.append("mv -f \"$tmp\" \"$t\"; trap - EXIT");
        return s.toString();
    }
}
