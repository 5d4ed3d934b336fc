package dev.rigger.module.support;

import java.util.Map;
import java.util.TreeMap;

/** Python's json.dumps(obj, sort_keys=True, indent=4) for the flat maps the file module diffs. */
public final class Json {
    private Json() {
    }

    public static String pretty(Map<String, Object> m) {
        if (m.isEmpty()) {
            return "{}\n";
        }
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Object> e : new TreeMap<>(m).entrySet()) {
            sb.append("    ").append(str(e.getKey())).append(": ").append(value(e.getValue()));
            sb.append(++i < m.size() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }

    /** Python's json.dumps(obj) with default settings (", " and ": " separators, ASCII only, insertion order). */
    public static String dumps(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(str(String.valueOf(e.getKey()))).append(": ").append(dumps(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (v instanceof Iterable<?> it) {
            StringBuilder sb = new StringBuilder("[");
            for (Object o : it) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(dumps(o));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Boolean b) {
            return b ? "true" : "false";
        }
        return value(v);
    }

    private static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v);
        }
        return str(String.valueOf(v));
    }

    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
