package dev.rigger.template;

import dev.rigger.AnsibleBool;
import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/** Ansible's tests ({@code x is succeeded}, {@code is version}, ...) and Jinja2 ones whose Jinjava version differs. */
final class Tests {
    private Tests() {
    }

    @FunctionalInterface
    interface Fn {
        boolean apply(Object value, Object[] args, Map<String, Object> kw);
    }

    static ExpTest test(String name, boolean lenient, Fn fn) {
        return test(name, lenient, false, fn);
    }

    /**
     * Jinjava passes a test exactly one argument: {@code is version('1.0', '<')} arrives as one tuple. With
     * {@code spread}, a single list argument is taken as the argument list (for tests whose first argument is a
     * scalar).
     */
    static ExpTest test(String name, boolean lenient, boolean spread, Fn fn) {
        return new ExpTest() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
                if (!lenient && var instanceof Undefined u) {
                    throw u.fail();
                }
                List<Object> pos = new ArrayList<>();
                Map<String, Object> kw = new HashMap<>();
                Object[] given = args == null ? new Object[0] : args;
                if (given.length == 1 && given[0] instanceof Object[] inner) {
                    given = inner;
                }
                if (spread && given.length == 1 && given[0] instanceof List<?> l) {
                    given = l.toArray();
                }
                for (Object a : given) {
                    if (a instanceof NamedParameter np) {
                        kw.put(np.getName(), Py.unwrap(np.getValue()));
                    } else if (a instanceof Undefined u) {
                        throw u.fail();
                    } else {
                        pos.add(Py.unwrap(a));
                    }
                }
                return fn.apply(Py.unwrap(var), pos.toArray(), kw);
            }
        };
    }

    /** Jinjava's tests that answer false for an undefined value, where Jinja's fail (they read it). */
    static final List<String> STRICT_JINJAVA_TESTS = List.of("lower", "upper", "odd", "even", "divisibleby");

    /** {@code t}, failing on an undefined value as Ansible's does. */
    static ExpTest strict(ExpTest t) {
        return new ExpTest() {
            @Override
            public String getName() {
                return t.getName();
            }

            @Override
            public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
                if (var instanceof Undefined u) {
                    throw u.fail();
                }
                return t.evaluate(var, interpreter, args);
            }
        };
    }

    static List<ExpTest> all() {
        List<ExpTest> t = new ArrayList<>();
        t.add(test("defined", true, (v, a, kw) -> !(v instanceof Undefined)));
        t.add(test("undefined", true, (v, a, kw) -> v instanceof Undefined));
        // Jinja's type tests answer false for an undefined value (AnsibleUndefined is no str, int, dict, ...), and
        // true for callable (it has __call__) and escaped (it has __html__); iterable calls iter() and so fails
        t.add(test("none", true, (v, a, kw) -> v == null));
        Fn failed = (v, a, kw) -> Py.truthy(result(v, "failed").get("failed"));
        Fn succeeded = (v, a, kw) -> !failed.apply(v, a, kw);
        Fn changed = (v, a, kw) -> {
            Map<String, Object> r = result(v, "changed");
            if (r.containsKey("changed")) {
                return Py.truthy(r.get("changed"));
            }
            if (r.get("results") instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof Map<?, ?> m && Py.truthy(m.get("changed"))) {
                        return true;
                    }
                }
            }
            return false;
        };
        Fn skipped = (v, a, kw) -> Py.truthy(result(v, "skipped").get("skipped"));
        for (String n : new String[] {"failed", "failure"}) {
            t.add(test(n, false, failed));
        }
        for (String n : new String[] {"succeeded", "success", "successful"}) {
            t.add(test(n, false, succeeded));
        }
        for (String n : new String[] {"changed", "change"}) {
            t.add(test(n, false, changed));
        }
        for (String n : new String[] {"skipped", "skip"}) {
            t.add(test(n, false, skipped));
        }
        t.add(test("finished", false, (v, a, kw) -> Py.truthy(result(v, "finished").getOrDefault("finished", true))));
        Fn version = (v, a, kw) -> Version.test(v, Filters.arg(a, kw, 0, "version", null),
                Py.str(Filters.arg(a, kw, 1, "operator", "eq")),
                Py.truthy(Filters.arg(a, kw, 2, "strict", false)) ? "strict"
                        : Py.str(Filters.arg(a, kw, 3, "version_type", "loose")));
        t.add(test("version", false, true, version));
        t.add(test("version_compare", false, true, version));
        t.add(test("match", false, true, (v, a, kw) -> regex(v, a, kw, "match")));
        t.add(test("search", false, true, (v, a, kw) -> regex(v, a, kw, "search")));
        t.add(test("regex", false, true, (v, a, kw) -> regex(v, a, kw,
                Py.str(Filters.arg(a, kw, 3, "match_type", "search")))));
        t.add(test("subset", false, (v, a, kw) -> ListFilters.uniqueSet(Py.asList(a[0])).containsAll(
                ListFilters.uniqueSet(Py.asList(v)))));
        t.add(test("superset", false, (v, a, kw) -> ListFilters.uniqueSet(Py.asList(v)).containsAll(
                ListFilters.uniqueSet(Py.asList(a[0])))));
        t.add(test("contains", false, (v, a, kw) -> contains(v, a[0])));
        t.add(test("in", false, (v, a, kw) -> contains(a[0], v)));
        t.add(test("truthy", false, true, (v, a, kw) -> truthy(v, a, kw)));
        t.add(test("falsy", false, true, (v, a, kw) -> !truthy(v, a, kw)));
        t.add(test("any", false, (v, a, kw) -> Py.asList(v).stream().anyMatch(Py::truthy)));
        t.add(test("all", false, (v, a, kw) -> Py.asList(v).stream().allMatch(Py::truthy)));
        t.add(test("file", false, (v, a, kw) -> Files.isRegularFile(path(v))));
        t.add(test("directory", false, (v, a, kw) -> Files.isDirectory(path(v))));
        t.add(test("exists", false, (v, a, kw) -> Files.exists(path(v))));
        t.add(test("link", false, (v, a, kw) -> Files.isSymbolicLink(path(v))));
        t.add(test("abs", false, (v, a, kw) -> Py.str(v).startsWith("/")));
        t.add(test("string", true, (v, a, kw) -> v instanceof CharSequence));
        t.add(test("number", true, (v, a, kw) -> v instanceof Number));
        t.add(test("integer", true, (v, a, kw) -> Py.isInteger(v)));
        t.add(test("float", true, (v, a, kw) -> v instanceof Double || v instanceof Float));
        t.add(test("boolean", true, (v, a, kw) -> v instanceof Boolean));
        t.add(test("mapping", true, (v, a, kw) -> v instanceof Map));
        t.add(test("sequence", true, (v, a, kw) -> v instanceof List || v instanceof CharSequence
                || v instanceof Map || (v != null && v.getClass().isArray())));
        t.add(test("iterable", false, (v, a, kw) -> v instanceof Iterable || v instanceof CharSequence
                || v instanceof Map || (v != null && v.getClass().isArray())));
        t.add(test("callable", true, (v, a, kw) -> v instanceof Undefined
                || v instanceof com.hubspot.jinjava.lib.fn.MacroFunction));
        t.add(escaped());
        t.add(test("true", true, (v, a, kw) -> Boolean.TRUE.equals(v)));
        t.add(test("false", true, (v, a, kw) -> Boolean.FALSE.equals(v)));
        return t;
    }

    /** Jinja's escaped: the value has {@code __html__} (markup from {@code | safe}, and an undefined value). */
    private static ExpTest escaped() {
        return new ExpTest() {
            @Override
            public String getName() {
                return "escaped";
            }

            @Override
            public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
                return var instanceof Undefined || var instanceof com.hubspot.jinjava.objects.SafeString;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> result(Object v, String test) {
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw RenderState.fail("The '" + test + "' test expects a dictionary (a registered result), got "
                + Py.typeName(v));
    }

    private static boolean regex(Object v, Object[] a, Map<String, Object> kw, String type) {
        Object pat = Filters.arg(a, kw, 0, "pattern", "");
        Object[] flagArgs = a.length > 1 ? java.util.Arrays.copyOfRange(a, 1, a.length) : new Object[0];
        Matcher m = RegexFilters.pattern(Py.str(pat), flagArgs, kw, 0).matcher(v == null ? "" : Py.str(v));
        return switch (type) {
            case "match" -> m.lookingAt();
            case "fullmatch" -> m.matches();
            case "search" -> m.find();
            default -> throw RenderState.fail("regex: match_type must be search, match or fullmatch; got '" + type + "'");
        };
    }

    static boolean contains(Object container, Object item) {
        if (container instanceof CharSequence s) {
            return s.toString().contains(Py.str(item));
        }
        if (container instanceof Map<?, ?> m) {
            return m.containsKey(Py.str(item));
        }
        Object n = Py.toNative(item);
        for (Object o : Py.asList(container)) {
            Object x = Py.toNative(o);
            if (java.util.Objects.equals(x, n)
                    || (x instanceof Number p && n instanceof Number q && p.doubleValue() == q.doubleValue())) {
                return true;
            }
        }
        return false;
    }

    private static boolean truthy(Object v, Object[] a, Map<String, Object> kw) {
        if (Py.truthy(Filters.arg(a, kw, 0, "convert_bool", false)) && (v instanceof String || v instanceof Number)) {
            Boolean b = AnsibleBool.parse(v);
            if (b != null) {
                return b;
            }
        }
        return Py.truthy(v);
    }

    private static Path path(Object v) {
        return Path.of(PathFilters.expanduser(Py.str(v)));
    }
}
