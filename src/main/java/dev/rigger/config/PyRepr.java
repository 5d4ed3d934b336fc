package dev.rigger.config;

import java.util.List;
import java.util.stream.Collectors;

/** Values as {@code ansible-config dump} prints them (Python's str of the value) and Ansible's {@code unquote}. */
final class PyRepr {
    private PyRepr() {
    }

    static String str(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof List<?> l) {
            return l.stream().map(x -> x instanceof String || x instanceof java.nio.file.Path ? repr(x.toString())
                    : str(x)).collect(Collectors.joining(", ", "[", "]"));
        }
        return v.toString();
    }

    /** Python's repr of a str: single quotes unless the text holds one and no double quote. */
    static String repr(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder b = new StringBuilder().append(q);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c == q) {
                        b.append('\\');
                    }
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append(q).toString();
    }

    /** ansible.parsing.quoting.unquote: one pair of matching outer quotes removed (an escaped last one stays). */
    static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'') && s.charAt(s.length() - 1) == s.charAt(0)
                && !(s.length() >= 3 && s.charAt(s.length() - 2) == '\\')) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
