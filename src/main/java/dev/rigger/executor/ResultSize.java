package dev.rigger.executor;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long a task's result would print (console, JSON reports), counted without printing it: a value shared by
 * YAML aliases is measured once and counted each time it appears, so a billion laughs costs its nine lists to
 * measure and is refused, by name, instead of being printed for minutes or running out of memory.
 */
final class ResultSize {
    /** The longest result rigger prints: 64 Mi characters (a rig's output is kept to 8 MiB per stream). */
    static final long MAX_PRINTED = 64L * 1024 * 1024;

    private ResultSize() {
    }

    /** The result's printed length, or more than {@link #MAX_PRINTED} (saturating) once it is beyond it. */
    static long printed(Object value) {
        return size(value, new IdentityHashMap<>(), 0);
    }

    static String tooLarge() {
        return "the task's result would print as more than " + MAX_PRINTED + " characters, rigger's"
                + " limit for a result (a YAML anchor used many times expands when printed)";
    }

    private static long size(Object v, IdentityHashMap<Object, Long> memo, int depth) {
        if (v == null || v instanceof Boolean || v instanceof Number) {
            return 8;
        }
        if (v instanceof CharSequence s) {
            return s.length() + 2L;
        }
        if (!(v instanceof Map || v instanceof List) || depth > 1000) {
            return 16;
        }
        Long known = memo.get(v);
        if (known != null) {
            return known;
        }
        memo.put(v, MAX_PRINTED + 1); // a cycle prints without end
        long n = 2;
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                n = add(n, add(size(e.getKey(), memo, depth + 1), size(e.getValue(), memo, depth + 1) + 4));
                if (n > MAX_PRINTED) {
                    break;
                }
            }
        } else {
            for (Object o : (List<?>) v) {
                n = add(n, size(o, memo, depth + 1) + 2);
                if (n > MAX_PRINTED) {
                    break;
                }
            }
        }
        memo.put(v, n);
        return n;
    }

    private static long add(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }
}
