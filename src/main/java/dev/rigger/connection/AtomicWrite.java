package dev.rigger.connection;

/** The shell that writes a file atomically from standard input: temp file beside the target, then rename. */
public final class AtomicWrite {
    /** Shell assigning {@code tmp} the temp file of target {@code $t}: {@code .NAME.rigger-tmp} beside it. */
    public static final String TEMP_NAME = "tmp=\"$(dirname -- \"$t\")/.$(basename -- \"$t\").rigger-tmp\"";

    private AtomicWrite() {
    }

    /**
     * A script that reads the new content from stdin into {@code .NAME.rigger-tmp} in the target folder,
     * copies mode/owner from the existing file (or applies {@code mode}), then renames it over the target. A cut
     * connection leaves at worst that temp file, never a half-written target; the next write of the same target
     * removes it first (one name per target, created with noclobber, so a planted link is never followed).
     */
    public static String script(String path, String mode) {
        String q = Shell.quote(path);
        StringBuilder s = new StringBuilder();
        s.append("set -e; t=").append(q).append("; d=$(dirname \"$t\"); b=$(basename \"$t\"); ")
                .append(TEMP_NAME).append("; rm -f \"$tmp\"; trap 'rm -f \"$tmp\"' EXIT; umask 077; ")
                .append("set -C; cat > \"$tmp\"; set +C; ")
                .append("if [ -e \"$t\" ]; then chmod --reference=\"$t\" \"$tmp\" 2>/dev/null || true; ")
                .append("chown --reference=\"$t\" \"$tmp\" 2>/dev/null || true; else chmod 0644 \"$tmp\"; fi; ");
        if (mode != null && !mode.isBlank()) {
            s.append("chmod ").append(Shell.quote(mode)).append(" \"$tmp\"; ");
        }
        s.append("mv -f \"$tmp\" \"$t\"; trap - EXIT");
        return s.toString();
    }
}
