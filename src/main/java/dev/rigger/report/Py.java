package dev.rigger.report;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Results as Ansible's callback prints them: JSON with sorted keys (Python's repr is {@code PythonText}). */
public final class Py {
    private Py() {
    }

    /** JSON with keys sorted (Ansible's callback output); {@code indent} 0 = one line. */
    public static String json(Object o, int indent) {
        StringBuilder b = new StringBuilder();
        json(o, b, indent, 0);
        return b.toString();
    }

    private static void json(Object o, StringBuilder b, int indent, int level) {
        if (level > 64) {
            b.append("\"...\"");
            return;
        }
        if (o == null) {
            b.append("null");
        } else if (o instanceof Boolean || o instanceof Integer || o instanceof Long) {
            b.append(o);
        } else if (o instanceof Number n) {
            double d = n.doubleValue();
            b.append(Double.isFinite(d) ? String.valueOf(o) : "null");
        } else if (o instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                b.append("{}");
                return;
            }
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            b.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    b.append(',');
                    if (indent == 0) {
                        b.append(' ');
                    }
                }
                first = false;
                nl(b, indent, level + 1);
                quote(e.getKey(), b);
                b.append(": ");
                json(e.getValue(), b, indent, level + 1);
            }
            nl(b, indent, level);
            b.append('}');
        } else if (o instanceof List<?> l) {
            if (l.isEmpty()) {
                b.append("[]");
                return;
            }
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    b.append(',');
                    if (indent == 0) {
                        b.append(' ');
                    }
                }
                nl(b, indent, level + 1);
                json(l.get(i), b, indent, level + 1);
            }
            nl(b, indent, level);
            b.append(']');
        } else {
            quote(String.valueOf(o), b);
        }
    }

    private static void nl(StringBuilder b, int indent, int level) {
        if (indent > 0) {
            b.append('\n');
            b.append(" ".repeat(indent * level));
        }
    }

    /**
     * A JSON string literal; control characters (C0, DEL and the C1 range, where U+009B is a terminal's CSI) and
     * unpaired surrogates are escaped so rig output cannot drive the terminal.
     */
    public static void quote(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029
                            || Character.isSurrogate(c) && !pairedSurrogate(s, i)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static boolean pairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
