package dev.rigger.config;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ansible-core's {@code unfrackpath(path, follow=False, basedir=...)}: $VARS, then ~, then relative to a folder. */
final class Paths {
    private static final Pattern VAR = Pattern.compile("\\$(\\w+|\\{[^}]*})");

    private Paths() {
    }

    static Path unfrack(String path, Path basedir, ConfigEnvironment ce) {
        String p = expandUser(expandVars(path, ce), ce);
        Path out = Path.of(p);
        if (!out.isAbsolute()) {
            out = basedir.resolve(p);
        }
        return out.normalize();
    }

    /** Python's {@code os.path.expandvars}: a variable that is not set stays as written. */
    static String expandVars(String s, ConfigEnvironment ce) {
        if (s.indexOf('$') < 0) {
            return s;
        }
        Matcher m = VAR.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if (name.startsWith("{")) {
                name = name.substring(1, name.length() - 1);
            }
            String v = ce.env().get(name);
            m.appendReplacement(b, Matcher.quoteReplacement(v != null ? v : m.group()));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** {@code os.path.expanduser} for {@code ~} and {@code ~/...} ({@code ~user} stays as written). */
    static String expandUser(String s, ConfigEnvironment ce) {
        if (s.equals("~")) {
            return ce.home().toString();
        }
        if (s.startsWith("~/")) {
            return ce.home() + s.substring(1);
        }
        return s;
    }
}
