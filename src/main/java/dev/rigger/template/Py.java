package dev.rigger.template;

import dev.rigger.Json;
import com.hubspot.jinjava.objects.SafeString;
import com.hubspot.jinjava.objects.collections.PyList;
import com.hubspot.jinjava.objects.collections.PyMap;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python semantics that Ansible templates rely on: truthiness, str(), repr() (literal_eval is {@link LiteralEval},
 * json.dumps {@link Json}).
 */
final class Py {
    private Py() {
    }

    /** A Python tuple: a list that prints with parentheses. */
    static final class Tuple extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;

        Tuple(Object... items) {
            super(java.util.Arrays.asList(items));
        }
    }

    // ---------------------------------------------------------------- truth and types

    static boolean truthy(Object o) {
        o = unwrap(o);
        if (o instanceof Undefined u) {
            throw u.fail();
        }
        if (o == null) {
            return false;
        }
        if (o instanceof Boolean b) {
            return b;
        }
        if (o instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (o instanceof CharSequence s) {
            return s.length() > 0;
        }
        if (o instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (o instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (o.getClass().isArray()) {
            return Array.getLength(o) > 0;
        }
        return true;
    }

    static String typeName(Object o) {
        o = unwrap(o);
        if (o == null) {
            return "NoneType";
        }
        if (o instanceof Boolean) {
            return "bool";
        }
        if (o instanceof Double || o instanceof Float || o instanceof BigDecimal) {
            return "float";
        }
        if (o instanceof Number) {
            return "int";
        }
        if (o instanceof CharSequence) {
            return "str";
        }
        if (o instanceof Map) {
            return "dict";
        }
        if (o instanceof List || o.getClass().isArray()) {
            return "list";
        }
        if (o instanceof Collection) {
            return "set";
        }
        if (o instanceof Undefined) {
            return "AnsibleUndefined";
        }
        return o.getClass().getSimpleName();
    }

    static Object unwrap(Object o) {
        if (o instanceof SafeString s) {
            return s.toString();
        }
        return o;
    }

    static boolean isInteger(Object o) {
        return o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte
                || o instanceof BigInteger;
    }

    // ---------------------------------------------------------------- native values

    /**
     * Converts what Jinjava produced into plain Java values: List (ArrayList), Map (LinkedHashMap), Long, Double,
     * Boolean, String, null. Fails on an Undefined anywhere inside.
     */
    static Object toNative(Object o) {
        return toNative(o, new IdentityHashMap<>());
    }

    /** {@code done}: containers converted so far, so that a value shared by YAML aliases stays one shared value. */
    private static Object toNative(Object o, IdentityHashMap<Object, Object> done) {
        o = unwrap(o);
        if (o == null || o instanceof String || o instanceof Boolean || o instanceof Long || o instanceof Double) {
            return o;
        }
        if (o instanceof Undefined u) {
            throw u.fail();
        }
        if (o instanceof Integer || o instanceof Short || o instanceof Byte) {
            return ((Number) o).longValue();
        }
        if (o instanceof Float f) {
            return Double.parseDouble(f.toString());
        }
        if (o instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (o instanceof BigDecimal b) {
            return b.doubleValue();
        }
        if (o instanceof CharSequence || o instanceof Character) {
            return o.toString();
        }
        Object seen = done.get(o);
        if (seen != null) {
            return seen;
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            done.put(o, out);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(toNative(e.getKey(), done)), toNative(e.getValue(), done));
            }
            return keepMark(m, out);
        }
        if (o instanceof Map.Entry<?, ?> e) {
            List<Object> out = new ArrayList<>(2);
            out.add(toNative(e.getKey(), done));
            out.add(toNative(e.getValue(), done));
            return out;
        }
        if (o instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            done.put(o, out);
            for (Object x : it) {
                out.add(toNative(x, done));
            }
            return keepMark(o, out);
        }
        if (o.getClass().isArray()) {
            int n = Array.getLength(o);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(toNative(Array.get(o, i), done));
            }
            return out;
        }
        if (o instanceof Iterator<?> it) {
            List<Object> out = new ArrayList<>();
            it.forEachRemaining(x -> out.add(toNative(x, done)));
            return out;
        }
        return o;
    }

    /** A copy of an unsafe container is unsafe. */
    private static Object keepMark(Object from, Object copy) {
        return dev.rigger.Unsafe.is(from) ? dev.rigger.Unsafe.mark(copy) : copy;
    }

    /** Longest text a value may print as (repr, str, JSON): YAML aliases make small documents print huge. */
    static final int MAX_PRINTED = 64 * 1024 * 1024;

    private static void checkPrinted(StringBuilder sb) {
        if (sb.length() > MAX_PRINTED) {
            throw printedTooLong();
        }
    }

    static TemplateException printedTooLong() {
        return RenderState.fail("the value prints as more than " + MAX_PRINTED + " characters, rigger's limit for"
                + " a value printed in a template (a YAML anchor used many times expands when printed)");
    }

    /** A list view of an iterable value (Python's list(x)); a map gives its keys, a string its characters. */
    static List<Object> asList(Object o) {
        o = unwrap(o);
        if (o instanceof Undefined u) {
            throw u.fail();
        }
        if (o == null) {
            throw RenderState.fail("'NoneType' object is not iterable");
        }
        if (o instanceof PyList p) {
            return p.toList();
        }
        if (o instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            List<Object> r = (List<Object>) l;
            return r;
        }
        List<Object> out = new ArrayList<>();
        if (o instanceof Map<?, ?> m) {
            out.addAll(m.keySet());
        } else if (o instanceof Iterable<?> it) {
            it.forEach(out::add);
        } else if (o instanceof String s) {
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
        } else if (o.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(o); i++) {
                out.add(Array.get(o, i));
            }
        } else if (o instanceof Iterator<?> it) {
            it.forEachRemaining(out::add);
        } else {
            throw RenderState.fail("'" + typeName(o) + "' object is not iterable");
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o, String what) {
        o = unwrap(o);
        if (o instanceof Undefined u) {
            throw u.fail();
        }
        if (o instanceof PyMap p) {
            return p.toMap();
        }
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw RenderState.fail(what + " expects a dictionary, got " + typeName(o) + " (" + str(o) + ")");
    }

    // ---------------------------------------------------------------- str / repr

    static String str(Object o) {
        o = unwrap(o);
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof Undefined u) {
            throw u.fail();
        }
        if (o instanceof CharSequence || o instanceof Character) {
            return o.toString();
        }
        StringBuilder sb = new StringBuilder();
        repr(o, sb);
        return sb.toString();
    }

    static String repr(Object o) {
        StringBuilder sb = new StringBuilder();
        repr(o, sb);
        return sb.toString();
    }

    static void repr(Object o, StringBuilder sb) {
        o = unwrap(o);
        if (o == null) {
            sb.append("None");
        } else if (o instanceof Boolean b) {
            sb.append(b ? "True" : "False");
        } else if (o instanceof Double || o instanceof Float) {
            sb.append(Json.floatRepr(((Number) o).doubleValue()));
        } else if (o instanceof BigDecimal d) {
            sb.append(Json.floatRepr(d.doubleValue()));
        } else if (o instanceof Number) {
            sb.append(o);
        } else if (o instanceof CharSequence || o instanceof Character) {
            quote(o.toString(), sb);
        } else if (o instanceof Undefined u) {
            throw u.fail();
        } else if (o instanceof Map.Entry<?, ?> e) {
            repr(new Tuple(e.getKey(), e.getValue()), sb);
        } else if (o instanceof Tuple t) {
            sb.append('(');
            for (int i = 0; i < t.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                repr(t.get(i), sb);
            }
            sb.append(t.size() == 1 ? ",)" : ")");
        } else if (o instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                repr(e.getKey(), sb);
                sb.append(": ");
                repr(e.getValue(), sb);
                checkPrinted(sb);
            }
            sb.append('}');
        } else if (o instanceof Iterable<?> || o.getClass().isArray()) {
            sb.append('[');
            boolean first = true;
            for (Object x : asList(o)) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                repr(x, sb);
                checkPrinted(sb);
            }
            sb.append(']');
        } else {
            sb.append(o);
        }
    }

    private static void quote(String s, StringBuilder sb) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        sb.append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c == q) {
                        sb.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append(q);
    }
}
