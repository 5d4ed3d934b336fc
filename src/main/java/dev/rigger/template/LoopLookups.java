package dev.rigger.template;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The list-shaping lookups behind {@code with_*} loops, ported from ansible-core 2.14 (items, indexed_items, list,
 * dict, together, nested, subelements, random_choice) and community.general
 * (flattened, cartesian): same items, same order, same error messages.
 */
final class LoopLookups {
    private LoopLookups() {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** LookupBase._flatten: one level, lists only. */
    static List<Object> flatten(Object terms) {
        List<Object> ret = new ArrayList<>();
        for (Object t : iterate(terms)) {
            if (t instanceof List<?> l) {
                ret.addAll(l);
            } else {
                ret.add(t);
            }
        }
        return ret;
    }

    /** Python's {@code for x in value}: a list's items, a dict's keys, a string's characters. */
    static List<Object> iterate(Object o) {
        if (o instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        if (o instanceof Map<?, ?> m) {
            return new ArrayList<>(m.keySet());
        }
        if (o instanceof String s) {
            List<Object> out = new ArrayList<>();
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        throw RenderState.fail("'" + Py.typeName(o) + "' object is not iterable");
    }

    /** listify_lookup_plugin_terms on an already templated value: a string or a scalar becomes a list of one. */
    static Object listify(Object x) {
        return x instanceof List || x instanceof Map ? x : new ArrayList<>(Arrays.asList(x));
    }

    static List<Object> indexedItems(Object terms) {
        if (!(terms instanceof List)) {
            throw RenderState.fail("with_indexed_items expects a list");
        }
        List<Object> items = flatten(terms);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(new ArrayList<>(Arrays.asList((long) i, items.get(i))));
        }
        return out;
    }

    static List<Object> list(Object terms) {
        if (!(terms instanceof List<?> l)) {
            throw RenderState.fail("with_list expects a list");
        }
        return new ArrayList<>(l);
    }

    static List<Object> dict(Object terms) {
        List<Object> out = new ArrayList<>();
        for (Object t : terms instanceof List<?> l ? l : List.of(terms)) {
            if (!(t instanceof Map<?, ?> m)) {
                throw RenderState.fail("with_dict expects a dict");
            }
            m.forEach((k, v) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("key", k);
                e.put("value", v);
                out.add(e);
            });
        }
        return out;
    }

    /** community.general.flattened: recursively, a list of one list is unwrapped, 'None'/'null' ends the list. */
    static List<Object> flattened(Object terms) {
        if (!(terms instanceof List)) {
            throw RenderState.fail("with_flattened expects a list");
        }
        return doFlatten((List<?>) terms);
    }

    private static List<Object> doFlatten(List<?> terms) {
        List<Object> ret = new ArrayList<>();
        for (Object term : terms) {
            while (term instanceof List<?> l && l.size() == 1) {
                term = l.get(0);
            }
            if ("None".equals(term) || "null".equals(term)) {
                break;
            }
            if (term instanceof List<?> l) {
                ret.addAll(doFlatten(l));
            } else {
                ret.add(term);
            }
        }
        return ret;
    }

    static List<Object> together(Object terms) {
        List<List<Object>> lists = new ArrayList<>();
        for (Object x : iterate(terms)) {
            lists.add(iterate(listify(x)));
        }
        if (lists.isEmpty()) {
            throw RenderState.fail("with_together requires at least one element in each list");
        }
        int n = lists.stream().mapToInt(List::size).max().orElse(0);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Object> row = new ArrayList<>();
            for (List<Object> l : lists) {
                row.add(i < l.size() ? l.get(i) : null);
            }
            out.add(flatten(row));
        }
        return out;
    }

    static List<Object> nested(Object terms) {
        List<Object> lists = new ArrayList<>();
        for (Object x : iterate(terms)) {
            lists.add(listify(x));
        }
        if (lists.isEmpty()) {
            throw RenderState.fail("with_nested requires at least one element in the nested list");
        }
        List<Object> result = iterate(lists.get(0));
        for (int k = 1; k < lists.size(); k++) {
            List<Object> next = new ArrayList<>();
            List<Object> b = iterate(lists.get(k));
            for (Object x : result) {
                for (Object y : b) {
                    next.add(flatten(Arrays.asList(x, y)));
                }
            }
            result = next;
        }
        List<Object> out = new ArrayList<>();
        for (Object x : result) {
            out.add(flatten(x));
        }
        return out;
    }

