package dev.rigger.template;

import static dev.rigger.template.Filters.arg;
import static dev.rigger.template.Filters.boolArg;
import static dev.rigger.template.Filters.filter;

import com.hubspot.jinjava.lib.filter.Filter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dictionary filters: {@code combine}, {@code dict2items}/{@code items2dict}, {@code items}, {@code subelements},
 * {@code extract}, and Jinja's item and attribute lookup they share.
 */
final class DictFilters {
    private DictFilters() {
    }

    static List<Filter> all() {
        List<Filter> f = new ArrayList<>();
        f.add(filter("combine", false, DictFilters::combine));
        f.add(filter("dict2items", false, (v, a, kw) -> {
            String k = Py.str(arg(a, kw, 0, "key_name", "key"));
            String val = Py.str(arg(a, kw, 1, "value_name", "value"));
            List<Object> out = new ArrayList<>();
            for (Map.Entry<String, Object> e : Py.asMap(v, "dict2items").entrySet()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put(k, e.getKey());
                item.put(val, e.getValue());
                out.add(item);
            }
            return out;
        }));
        f.add(filter("items2dict", false, (v, a, kw) -> {
            String k = Py.str(arg(a, kw, 0, "key_name", "key"));
            String val = Py.str(arg(a, kw, 1, "value_name", "value"));
            Map<String, Object> out = new LinkedHashMap<>();
            for (Object o : Py.asList(v)) {
                Map<String, Object> item = Py.asMap(o, "items2dict");
                if (!item.containsKey(k) || !item.containsKey(val)) {
                    throw RenderState.fail("items2dict requires each item to have '" + k + "' and '" + val
                            + "' keys, got " + Py.repr(item));
                }
                out.put(Py.str(item.get(k)), item.get(val));
            }
            return out;
        }));
        f.add(filter("items", false, (v, a, kw) -> {
            List<Object> out = new ArrayList<>();
            for (Map.Entry<String, Object> e : Py.asMap(v, "items").entrySet()) {
                out.add(new Py.Tuple(e.getKey(), e.getValue()));
            }
            return out;
        }));
        f.add(filter("subelements", false, DictFilters::subelements));
        f.add(filter("extract", false, (v, a, kw) -> {
            Object container = arg(a, kw, 0, "container", null);
            Object cur = index(container, v);
            Object more = arg(a, kw, 1, "morekeys", null);
            if (more != null) {
                for (Object k : more instanceof List<?> ? Py.asList(more) : List.of(more)) {
                    cur = index(cur, k);
                }
            }
            return cur;
        }));
        return f;
    }

    /** {@code container[key]}: a dict key (undefined when missing) or a list index. */
    static Object index(Object container, Object key) {
        container = Py.unwrap(container);
        if (container instanceof Undefined u) {
            throw u.fail();
        }
        if (container instanceof Map<?, ?> m) {
            Object k = Py.unwrap(key);
            if (m.containsKey(k)) {
                return m.get(k);
            }
            if (m.containsKey(Py.str(k))) {
                return m.get(Py.str(k));
            }
            return Undefined.attribute(m, Py.str(k));
        }
        if (container instanceof List<?> l && Py.isInteger(key)) {
            int i = ((Number) key).intValue();
            return l.get(i < 0 ? l.size() + i : i);
        }
        throw RenderState.fail("'" + Py.typeName(container) + "' object is not subscriptable by " + Py.repr(key));
    }

    /** {@code item.attr} (dotted paths allowed) with Ansible's undefined for a missing key. */
    static Object attribute(Object item, String path) {
        Object cur = item;
        for (String part : path.split("\\.")) {
            cur = Py.unwrap(cur);
            if (cur instanceof Undefined) {
                return cur;
            }
            if (cur instanceof Map<?, ?> m) {
                cur = m.containsKey(part) ? m.get(part) : Undefined.attribute(m, part);
            } else if (cur instanceof List<?> l && part.matches("-?\\d+")) {
                int i = Integer.parseInt(part);
                cur = l.get(i < 0 ? l.size() + i : i);
            } else {
                return Undefined.attribute(cur, part);
            }
        }
        return cur;
    }

