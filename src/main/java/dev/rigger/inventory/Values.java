package dev.rigger.inventory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep, order-keeping, null-tolerant immutable copies of variable values. */
final class Values {
    private Values() {
    }

    static Map<String, Object> freezeMap(Map<String, ?> map) {
        if (map == null) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : map.entrySet()) {
            out.put(e.getKey(), freeze(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    static Object freeze(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), freeze(e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(freeze(o));
            }
            return Collections.unmodifiableList(out);
        }
        return value;
    }
}
