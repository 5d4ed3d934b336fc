package dev.rigger.template;

import dev.rigger.AnsibleBool;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ansible's filters (and Jinja2 ones whose Jinjava version differs), registered on the Jinjava context: the adapter
 * to Jinjava, the argument helpers every filter uses, and {@link #all()}, the complete list. The filters themselves
 * are by topic: {@link ValueFilters}, {@link TextFilters}, {@link RegexFilters}, {@link ListFilters},
 * {@link DictFilters}, {@link DataFilters}, {@link CryptoFilters}, {@link PathFilters}.
 */
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

    /** Every filter, each topic's once. */
    static List<Filter> all() {
        List<Filter> f = new ArrayList<>();
        f.addAll(ValueFilters.all());
        f.addAll(TextFilters.all());
        f.addAll(RegexFilters.all());
        f.addAll(ListFilters.all());
        f.addAll(DictFilters.all());
        f.addAll(DataFilters.all());
        f.addAll(CryptoFilters.all());
        f.addAll(PathFilters.all());
        return f;
    }
}
