package dev.rigger;

import java.util.regex.Pattern;

/**
 * Python's {@code fnmatch.translate}, the one rule for Ansible's glob patterns (host patterns, --start-at-task):
 * {@code *}, {@code ?}, {@code [seq]}, {@code [!seq]}; everything else literal; case-sensitive.
 */
public final class Fnmatch {
    private Fnmatch() {
    }

    /** The regular expression (for {@link java.util.regex.Pattern#matches}) that {@code glob} stands for. */
    public static String translate(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        int n = glob.length();
        while (i < n) {
            char c = glob.charAt(i++);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && glob.charAt(j) == '!') {
                    j++;
                }
                if (j < n && glob.charAt(j) == ']') {
                    j++;
                }
                while (j < n && glob.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    re.append("\\[");
                } else {
                    String stuff = glob.substring(i, j);
                    i = j + 1;
                    boolean neg = stuff.startsWith("!");
                    if (neg) {
                        stuff = stuff.substring(1);
                    }
                    StringBuilder cls = new StringBuilder();
                    for (char ch : stuff.toCharArray()) {
                        if (ch == '\\' || ch == '[' || ch == ']' || ch == '&' || ch == '^') {
                            cls.append('\\');
                        }
                        cls.append(ch);
                    }
                    if (cls.length() == 0) {
                        re.append(neg ? "." : "(?!)");
                    } else {
                        re.append('[').append(neg ? "^" : "").append(cls).append(']');
                    }
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return "(?s)" + re;
    }
}
