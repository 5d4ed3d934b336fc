package dev.rigger.connection;

import java.util.List;
import java.util.stream.Collectors;

/** The one place shell arguments are quoted. */
public final class Shell {
    private Shell() {
    }

    /** Quotes one word for POSIX sh with single quotes. */
    /** Characters that need no quoting in a shell word. */
    public static final java.util.regex.Pattern SAFE = java.util.regex.Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    public static String quote(String s) {
        if (s == null) {
            return "''";
        }
        if (!s.isEmpty() && SAFE.matcher(s).matches()) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    public static String join(List<String> argv) {
        return argv.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }
}
