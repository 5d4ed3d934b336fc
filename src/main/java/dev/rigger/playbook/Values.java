package dev.rigger.playbook;

import dev.rigger.Pos;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the loader reads YAML values into the model: condition lists, tag lists, positions, type names. */
final class Values {

    private Values() {
    }

    static Map<String, Object> copy(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    static List<String> condList(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Values::condString).toList();
        }
        return List.of(condString(v));
    }

    static String condString(Object o) {
        if (o instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return String.valueOf(o);
    }

    static List<String> strList(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(v));
    }

    static List<String> tagList(Object v) {
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : strList(v)) {
            for (String p : s.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.trim());
                }
            }
        }
        return out;
    }

    static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    static Object first(Map<String, Object> m, String... keys) {
        for (String k : keys) {
            if (m.containsKey(k)) {
                return m.get(k);
            }
        }
        return null;
    }

    static Pos pos(Object o, Path file) {
        return o instanceof dev.rigger.yaml.Located l ? l.pos() : new Pos(file.toString(), 0, 0);
    }

    static String typeName(Object o) {
        if (o == null) {
            return "nothing";
        }
        if (o instanceof Map) {
            return "a mapping";
        }
        if (o instanceof List) {
            return "a list";
        }
        if (o instanceof String) {
            return "a string";
        }
        if (o instanceof Boolean) {
            return "a boolean";
        }
        if (o instanceof Number) {
            return "a number";
        }
        return o.getClass().getSimpleName();
    }
}