    private static Object combine(Object v, Object[] a, Map<String, Object> kw) {
        boolean recursive = boolArg(new Object[0], kw, 0, "recursive", false);
        String listMerge = Py.str(kw.getOrDefault("list_merge", "replace"));
        for (String k : kw.keySet()) {
            if (!k.equals("recursive") && !k.equals("list_merge")) {
                throw RenderState.fail("combine: unexpected keyword argument '" + k + "'");
            }
        }
        List<Object> terms = new ArrayList<>();
        terms.add(v);
        terms.addAll(List.of(a));
        List<Map<String, Object>> dicts = new ArrayList<>();
        for (Object t : ListFilters.flatten(terms, 1, false)) {
            dicts.add(Py.asMap(t, "combine"));
        }
        if (dicts.isEmpty()) {
            return new LinkedHashMap<>();
        }
        Map<String, Object> result = new LinkedHashMap<>(dicts.get(0));
        for (int i = 1; i < dicts.size(); i++) {
            result = merge(result, dicts.get(i), recursive, listMerge);
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> x, Map<String, Object> y, boolean recursive, String listMerge) {
        Map<String, Object> out = new LinkedHashMap<>(x);
        for (Map.Entry<String, Object> e : y.entrySet()) {
            String k = e.getKey();
            Object yv = e.getValue();
            if (!out.containsKey(k)) {
                out.put(k, yv);
                continue;
            }
            Object xv = out.get(k);
            if (xv instanceof Map && yv instanceof Map) {
                out.put(k, recursive ? merge((Map<String, Object>) xv, (Map<String, Object>) yv, true, listMerge) : yv);
            } else if (xv instanceof List && yv instanceof List) {
                List<Object> xl = (List<Object>) xv;
                List<Object> yl = (List<Object>) yv;
                List<Object> r = new ArrayList<>();
                switch (listMerge) {
                    case "replace" -> r.addAll(yl);
                    case "keep" -> r.addAll(xl);
                    case "append" -> {
                        r.addAll(xl);
                        r.addAll(yl);
                    }
                    case "prepend" -> {
                        r.addAll(yl);
                        r.addAll(xl);
                    }
                    case "append_rp" -> {
                        xl.stream().filter(z -> !yl.contains(z)).forEach(r::add);
                        r.addAll(yl);
                    }
                    case "prepend_rp" -> {
                        r.addAll(yl);
                        xl.stream().filter(z -> !yl.contains(z)).forEach(r::add);
                    }
                    default -> throw RenderState.fail("combine: list_merge must be one of replace, keep, append, "
                            + "prepend, append_rp, prepend_rp; got '" + listMerge + "'");
                }
                out.put(k, r);
            } else {
                out.put(k, yv);
            }
        }
        return out;
    }

    private static Object subelements(Object v, Object[] a, Map<String, Object> kw) {
        List<Object> elements = v instanceof Map<?, ?> m ? new ArrayList<>(m.values()) : Py.asList(v);
        Object sub = arg(a, kw, 0, "subelements", null);
        boolean skipMissing = boolArg(a, kw, 1, "skip_missing", false);
        if (sub instanceof Map<?, ?> opts) {
            skipMissing = skipMissing || Py.truthy(opts.get("skip_missing"));
        }
        List<Object> path = sub instanceof List<?> ? Py.asList(sub) : new ArrayList<>(List.of(Py.str(sub).split("\\.")));
        List<Object> out = new ArrayList<>();
        for (Object element : elements) {
            Object values = element;
            boolean missing = false;
            for (Object key : path) {
                if (!(values instanceof Map<?, ?> m)) {
                    throw RenderState.fail("subelements: the key " + Py.repr(key)
                            + " should point to a dictionary, got " + Py.repr(values));
                }
                if (!m.containsKey(Py.str(key))) {
                    if (skipMissing) {
                        missing = true;
                        break;
                    }
                    throw RenderState.fail("subelements: could not find " + Py.repr(key) + " key in iterated item "
                            + Py.repr(values));
                }
                values = m.get(Py.str(key));
            }
            if (missing) {
                continue;
            }
            if (!(values instanceof List<?>)) {
                throw RenderState.fail("subelements: the key " + Py.repr(path.get(path.size() - 1))
                        + " should point to a list, got " + Py.repr(values));
            }
            for (Object x : (List<?>) values) {
                out.add(new Py.Tuple(element, x));
            }
        }
        return out;
    }
}
