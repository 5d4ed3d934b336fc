package dev.rigger.module.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Python {@code re} patterns and {@code match.expand()} templates on top of java.util.regex. */
public final class PyRegex {
    private PyRegex() {
    }

    /** Compiles a Python pattern: (?P&lt;n&gt;..) and (?P=n) are translated, \Z means end of input. */
    public static Pattern compile(String python, String argName) {
        String j = python.replace("(?P<", "(?<").replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>").replace("\\Z", "\\z");
        try {
            return Pattern.compile(j, Pattern.UNIX_LINES);
        } catch (PatternSyntaxException e) {
            throw new ArgException("invalid regular expression in " + argName + ": " + python + " ("
                    + e.getDescription() + ")");
        }
    }

    /** Python's match.expand(template): \1..\99, \g&lt;n&gt;, \g&lt;name&gt; and the usual escapes. */
    public static String expand(Matcher m, String template) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '\\' || i + 1 >= template.length()) {
                sb.append(c);
                continue;
            }
            char n = template.charAt(++i);
            if (Character.isDigit(n)) {
                int j = i + 1;
                if (j < template.length() && Character.isDigit(template.charAt(j))
                        && Integer.parseInt(template.substring(i, j + 1)) <= m.groupCount()) {
                    j++;
                }
                String g = m.group(Integer.parseInt(template.substring(i, j)));
                sb.append(g == null ? "" : g);
                i = j - 1;
            } else if (n == 'g' && i + 1 < template.length() && template.charAt(i + 1) == '<') {
                int end = template.indexOf('>', i);
                String name = template.substring(i + 2, end);
                String g = name.matches("\\d+") ? m.group(Integer.parseInt(name)) : m.group(name);
                sb.append(g == null ? "" : g);
                i = end;
            } else {
                switch (n) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '\\' -> sb.append('\\');
                    case 'a' -> sb.append('\u0007');
                    case 'f' -> sb.append('\f');
                    case 'v' -> sb.append('\u000b');
                    default -> sb.append('\\').append(n);
                }
            }
        }
        return sb.toString();
    }
}
