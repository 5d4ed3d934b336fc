package dev.rigger;

import com.google.common.collect.MapMaker;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ansible's "unsafe" marking: text that came back from a rig (module results, facts), from a lookup that reads the
 * outside world, or from YAML's {@code !unsafe} tag is data and is never rendered as a template again; a render that
 * read such a value yields a marked value in turn (so {@code set_fact: b: "x{{ o.stdout }}"} stays unsafe).
 *
 * <p>Ansible marks a value by its type ({@code AnsibleUnsafeText}); Java's String cannot be subclassed, so the mark is
 * kept beside the object, in a set of weak identity references: a marked object is forgotten once it is collected,
 * and a mark is never removed. The set therefore acts as a type tag, not as state of any run: it is the one
 * process-wide table, shared safely by concurrent runs. Marking is deep: strings, map keys, maps and lists.
 */
public final class Unsafe {
    private static final Set<Object> MARKED = Collections.newSetFromMap(new MapMaker().weakKeys().makeMap());

    private Unsafe() {
    }

    /** Marks {@code value} and everything in it as unsafe; returns {@code value}. Numbers, booleans, null: nothing. */
    public static <T> T mark(T value) {
        markDeep(value, 0);
        return value;
    }

    /** True if this very object was marked (by identity: an equal string built elsewhere is not). */
    public static boolean is(Object value) {
        return value != null && (value instanceof String || value instanceof Map || value instanceof List)
                && MARKED.contains(value);
    }

    private static void markDeep(Object v, int depth) {
        if (v instanceof String s) {
            MARKED.add(s);
        } else if (v instanceof Map<?, ?> m) {
            if (!MARKED.add(m) || depth > 1000) {
                return; // already marked (deeply), or a cycle
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                markDeep(e.getKey(), depth + 1);
                markDeep(e.getValue(), depth + 1);
            }
        } else if (v instanceof List<?> l) {
            if (!MARKED.add(l) || depth > 1000) {
                return;
            }
            for (Object o : l) {
                markDeep(o, depth + 1);
            }
        }
    }
}
