package dev.rigger.template;

import java.util.List;
import java.util.Map;

/** The one rule for "this value needs rendering": Jinja markers in a string that is not unsafe. */
final class TemplateMarkers {
    private TemplateMarkers() {
    }

    static boolean isTemplate(String s) {
        return s.contains("{{") || s.contains("{%") || s.contains("{#");
    }

    /**
     * True if a string (or a map key) anywhere in {@code value} holds Jinja and is not unsafe: the one rule for "this
     * value needs rendering". Each container is looked at once, so values shared by YAML aliases cost their size.
     */
    public static boolean hasTemplate(Object value) {
        if (value instanceof String s) {
            return isTemplate(s) && !dev.rigger.Unsafe.is(s);
        }
        if (!(value instanceof Map || value instanceof List)) {
            return false;
        }
        return containsTemplate(value, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()), 0);
    }

    private static boolean containsTemplate(Object value, java.util.Set<Object> seen, int depth) {
        if (value instanceof String s) {
            return isTemplate(s) && !dev.rigger.Unsafe.is(s);
        }
        if (!(value instanceof Map || value instanceof List) || dev.rigger.Unsafe.is(value) || !seen.add(value)) {
            return false;
        }
        if (depth > 1000) {
            throw new TemplateException("a value nested more than 1000 levels deep: rigger's limit for templating it");
        }
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (containsTemplate(e.getValue(), seen, depth + 1) || containsTemplate(e.getKey(), seen, depth + 1)) {
                    return true;
                }
            }
        } else {
            for (Object o : (List<?>) value) {
                if (containsTemplate(o, seen, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }
}
