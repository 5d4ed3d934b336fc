package dev.rigger.template;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Python's list and dict methods whose Jinjava counterpart is missing or answers differently: {@code l.index(x)}
 * (Java's indexOf said -1 where Python raises), {@code l.count(x)}, {@code l.copy()}, {@code d.copy()}.
 * {@link #NONE} when the method is not one of these (Jinjava resolves the rest).
 */
final class PyCollectionMethods {
    static final Object NONE = new Object();

    private PyCollectionMethods() {
    }

    static Object invoke(Object base, String name, Object[] args) {
        if (base instanceof List<?> l) {
            return list(l, name, args);
        }
        if (base instanceof Map<?, ?> m && name.equals("copy") && args.length == 0) {
            return new LinkedHashMap<>(m);
        }
        return NONE;
    }

    private static Object list(List<?> l, String name, Object[] args) {
        switch (name) {
            case "index" -> {
                if (args.length < 1 || args.length > 3) {
                    throw RenderState.fail("index expected at least 1 argument, got " + args.length);
                }
                int from = args.length > 1 ? bound(args[1], l.size()) : 0;
                int to = args.length > 2 ? bound(args[2], l.size()) : l.size();
                for (int i = from; i < to; i++) {
                    if (equal(l.get(i), args[0])) {
                        return (long) i;
                    }
                }
                throw RenderState.fail(Py.repr(Py.unwrap(args[0])) + " is not in list");
            }
            case "count" -> {
                if (args.length != 1) {
                    throw RenderState.fail("list.count() takes exactly one argument (" + args.length + " given)");
                }
                return l.stream().filter(x -> equal(x, args[0])).count();
            }
            case "copy" -> {
                return args.length == 0 ? new ArrayList<>(l) : NONE;
            }
            default -> {
                return NONE;
            }
        }
    }

    private static int bound(Object o, int size) {
        long i = ((Number) Py.unwrap(o)).longValue();
        if (i < 0) {
            i = Math.max(0, size + i);
        }
        return (int) Math.min(i, size);
    }

    /** Python's ==: numbers by value (1 == 1.0 == True), everything else by equals. */
    static boolean equal(Object a, Object b) {
        a = Py.unwrap(a);
        b = Py.unwrap(b);
        if ((a instanceof Number || a instanceof Boolean) && (b instanceof Number || b instanceof Boolean)) {
            return num(a).compareTo(num(b)) == 0;
        }
        if (a instanceof CharSequence && b instanceof CharSequence) {
            return a.toString().equals(b.toString());
        }
        return Objects.equals(a, b);
    }

    private static BigDecimal num(Object o) {
        if (o instanceof Boolean bool) {
            return bool ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (o instanceof Double || o instanceof Float) {
            return new BigDecimal(((Number) o).doubleValue());
        }
        return new BigDecimal(o.toString());
    }
}
