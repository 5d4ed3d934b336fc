package dev.rigger;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code shlex.split} in POSIX mode, written once: command's free-form text ({@code comments=false}) and
 * an INI inventory's host lines ({@code comments=true}: {@code #} outside quotes ends the line). Whitespace
 * separates words, quotes group and are removed, a backslash escapes (inside double quotes only {@code "} and
 * {@code \\}).
 */
public final class Shlex {
    private Shlex() {
    }

    /** {@code shlex.split(s)}. @throws IllegalArgumentException for an unclosed quote or a trailing backslash */
    public static List<String> split(String s) {
        return split(s, false);
    }

    /** {@code shlex.split(s, comments=...)}. @throws IllegalArgumentException as {@link #split(String)} */
    public static List<String> split(String s, boolean comments) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("No closing quotation");
                }
                cur.append(s, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < s.length()) {
                    char d = s.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) {
                        cur.append(s.charAt(i + 1));
                        i += 2;
                    } else {
                        cur.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("No closing quotation");
                }
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= s.length()) {
                    throw new IllegalArgumentException("No escaped character");
                }
                cur.append(s.charAt(i + 1));
                inWord = true;
                i += 2;
            } else if (comments && c == '#') {
                break;
            } else {
                cur.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
