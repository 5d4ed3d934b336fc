package dev.rigger.template;

import static dev.rigger.template.Filters.arg;
import static dev.rigger.template.Filters.boolArg;
import static dev.rigger.template.Filters.filter;
import static dev.rigger.template.Filters.intArg;

import dev.rigger.AnsibleBool;
import com.hubspot.jinjava.lib.filter.Filter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Defaults, conditionals and type conversions: {@code default}, {@code mandatory}, {@code ternary},
 * {@code bool}, {@code int}, {@code float}, {@code string}, {@code round}, {@code human_readable} and the like.
 */
final class ValueFilters {
    private ValueFilters() {
    }

    static List<Filter> all() {
        List<Filter> f = new ArrayList<>();
        Filters.Fn dflt = (v, a, kw) -> {
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
        f.add(filter("ternary", false, (v, a, kw) -> {
            Object none = arg(a, kw, 2, "none_val", null);
            if (v == null && none != null) {
                return none;
            }
            return Py.truthy(v) ? arg(a, kw, 0, "true_val", null) : arg(a, kw, 1, "false_val", null);
        }));
        f.add(filter("type_debug", false, (v, a, kw) -> Py.typeName(v)));
        f.add(filter("bool", false, (v, a, kw) -> AnsibleBool.filter(Py.unwrap(v))));
        f.add(filter("int", false, (v, a, kw) -> toInt(v, arg(a, kw, 0, "default", 0L), intArg(arg(a, kw, 1, "base", 10)))));
        f.add(filter("float", false, (v, a, kw) -> toFloat(v, arg(a, kw, 0, "default", 0.0))));
        f.add(filter("string", false, (v, a, kw) -> Py.str(v)));
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
        f.add(filter("human_readable", false, (v, a, kw) -> humanReadable(toFloat(v, 0.0),
                boolArg(a, kw, 0, "isbits", false), arg(a, kw, 1, "unit", null))));
        f.add(filter("version_compare", false, (v, a, kw) -> Version.test(v, arg(a, kw, 0, "version", null),
                Py.str(arg(a, kw, 1, "operator", "eq")), Py.str(arg(a, kw, 3, "version_type", "loose")))));
        return f;
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