    static List<Object> cartesian(Object terms) {
        List<List<Object>> lists = new ArrayList<>();
        for (Object x : iterate(terms)) {
            lists.add(iterate(listify(x)));
        }
        if (lists.isEmpty()) {
            throw RenderState.fail("with_cartesian requires at least one element in each list");
        }
        List<List<Object>> rows = new ArrayList<>();
        rows.add(new ArrayList<>());
        for (List<Object> l : lists) {
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> prefix : rows) {
                for (Object x : l) {
                    List<Object> row = new ArrayList<>(prefix);
                    row.add(x);
                    next.add(row);
                }
            }
            rows = next;
        }
        List<Object> out = new ArrayList<>();
        for (List<Object> r : rows) {
            out.add(flatten(r));
        }
        return out;
    }

    private static final Set<String> SUBELEMENT_FLAGS = Set.of("skip_missing");

    static List<Object> subelements(Object termsArg) {
        String err = "subelements lookup expects a list of two or three items, ";
        if (!(termsArg instanceof List<?> tl) || tl.isEmpty()) {
            throw RenderState.fail(err);
        }
        List<Object> terms = new ArrayList<>(tl);
        terms.set(0, listify(terms.get(0)));
        if (terms.size() < 2 || terms.size() > 3) {
            throw RenderState.fail(err);
        }
        if (!(terms.get(1) instanceof String sub)) {
            throw RenderState.fail(err + "first a dict or a list, second a string pointing to the subkey");
        }
        List<String> subelements = Arrays.asList(sub.split("\\.", -1));
        List<Object> elementlist;
        if (terms.get(0) instanceof Map<?, ?> m) {
            if (m.containsKey("skipped") && !Boolean.FALSE.equals(m.get("skipped"))) {
                return new ArrayList<>();
            }
            elementlist = new ArrayList<>(m.values());
        } else {
            elementlist = new ArrayList<>((List<?>) terms.get(0));
        }
        Object flagsArg = terms.size() == 3 ? terms.get(2) : Map.of();
        Map<?, ?> flags = flagsArg instanceof Map<?, ?> fm ? fm : Map.of();
        if (!(flagsArg instanceof Map)) {
            for (Object k : iterate(flagsArg)) {
                if (!(k instanceof String ks && SUBELEMENT_FLAGS.contains(ks))) {
                    throw RenderState.fail(err + "the optional third item must be a dict with flags "
                            + "('skip_missing',)");
                }
            }
        }
        List<Object> ret = new ArrayList<>();
        for (Object e : elementlist) {
            if (!(e instanceof Map<?, ?> em)) {
                throw RenderState.fail("subelements lookup expects a dictionary, got '" + Py.str(e) + "'");
            }
            if (em.containsKey("skipped") && !Boolean.FALSE.equals(em.get("skipped"))) {
                continue;
            }
            boolean skipMissing = boolish(flags.get("skip_missing"));
            Map<String, Object> item0 = copyPath(em, subelements);
            Map<String, Object> subvalue = item0;
            List<?> sublist = List.of();
            for (int i = 0; i < subelements.size(); i++) {
                String subkey = subelements.get(i);
                boolean last = subkey.equals(subelements.get(subelements.size() - 1));
                if (!subvalue.containsKey(subkey)) {
                    if (skipMissing) {
                        continue;
                    }
                    throw RenderState.fail("could not find '" + subkey + "' key in iterated item '" + Py.str(subvalue)
                            + "'");
                }
                Object v = subvalue.get(subkey);
                if (!last) {
                    if (!(v instanceof Map)) {
                        if (skipMissing) {
                            continue;
                        }
                        throw RenderState.fail("the key " + subkey + " should point to a dictionary, got '"
                                + Py.str(v) + "'");
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> next = (Map<String, Object>) v;
                    subvalue = next;
                } else {
                    if (!(v instanceof List<?> vl)) {
                        throw RenderState.fail("the key " + subkey + " should point to a list, got '" + Py.str(v)
                                + "'");
                    }
                    sublist = vl;
                    subvalue.remove(subkey);
                }
            }
            for (Object item1 : sublist) {
                ret.add(new ArrayList<>(Arrays.asList(item0, item1)));
            }
        }
        return ret;
    }

    /** A copy of {@code m} with the dicts along {@code path} copied too, so that popping the subkey leaves vars alone. */
    private static Map<String, Object> copyPath(Map<?, ?> m, List<String> path) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        Map<String, Object> cur = out;
        for (String k : path) {
            if (cur.get(k) instanceof Map<?, ?> inner) {
                Map<String, Object> c = new LinkedHashMap<>();
                inner.forEach((a, b) -> c.put(String.valueOf(a), b));
                cur.put(k, c);
                cur = c;
            } else {
                break;
            }
        }
        return out;
    }

    /** ansible's boolean(x, strict=False). */
    static boolean boolish(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v == null) {
            return false;
        }
        String s = Py.str(v).toLowerCase(java.util.Locale.ROOT).strip();
        return Set.of("y", "yes", "on", "1", "true", "t", "1.0").contains(s);
    }

    static List<Object> randomChoice(Object terms) {
        List<Object> l = iterate(terms);
        if (l.isEmpty()) {
            return l;
        }
        return new ArrayList<>(List.of(l.get(RANDOM.nextInt(l.size()))));
    }

}
