package dev.rigger.template;

import dev.rigger.AnsibleBool;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/** Ansible's filters (and Jinja2 ones whose Jinjava version differs), registered on the Jinjava context. */
final class Filters {
    private Filters() {
    }

    /** A filter body: the piped value, positional arguments, keyword arguments. */
    @FunctionalInterface
    interface Fn {
        Object apply(Object value, Object[] args, Map<String, Object> kw);
    }

    /** Adapts a body to Jinjava; unless lenient, an undefined input or argument is an error, as in Ansible. */
    static Filter filter(String name, boolean lenient, Fn fn) {
        return new Filter() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
                if (!lenient) {
                    if (var instanceof Undefined u) {
                        throw u.fail();
                    }
                    for (Object a : args) {
                        if (a instanceof Undefined u) {
                            throw u.fail();
                        }
                    }
                    for (Object a : kwargs.values()) {
                        if (a instanceof Undefined u) {
                            throw u.fail();
                        }
                    }
                }
                return fn.apply(Py.unwrap(var), args, kwargs);
            }

            @Override
            public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
                return filter(var, interpreter, (Object[]) args, Map.of());
            }
        };
    }

    static Object arg(Object[] args, Map<String, Object> kw, int i, String name, Object def) {
        if (kw.containsKey(name)) {
            return Py.unwrap(kw.get(name));
        }
        return i < args.length ? Py.unwrap(args[i]) : def;
    }

    static boolean boolArg(Object[] args, Map<String, Object> kw, int i, String name, boolean def) {
        Object v = arg(args, kw, i, name, def);
        return v instanceof String s ? AnsibleBool.isTrue(s) : Py.truthy(v);
    }

    static List<Filter> all() {
        List<Filter> f = new ArrayList<>();
        Fn dflt = (v, a, kw) -> {
            Object d = arg(a, kw, 0, "default_value", "");
            boolean falsy = boolArg(a, kw, 1, "boolean", false);
            if (v instanceof Undefined || (falsy && !Py.truthy(v))) {
                return d;
            }
            return v;
        };
        f.add(filter("default", true, dflt));
        f.add(filter("d", true, dflt));
        f.add(filter("mandatory", true, (v, a, kw) -> {
            if (v instanceof Undefined u) {
                Object msg = arg(a, kw, 0, "msg", null);
                throw RenderState.fail(msg != null ? Py.str(msg) : "Mandatory variable '" + u.name() + "' not defined.");
            }
            return v;
        }));
        f.add(filter("to_json", false, (v, a, kw) -> Py.toJson(v, intArg(arg(a, kw, 99, "indent", 0)),
                boolArg(a, kw, 99, "sort_keys", false), boolArg(a, kw, 99, "ensure_ascii", true))));
        f.add(filter("to_nice_json", false, (v, a, kw) -> Py.toJson(v, intArg(arg(a, kw, 0, "indent", 4)),
                boolArg(a, kw, 99, "sort_keys", true), boolArg(a, kw, 99, "ensure_ascii", true))));
        f.add(filter("to_yaml", false, (v, a, kw) -> toYaml(v, false, intArg(arg(a, kw, 99, "indent", 2)))));
        f.add(filter("to_nice_yaml", false, (v, a, kw) -> toYaml(v, true, intArg(arg(a, kw, 0, "indent", 4)))));
        f.add(filter("from_json", false, (v, a, kw) -> fromJson(Py.str(v))));
        f.add(filter("from_yaml", false, (v, a, kw) -> fromYaml(Py.str(v))));
        f.add(filter("from_yaml_all", false, (v, a, kw) -> {
            List<Object> out = new ArrayList<>();
            for (Object doc : yaml(null).loadAll(Py.str(v))) {
                out.add(Py.toNative(doc));
            }
            return out;
        }));
        f.add(filter("regex_search", false, Filters::regexSearch));
        f.add(filter("regex_findall", false, Filters::regexFindall));
        f.add(filter("regex_replace", false, (v, a, kw) -> {
            Pattern p = pattern(Py.str(arg(a, kw, 0, "pattern", "")), a, kw, 2);
            String repl = pyReplacement(Py.str(arg(a, kw, 1, "replacement", "")));
            int count = intArg(arg(a, kw, 4, "count", 0));
            Matcher m = p.matcher(v == null ? "" : Py.str(v));
            StringBuilder sb = new StringBuilder();
            int n = 0;
            while ((count == 0 || n < count) && m.find()) {
                m.appendReplacement(sb, repl);
                n++;
            }
            m.appendTail(sb);
            return sb.toString();
        }));
        f.add(filter("regex_escape", false, (v, a, kw) -> {
            String s = Py.str(v);
            StringBuilder sb = new StringBuilder();
            for (char c : s.toCharArray()) {
                if (!Character.isLetterOrDigit(c) && c != '_') {
                    sb.append('\\');
                }
                sb.append(c);
            }
            return sb.toString();
        }));
        f.add(filter("basename", false, (v, a, kw) -> {
            String s = Py.str(v);
            return s.substring(s.lastIndexOf('/') + 1);
        }));
        f.add(filter("dirname", false, (v, a, kw) -> dirname(Py.str(v))));
        f.add(filter("splitext", false, (v, a, kw) -> {
            String s = Py.str(v);
            int slash = s.lastIndexOf('/');
            int dot = s.lastIndexOf('.');
            int start = slash + 1;
            while (start < s.length() && s.charAt(start) == '.') {
                start++;
            }
            Py.Tuple out = new Py.Tuple();
            if (dot > slash && dot >= start) {
                out.add(s.substring(0, dot));
                out.add(s.substring(dot));
            } else {
                out.add(s);
                out.add("");
            }
            return out;
        }));
        f.add(filter("realpath", false, (v, a, kw) -> realpath(Py.str(v))));
        f.add(filter("expanduser", false, (v, a, kw) -> expanduser(Py.str(v))));
        f.add(filter("quote", false, (v, a, kw) -> shellQuote(v == null ? "" : Py.str(v))));
        f.add(filter("password_hash", false, (v, a, kw) -> {
            String type = Py.str(arg(a, kw, 0, "hashtype", "sha512"));
            Object salt = arg(a, kw, 1, "salt", null);
            Object rounds = arg(a, kw, 2, "rounds", null);
            String s = salt == null ? randomSalt(16) : Py.str(salt);
            int r = rounds == null ? 5000 : intArg(rounds);
            return switch (type) {
                case "sha512", "sha512_crypt" -> ShaCrypt.sha512(Py.str(v), s, r, rounds != null);
                case "sha256", "sha256_crypt" -> ShaCrypt.sha256(Py.str(v), s, r, rounds != null);
                default -> throw RenderState.fail("password_hash: unsupported hash type '" + type
                        + "'; use sha512 or sha256");
            };
        }));
        f.add(filter("combine", false, Filters::combine));
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
        f.add(filter("ternary", false, (v, a, kw) -> {
            Object none = arg(a, kw, 2, "none_val", null);
            if (v == null && none != null) {
                return none;
            }
            return Py.truthy(v) ? arg(a, kw, 0, "true_val", null) : arg(a, kw, 1, "false_val", null);
        }));
        f.add(filter("flatten", false, (v, a, kw) -> {
            Object levels = arg(a, kw, 0, "levels", null);
            return flatten(Py.asList(v), levels == null ? -1 : intArg(levels), boolArg(a, kw, 1, "skip_nulls", true));
        }));
        f.add(filter("min", false, (v, a, kw) -> minMax(v, kw, -1)));
        f.add(filter("max", false, (v, a, kw) -> minMax(v, kw, 1)));
        f.add(filter("zip", false, (v, a, kw) -> zip(v, a, false, null)));
        f.add(filter("zip_longest", false, (v, a, kw) -> zip(v, a, true, kw.get("fillvalue"))));
        f.add(filter("comment", false, Filters::comment));
        f.add(filter("to_uuid", false, (v, a, kw) -> uuid5(
                UUID.fromString(Py.str(arg(a, kw, 0, "namespace", "361E6D51-FAEC-444A-9079-341386DA8E2E"))),
                Py.str(v)).toString()));
        f.add(filter("subelements", false, Filters::subelements));
        f.add(filter("type_debug", false, (v, a, kw) -> Py.typeName(v)));
        f.add(filter("hash", false, (v, a, kw) -> digest(Py.str(arg(a, kw, 0, "hashtype", "sha1")), Py.str(v))));
        f.add(filter("checksum", false, (v, a, kw) -> digest("sha1", Py.str(v))));
        f.add(filter("sha1", false, (v, a, kw) -> digest("sha1", Py.str(v))));
        f.add(filter("md5", false, (v, a, kw) -> digest("md5", Py.str(v))));
        f.add(filter("bool", false, (v, a, kw) -> AnsibleBool.filter(Py.unwrap(v))));
        f.add(filter("int", false, (v, a, kw) -> toInt(v, arg(a, kw, 0, "default", 0L), intArg(arg(a, kw, 1, "base", 10)))));
        f.add(filter("float", false, (v, a, kw) -> toFloat(v, arg(a, kw, 0, "default", 0.0))));
        f.add(filter("string", false, (v, a, kw) -> Py.str(v)));
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
        f.add(filter("b64encode", false, (v, a, kw) -> Base64.getEncoder()
                .encodeToString(Py.str(v).getBytes(StandardCharsets.UTF_8))));
        f.add(filter("b64decode", false, (v, a, kw) -> {
            try {
                return new String(Base64.getMimeDecoder().decode(Py.str(v).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw RenderState.fail("b64decode: not valid base64: " + e.getMessage());
            }
        }));
        f.add(filter("human_readable", false, (v, a, kw) -> humanReadable(toFloat(v, 0.0),
                boolArg(a, kw, 0, "isbits", false), arg(a, kw, 1, "unit", null))));
        f.add(filter("version_compare", false, (v, a, kw) -> Version.test(v, arg(a, kw, 0, "version", null),
                Py.str(arg(a, kw, 1, "operator", "eq")), Py.str(arg(a, kw, 3, "version_type", "loose")))));
        f.add(filter("round", false, (v, a, kw) -> {
            int prec = intArg(arg(a, kw, 0, "precision", 0));
            String method = Py.str(arg(a, kw, 1, "method", "common"));
            RoundingMode mode = switch (method) {
                case "ceil" -> RoundingMode.CEILING;
                case "floor" -> RoundingMode.FLOOR;
                default -> RoundingMode.HALF_EVEN;
            };
            return new BigDecimal(Py.str(toFloat(v, 0.0))).setScale(prec, mode).doubleValue();
        }));
        f.add(filter("items", false, (v, a, kw) -> {
            List<Object> out = new ArrayList<>();
            for (Map.Entry<String, Object> e : Py.asMap(v, "items").entrySet()) {
                out.add(new Py.Tuple(e.getKey(), e.getValue()));
            }
            return out;
        }));
        f.add(filter("trim", false, (v, a, kw) -> strip(Py.str(v), a.length > 0 ? Py.str(a[0]) : null, true, true)));
        f.add(filter("upper", false, (v, a, kw) -> Py.str(v).toUpperCase(Locale.ROOT)));
        f.add(filter("lower", false, (v, a, kw) -> Py.str(v).toLowerCase(Locale.ROOT)));
        f.add(filter("capitalize", false, (v, a, kw) -> {
            String s = Py.str(v);
            return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
        }));
        f.add(filter("title", false, (v, a, kw) -> title(Py.str(v))));
        f.add(filter("replace", false, (v, a, kw) -> {
            String s = Py.str(v);
            String from = Py.str(a[0]);
            String to = Py.str(a[1]);
            if (a.length > 2 && a[2] != null) {
                int n = intArg(a[2]);
                for (int i = 0; i < n && s.contains(from); i++) {
                    s = s.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
                }
                return s;
            }
            return s.replace(from, to);
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
                Object p = attr == null ? x : attribute(x, Py.str(attr));
                Object q = attr == null ? y : attribute(y, Py.str(attr));
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
        f.add(filter("path_join", false, (v, a, kw) -> {
            List<Object> parts = v instanceof String ? List.of(v) : Py.asList(v);
            String out = "";
            for (Object o : parts) {
                String p = Py.str(o);
                out = p.startsWith("/") || out.isEmpty() ? p : out.endsWith("/") ? out + p : out + "/" + p;
            }
            return out;
        }));
        f.add(filter("split", false, (v, a, kw) -> AnsibleELResolver.split(Py.str(v), arg(a, kw, 0, "sep", null),
                intArg(arg(a, kw, 1, "maxsplit", -1)))));
        return f;
    }

    // ---------------------------------------------------------------- helpers

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

    /** Jinja2's select/reject/selectattr/rejectattr: by a named test, or by truthiness without one. */
    private static Object select(Object v, Object[] a, boolean reject, String attr) {
        com.hubspot.jinjava.interpret.JinjavaInterpreter interp =
                com.hubspot.jinjava.interpret.JinjavaInterpreter.getCurrent();
        com.hubspot.jinjava.lib.exptest.ExpTest test = a.length == 0 ? null
                : interp.getContext().getExpTest(Py.str(a[0]));
        Object[] testArgs = a.length > 1 ? java.util.Arrays.copyOfRange(a, 1, a.length) : new Object[0];
        List<Object> out = new ArrayList<>();
        for (Object item : Py.asList(v)) {
            Object x = attr == null ? item : attribute(item, attr);
            boolean ok = test == null ? Py.truthy(x) : test.evaluate(x, interp, testArgs);
            if (ok != reject) {
                out.add(item);
            }
        }
        return out;
    }

    static int intArg(Object o) {
        o = Py.unwrap(o);
        if (o instanceof Number n) {
            return n.intValue();
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        try {
            return Integer.parseInt(Py.str(o).strip());
        } catch (NumberFormatException e) {
            throw RenderState.fail("expected an integer, got " + Py.repr(o));
        }
    }

    private static double toNumber(Object x) {
        if (x instanceof Number n) {
            return n.doubleValue();
        }
        throw RenderState.fail("unsupported operand type(s) for +: 'int' and '" + Py.typeName(x) + "'");
    }

    static Object toInt(Object v, Object def, int base) {
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (v instanceof java.math.BigInteger b) {
            return PyArithmetic.narrow(b);
        }
        if (Py.isInteger(v)) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n) {
            return floatToInt(n.doubleValue(), def);
        }
        if (v instanceof String s) {
            String t = s.strip().replace("_", "");
            try {
                if (base == 16 && (t.startsWith("0x") || t.startsWith("0X"))) {
                    t = t.substring(2);
                } else if (base == 8 && (t.startsWith("0o") || t.startsWith("0O"))) {
                    t = t.substring(2);
                } else if (base == 2 && (t.startsWith("0b") || t.startsWith("0B"))) {
                    t = t.substring(2);
                }
                return PyArithmetic.narrow(new java.math.BigInteger(t, base));
            } catch (NumberFormatException e) {
                try {
                    return floatToInt(Double.parseDouble(t), def);
                } catch (NumberFormatException e2) {
                    return def;
                }
            }
        }
        return def;
    }

    /** Python's int(float): truncated, of any size; inf and nan have no integer (the default then). */
    private static Object floatToInt(double d, Object def) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return def;
        }
        return PyArithmetic.narrow(new java.math.BigDecimal(d).toBigInteger());
    }

    static Object toFloat(Object v, Object def) {
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            String t = s.strip().toLowerCase(Locale.ROOT);
            switch (t) {
                case "inf", "+inf", "infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-inf", "-infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                case "nan" -> {
                    return Double.NaN;
                }
                default -> {
                }
            }
            if (t.matches("[-+]?(\\d[\\d_]*\\.?\\d*|\\.\\d+)(e[-+]?\\d+)?")) {
                return Double.parseDouble(t.replace("_", ""));
            }
        }
        return def;
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

    static String title(String s) {
        StringBuilder sb = new StringBuilder();
        boolean prevLetter = false;
        for (char c : s.toCharArray()) {
            sb.append(prevLetter ? Character.toLowerCase(c) : Character.toUpperCase(c));
            prevLetter = Character.isLetter(c) || c == '\'';
        }
        return sb.toString();
    }

    static String strip(String s, String chars, boolean left, boolean right) {
        int b = 0;
        int e = s.length();
        while (left && b < e && (chars == null ? Character.isWhitespace(s.charAt(b)) : chars.indexOf(s.charAt(b)) >= 0)) {
            b++;
        }
        while (right && e > b
                && (chars == null ? Character.isWhitespace(s.charAt(e - 1)) : chars.indexOf(s.charAt(e - 1)) >= 0)) {
            e--;
        }
        return s.substring(b, e);
    }

    static List<Object> splitlines(String s) {
        List<Object> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                out.add(s.substring(start, i));
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < s.length()) {
            out.add(s.substring(start));
        }
        return out;
    }

    /** Applies a Python format spec ([[fill]align][sign][0][width][.precision][type]) to a value. */
    static String pyFormatSpec(Object v, String spec) {
        if (spec == null || spec.isEmpty()) {
            return Py.str(v);
        }
        Matcher m = Pattern.compile("(?:(.)?([<>^=]))?([-+ ])?(0)?(\\d+)?(,)?(?:\\.(\\d+))?([bcdeEfFgGnosxX%])?")
                .matcher(spec);
        if (!m.matches()) {
            throw RenderState.fail("invalid format spec '" + spec + "'");
        }
        String type = m.group(8);
        String body;
        Integer prec = m.group(7) == null ? null : Integer.parseInt(m.group(7));
        if (type == null) {
            body = v instanceof Double d && prec != null ? String.format(Locale.ROOT, "%." + prec + "g", d)
                    : Py.str(v);
            if (prec != null && v instanceof String s) {
                body = s.substring(0, Math.min(prec, s.length()));
            }
        } else {
            body = switch (type) {
                case "d", "n" -> String.valueOf(((Number) v).longValue());
                case "f", "F" -> String.format(Locale.ROOT, "%." + (prec == null ? 6 : prec) + "f",
                        ((Number) v).doubleValue());
                case "e", "E" -> String.format(Locale.ROOT, "%." + (prec == null ? 6 : prec) + type,
                        ((Number) v).doubleValue());
                case "g", "G" -> String.format(Locale.ROOT, "%." + (prec == null ? 6 : prec) + type,
                        ((Number) v).doubleValue());
                case "x" -> Long.toHexString(((Number) v).longValue());
                case "X" -> Long.toHexString(((Number) v).longValue()).toUpperCase(Locale.ROOT);
                case "o" -> Long.toOctalString(((Number) v).longValue());
                case "b" -> Long.toBinaryString(((Number) v).longValue());
                case "%" -> String.format(Locale.ROOT, "%." + (prec == null ? 6 : prec) + "f%%",
                        ((Number) v).doubleValue() * 100);
                default -> Py.str(v);
            };
        }
        if ("+".equals(m.group(3)) && v instanceof Number n && n.doubleValue() >= 0) {
            body = "+" + body;
        }
        int width = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
        if (body.length() >= width) {
            return body;
        }
        String fill = m.group(1) != null ? m.group(1) : m.group(4) != null ? "0" : " ";
        String align = m.group(2) != null ? m.group(2) : m.group(4) != null ? "=" : v instanceof Number ? ">" : "<";
        int pad = width - body.length();
        return switch (align) {
            case ">" -> fill.repeat(pad) + body;
            case "^" -> fill.repeat(pad / 2) + body + fill.repeat(pad - pad / 2);
            case "=" -> body.startsWith("-") || body.startsWith("+") ? body.charAt(0) + fill.repeat(pad)
                    + body.substring(1) : fill.repeat(pad) + body;
            default -> body + fill.repeat(pad);
        };
    }

    // ---------------------------------------------------------------- regex

    /** Translates Python regex syntax that Java spells differently. */
    static String pyRegex(String re) {
        return re.replace("(?P<", "(?<").replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>").replace("\\Z", "\\z");
    }

    static Pattern pattern(String re, Object[] a, Map<String, Object> kw, int firstFlagPos) {
        int flags = 0;
        if (boolArg(a, kw, firstFlagPos, "ignorecase", false)) {
            flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        }
        if (boolArg(a, kw, firstFlagPos + 1, "multiline", false)) {
            flags |= Pattern.MULTILINE;
        }
        try {
            return Pattern.compile(pyRegex(re), flags);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw RenderState.fail("invalid regular expression '" + re + "': " + e.getDescription());
        }
    }

    /** Python replacement string (\1, \g<1>, \g<name>) to Java's ($1, ${name}). */
    static String pyReplacement(String r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            if (c == '$') {
                sb.append("\\$");
            } else if (c == '\\' && i + 1 < r.length()) {
                char n = r.charAt(++i);
                if (Character.isDigit(n)) {
                    int j = i;
                    while (j < r.length() && j < i + 2 && Character.isDigit(r.charAt(j))) {
                        j++;
                    }
                    sb.append('$').append(r, i, j);
                    i = j - 1;
                } else if (n == 'g' && i + 1 < r.length() && r.charAt(i + 1) == '<') {
                    int end = r.indexOf('>', i);
                    String g = r.substring(i + 2, end);
                    sb.append(g.chars().allMatch(Character::isDigit) ? "$" + g : "${" + g + "}");
                    i = end;
                } else if (n == 'n') {
                    sb.append('\n');
                } else if (n == 't') {
                    sb.append('\t');
                } else if (n == 'r') {
                    sb.append('\r');
                } else if (n == '\\') {
                    sb.append("\\\\");
                } else {
                    sb.append("\\\\").append(n == '$' ? "\\$" : String.valueOf(n));
                }
            } else if (c == '\\') {
                sb.append("\\\\");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Object regexSearch(Object v, Object[] a, Map<String, Object> kw) {
        Pattern p = pattern(Py.str(a[0]), new Object[0], kw, 0);
        Matcher m = p.matcher(Py.str(v));
        List<Object> groups = new ArrayList<>();
        for (int i = 1; i < a.length; i++) {
            String g = Py.str(a[i]);
            Matcher gm = Pattern.compile("\\\\g<(\\S+)>|\\\\(\\d+)").matcher(g);
            if (!gm.matches()) {
                throw RenderState.fail("regex_search: unknown argument '" + g + "'; use '\\\\1' or '\\\\g<name>'");
            }
            groups.add(gm.group(1) != null ? gm.group(1) : (Object) Integer.parseInt(gm.group(2)));
        }
        if (!m.find()) {
            return null;
        }
        if (groups.isEmpty()) {
            return m.group();
        }
        List<Object> out = new ArrayList<>();
        for (Object g : groups) {
            out.add(g instanceof Integer i ? m.group(i) : m.group((String) g));
        }
        return out;
    }

    private static Object regexFindall(Object v, Object[] a, Map<String, Object> kw) {
        Pattern p = pattern(Py.str(a[0]), a, kw, 1);
        Matcher m = p.matcher(Py.str(v));
        List<Object> out = new ArrayList<>();
        while (m.find()) {
            if (m.groupCount() == 0) {
                out.add(m.group());
            } else if (m.groupCount() == 1) {
                out.add(m.group(1) == null ? "" : m.group(1));
            } else {
                List<Object> t = new ArrayList<>();
                for (int i = 1; i <= m.groupCount(); i++) {
                    t.add(m.group(i) == null ? "" : m.group(i));
                }
                out.add(t);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- paths

    static String dirname(String s) {
        int i = s.lastIndexOf('/') + 1;
        String head = s.substring(0, i);
        if (!head.isEmpty() && !head.chars().allMatch(c -> c == '/')) {
            head = head.replaceAll("/+$", "");
        }
        return head;
    }

    static String expanduser(String s) {
        if (s.equals("~") || s.startsWith("~/")) {
            return System.getProperty("user.home") + s.substring(1);
        }
        return s;
    }

    static String realpath(String s) {
        Path p = Paths.get(expanduser(s)).toAbsolutePath();
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.normalize().toString();
        }
    }

    private static final Pattern SHELL_SAFE = Pattern.compile("[\\w@%+=:,./-]+", Pattern.UNICODE_CHARACTER_CLASS);

    static String shellQuote(String s) {
        if (s.isEmpty()) {
            return "''";
        }
        if (SHELL_SAFE.matcher(s).matches()) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    // ---------------------------------------------------------------- data

    static Object fromJson(String s) {
        try {
            return Py.toNative(new ObjectMapper().readValue(s, Object.class));
        } catch (IOException e) {
            throw RenderState.fail("from_json: not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    static Yaml yaml(DumperOptions dump) {
        LoaderOptions lo = new LoaderOptions();
        return dump == null ? new Yaml(new SafeConstructor(lo))
                : new Yaml(new SafeConstructor(lo), new Representer(dump), dump);
    }

    static Object fromYaml(String s) {
        try {
            return Py.toNative(yaml(null).load(s));
        } catch (RuntimeException e) {
            throw RenderState.fail("from_yaml: not valid YAML: " + e.getMessage());
        }
    }

    static String toYaml(Object v, boolean nice, int indent) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(nice ? DumperOptions.FlowStyle.BLOCK : DumperOptions.FlowStyle.AUTO);
        o.setAllowUnicode(true);
        o.setIndent(Math.max(1, Math.min(indent, 10)));
        o.setWidth(80);
        o.setSplitLines(true);
        return yaml(o).dump(sortedNative(Py.toNative(v)));
    }

    private static Object sortedNative(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), sortedNative(x)));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(sortedNative(x)));
            return out;
        }
        return o;
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
        for (Object t : flatten(terms, 1, false)) {
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

    private static Object comment(Object v, Object[] a, Map<String, Object> kw) {
        String style = Py.str(arg(a, kw, 0, "style", "plain"));
        Map<String, Map<String, String>> styles = Map.of(
                "plain", Map.of("decoration", "# "),
                "erlang", Map.of("decoration", "% "),
                "c", Map.of("decoration", "// "),
                "cblock", Map.of("beginning", "/*", "decoration", " * ", "end", " */"),
                "xml", Map.of("beginning", "<!--", "decoration", " - ", "end", "-->"));
        Map<String, String> sp = styles.get(style);
        if (sp == null) {
            throw RenderState.fail("comment: unknown style '" + style + "'; use plain, erlang, c, cblock or xml");
        }
        String prepost = kw.containsKey("decoration") ? Py.str(kw.get("decoration")) : sp.get("decoration");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("newline", "\n");
        p.put("beginning", "");
        p.put("prefix", strip(prepost, null, false, true));
        p.put("prefix_count", 1L);
        p.put("decoration", "");
        p.put("postfix", strip(prepost, null, false, true));
        p.put("postfix_count", 1L);
        p.put("end", "");
        p.putAll(sp);
        p.putAll(kw);
        String nl = Py.str(p.get("newline"));
        String beginning = Py.str(p.get("beginning"));
        String prefix = Py.str(p.get("prefix"));
        String decoration = Py.str(p.get("decoration"));
        String postfix = Py.str(p.get("postfix"));
        String end = Py.str(p.get("end"));
        String text = Py.str(v);
        StringBuilder sb = new StringBuilder();
        if (!beginning.isEmpty()) {
            sb.append(beginning).append(nl);
        }
        if (!prefix.isEmpty()) {
            sb.append((prefix.equals(nl) ? nl : prefix + nl).repeat(intArg(p.get("prefix_count"))));
        }
        sb.append((decoration + text.replace(nl, nl + decoration))
                .replace(decoration + nl, strip(decoration, null, false, true) + nl));
        for (int i = 0; i < intArg(p.get("postfix_count")); i++) {
            sb.append(nl).append(postfix);
        }
        if (!end.isEmpty()) {
            sb.append(nl).append(end);
        }
        return sb.toString();
    }

    static UUID uuid5(UUID ns, String name) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(16);
            bb.putLong(ns.getMostSignificantBits()).putLong(ns.getLeastSignificantBits());
            md.update(bb.array());
            byte[] h = md.digest(name.getBytes(StandardCharsets.UTF_8));
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            java.nio.ByteBuffer r = java.nio.ByteBuffer.wrap(h, 0, 16);
            return new UUID(r.getLong(), r.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    static String digest(String type, String s) {
        String alg = switch (type.toLowerCase(Locale.ROOT)) {
            case "md5" -> "MD5";
            case "sha1" -> "SHA-1";
            case "sha224" -> "SHA-224";
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default -> throw RenderState.fail("hash: unsupported hash type '" + type
                    + "'; use md5, sha1, sha224, sha256, sha384 or sha512");
        };
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String SALT_CHARS = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    static String randomSalt(int n) {
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(SALT_CHARS.charAt(r.nextInt(SALT_CHARS.length())));
        }
        return sb.toString();
    }

    static String humanReadable(Object size, boolean isbits, Object unit) {
        double s = ((Number) size).doubleValue();
        String[] suffixes = {"Y", "Z", "E", "P", "T", "G", "M", "K", "B"};
        int[] shifts = {80, 70, 60, 50, 40, 30, 20, 10, 0};
        String base = isbits ? "bits" : "Bytes";
        int chosen = suffixes.length - 1;
        for (int i = 0; i < suffixes.length; i++) {
            double limit = Math.pow(2, shifts[i]);
            if ((unit == null && s >= limit)
                    || (unit != null && Py.str(unit).toUpperCase(Locale.ROOT).startsWith(suffixes[i]))) {
                chosen = i;
                break;
            }
        }
        double limit = Math.pow(2, shifts[chosen]);
        String suffix = shifts[chosen] == 0 ? base : suffixes[chosen] + base.charAt(0);
        return String.format(Locale.ROOT, "%.2f %s", s / limit, suffix);
    }
}
