package dev.rigger.template;

import static dev.rigger.template.Filters.arg;
import static dev.rigger.template.Filters.boolArg;
import static dev.rigger.template.Filters.filter;
import static dev.rigger.template.Filters.intArg;

import com.hubspot.jinjava.lib.filter.Filter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * List and set filters: {@code flatten}, {@code min}/{@code max}, {@code zip}, {@code join}, {@code unique} and the set
 * operations, {@code sum}, {@code sort}, {@code batch}, {@code select} and its relatives.
 */
final class ListFilters {
    private ListFilters() {
    }

    static List<Filter> all() {
        List<Filter> f = new ArrayList<>();
        f.add(filter("flatten", false, (v, a, kw) -> {
            Object levels = arg(a, kw, 0, "levels", null);
            return flatten(Py.asList(v), levels == null ? -1 : intArg(levels), boolArg(a, kw, 1, "skip_nulls", true));
        }));
        f.add(filter("min", false, (v, a, kw) -> minMax(v, kw, -1)));
        f.add(filter("max", false, (v, a, kw) -> minMax(v, kw, 1)));
        f.add(filter("zip", false, (v, a, kw) -> zip(v, a, false, null)));
        f.add(filter("zip_longest", false, (v, a, kw) -> zip(v, a, true, kw.get("fillvalue"))));
        f.add(filter("list", false, (v, a, kw) -> new ArrayList<>(Py.asList(v))));
        f.add(filter("length", false, (v, a, kw) -> length(v)));
        f.add(filter("count", false, (v, a, kw) -> length(v)));
        f.add(filter("join", false, (v, a, kw) -> {
            String sep = Py.str(arg(a, kw, 0, "d", ""));
            Object attr = arg(a, kw, 1, "attribute", null);
            StringBuilder sb = new StringBuilder();
            boolean first = true;
            for (Object o : Py.asList(v)) {
                if (!first) {
                    sb.append(sep);
                }
                first = false;
                sb.append(Py.str(attr == null ? o : Py.asMap(o, "join").get(Py.str(attr))));
            }
            return sb.toString();
        }));
        f.add(filter("unique", false, (v, a, kw) -> new ArrayList<>(uniqueSet(Py.asList(v)))));
        f.add(filter("union", false, (v, a, kw) -> {
            Set<Object> s = uniqueSet(Py.asList(v));
            s.addAll(uniqueSet(Py.asList(a[0])));
            return new ArrayList<>(s);
        }));
        f.add(filter("intersect", false, (v, a, kw) -> {
            Set<Object> s = uniqueSet(Py.asList(v));
            s.retainAll(uniqueSet(Py.asList(a[0])));
            return new ArrayList<>(s);
        }));
        f.add(filter("difference", false, (v, a, kw) -> {
            Set<Object> s = uniqueSet(Py.asList(v));
            s.removeAll(uniqueSet(Py.asList(a[0])));
            return new ArrayList<>(s);
        }));
        f.add(filter("symmetric_difference", false, (v, a, kw) -> {
            Set<Object> x = uniqueSet(Py.asList(v));
            Set<Object> y = uniqueSet(Py.asList(a[0]));
            Set<Object> out = new LinkedHashSet<>(x);
            out.removeAll(y);
            for (Object o : y) {
                if (!x.contains(o)) {
                    out.add(o);
                }
            }
            return new ArrayList<>(out);
        }));
        f.add(filter("sum", false, (v, a, kw) -> {
            Object attr = arg(a, kw, 0, "attribute", null);
            Object total = arg(a, kw, 1, "start", 0L);
            for (Object o : Py.asList(v)) {
                Object x = attr == null ? Py.unwrap(o) : Py.asMap(o, "sum").get(Py.str(attr));
                total = Py.isInteger(total) && Py.isInteger(x) ? (Object) (((Number) total).longValue()
                        + ((Number) x).longValue()) : (Object) (((Number) total).doubleValue() + toNumber(x));
            }
            return total;
        }));
        f.add(filter("sort", false, (v, a, kw) -> {
            boolean reverse = boolArg(a, kw, 0, "reverse", false);
            boolean caseSensitive = boolArg(a, kw, 1, "case_sensitive", false);
            Object attr = arg(a, kw, 2, "attribute", null);
            List<Object> out = new ArrayList<>(Py.asList(v));
            Comparator<Object> cmp = (x, y) -> {
                Object p = attr == null ? x : DictFilters.attribute(x, Py.str(attr));
                Object q = attr == null ? y : DictFilters.attribute(y, Py.str(attr));
                if (!caseSensitive && p instanceof String ps && q instanceof String qs) {
                    return ps.toLowerCase(Locale.ROOT).compareTo(qs.toLowerCase(Locale.ROOT));
                }
                return compare(p, q);
            };
            out.sort(reverse ? cmp.reversed() : cmp);
            return out;
        }));
        f.add(filter("batch", false, (v, a, kw) -> {
            int size = intArg(arg(a, kw, 0, "linecount", 1));
            Object fill = arg(a, kw, 1, "fill_with", null);
            List<Object> all = Py.asList(v);
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < all.size(); i += size) {
                List<Object> chunk = new ArrayList<>(all.subList(i, Math.min(all.size(), i + size)));
                while (fill != null && chunk.size() < size) {
                    chunk.add(fill);
                }
                out.add(chunk);
            }
            return out;
        }));
        f.add(filter("select", false, (v, a, kw) -> select(v, a, false, null)));
        f.add(filter("reject", false, (v, a, kw) -> select(v, a, true, null)));
        f.add(filter("selectattr", false, (v, a, kw) -> select(v, java.util.Arrays.copyOfRange(a, 1, a.length),
                false, Py.str(a[0]))));
        f.add(filter("rejectattr", false, (v, a, kw) -> select(v, java.util.Arrays.copyOfRange(a, 1, a.length),
                true, Py.str(a[0]))));
        return f;
    }

    /** Jinja2's select/reject/selectattr/rejectattr: by a named test, or by truthiness without one. */
    private static Object select(Object v, Object[] a, boolean reject, String attr) {
        com.hubspot.jinjava.interpret.JinjavaInterpreter interp =
                com.hubspot.jinjava.interpret.JinjavaInterpreter.getCurrent();
        com.hubspot.jinjava.lib.exptest.ExpTest test = a.length == 0 ? null
                : interp.getContext().getExpTest(Py.str(a[0]));
        Object[] testArgs = a.length > 1 ? java.util.Arrays.copyOfRange(a, 1, a.length) : new Object[0];
        List<Object> out = new ArrayList<>();
        for (Object item : Py.asList(v)) {
            Object x = attr == null ? item : DictFilters.attribute(item, attr);
            boolean ok = test == null ? Py.truthy(x) : test.evaluate(x, interp, testArgs);
            if (ok != reject) {
                out.add(item);
            }
        }
        return out;
    }

    private static double toNumber(Object x) {
        if (x instanceof Number n) {
            return n.doubleValue();
        }
        throw RenderState.fail("unsupported operand type(s) for +: 'int' and '" + Py.typeName(x) + "'");
    }

    static long length(Object v) {
        if (v instanceof CharSequence s) {
            return s.toString().codePointCount(0, s.length());
        }
        if (v instanceof Map<?, ?> m) {
            return m.size();
        }
        return Py.asList(v).size();
    }

    static Set<Object> uniqueSet(List<Object> l) {
        Set<Object> s = new LinkedHashSet<>();
        for (Object o : l) {
            s.add(Py.toNative(o));
        }
        return s;
    }

    static List<Object> flatten(List<Object> l, int levels, boolean skipNulls) {
        List<Object> out = new ArrayList<>();
        for (Object o : l) {
            o = Py.unwrap(o);
            if (skipNulls && (o == null || "None".equals(o) || "null".equals(o))) {
                continue;
            }
            if (o instanceof List<?> || (o != null && o.getClass().isArray())) {
                if (levels < 0) {
                    out.addAll(flatten(Py.asList(o), -1, skipNulls));
                } else if (levels >= 1) {
                    out.addAll(flatten(Py.asList(o), levels - 1, skipNulls));
                } else {
                    out.add(o);
                }
            } else {
                out.add(o);
            }
        }
        return out;
    }

    static int compare(Object a, Object b) {
        a = Py.unwrap(a);
        b = Py.unwrap(b);
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                int c = compare(x.get(i), y.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        throw RenderState.fail("'<' not supported between instances of '" + Py.typeName(a) + "' and '"
                + Py.typeName(b) + "'");
    }

    private static Object minMax(Object v, Map<String, Object> kw, int sign) {
        List<Object> l = Py.asList(v);
        Object attr = kw.get("attribute");
        Comparator<Object> cmp = (x, y) -> attr == null ? compare(x, y)
                : compare(Py.asMap(x, "min/max").get(Py.str(attr)), Py.asMap(y, "min/max").get(Py.str(attr)));
        if (l.isEmpty()) {
            throw RenderState.fail((sign < 0 ? "min" : "max") + "() arg is an empty sequence");
        }
        Object best = l.get(0);
        for (Object o : l) {
            if (cmp.compare(o, best) * sign > 0) {
                best = o;
            }
        }
        return best;
    }

    private static Object zip(Object v, Object[] a, boolean longest, Object fill) {
        List<List<Object>> lists = new ArrayList<>();
        lists.add(Py.asList(v));
        for (Object o : a) {
            lists.add(Py.asList(o));
        }
        int n = longest ? lists.stream().mapToInt(List::size).max().orElse(0)
                : lists.stream().mapToInt(List::size).min().orElse(0);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Object> t = new Py.Tuple();
            for (List<Object> l : lists) {
                t.add(i < l.size() ? l.get(i) : fill);
            }
            out.add(t);
        }
        return out;
    }
}
