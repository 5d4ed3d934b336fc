package dev.rigger.module.system;

import dev.rigger.module.support.ArgException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pip requirement ({@code name[extras] >=1.0,<2}) and whether an installed version satisfies it. Versions are
 * compared numerically release segment by segment; pre-release tags make a version sort before its release.
 */
public record PipRequirement(String text, String name, List<String[]> specs) {
    private static final Pattern REQ = Pattern.compile("^\\s*([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(\\[[^\\]]*\\])?\\s*(.*)$");
    private static final Pattern SPEC = Pattern.compile("(===|==|!=|~=|>=|<=|>|<)\\s*([^,;\\s]+)");

    public static PipRequirement parse(String text) {
        Matcher m = REQ.matcher(text);
        if (!m.matches()) {
            throw new ArgException("pip: '" + text + "' is not a package requirement");
        }
        List<String[]> specs = new ArrayList<>();
        Matcher s = SPEC.matcher(m.group(3));
        while (s.find()) {
            specs.add(new String[] {s.group(1), s.group(2)});
        }
        if (specs.isEmpty() && !m.group(3).isBlank() && !m.group(3).trim().startsWith(";")) {
            throw new ArgException("pip: cannot read the version part of '" + text + "'");
        }
        return new PipRequirement(text.trim(), m.group(1), specs);
    }

    /** PEP 503 normalised name, the key of {@link #parseFreeze}. */
    public String key() {
        return normalize(name);
    }

    public static String normalize(String n) {
        return n.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    /** {@code pip list --format=freeze}: normalised name -> version. */
    public static Map<String, String> parseFreeze(String out) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int i = line.indexOf("==");
            if (i > 0) {
                m.put(normalize(line.substring(0, i).trim()), line.substring(i + 2).trim());
            }
        }
        return m;
    }

    public boolean satisfiedBy(String version) {
        for (String[] s : specs) {
            String want = s[1];
            boolean ok = switch (s[0]) {
                case "==" -> want.endsWith(".*") ? (version + ".").startsWith(want.substring(0, want.length() - 1))
                        : compare(version, want) == 0;
                case "===" -> version.equals(want);
                case "!=" -> compare(version, want) != 0;
                case ">=" -> compare(version, want) >= 0;
                case "<=" -> compare(version, want) <= 0;
                case ">" -> compare(version, want) > 0;
                case "<" -> compare(version, want) < 0;
                default -> { // ~= X.Y: >= X.Y and == X.*
                    String[] parts = want.split("\\.");
                    String prefix = String.join(".", java.util.Arrays.copyOf(parts, Math.max(1, parts.length - 1)));
                    yield compare(version, want) >= 0 && (version + ".").startsWith(prefix + ".");
                }
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Compares release numbers; a trailing pre-release (a/b/rc/dev) sorts before the plain release. */
    public static int compare(String a, String b) {
        String[] x = a.split("(?=[a-zA-Z])", 2);
        String[] y = b.split("(?=[a-zA-Z])", 2);
        String[] xs = x[0].replaceAll("\\.$", "").split("\\.");
        String[] ys = y[0].replaceAll("\\.$", "").split("\\.");
        for (int i = 0; i < Math.max(xs.length, ys.length); i++) {
            long p = i < xs.length ? num(xs[i]) : 0;
            long q = i < ys.length ? num(ys[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        String xp = x.length > 1 ? x[1] : "";
        String yp = y.length > 1 ? y[1] : "";
        if (xp.isEmpty() != yp.isEmpty()) {
            return xp.isEmpty() ? 1 : -1;
        }
        return xp.compareTo(yp);
    }

    private static long num(String s) {
        try {
            return Long.parseLong(s.replaceAll("\\D.*$", "").isEmpty() ? "0" : s.replaceAll("\\D.*$", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
