package dev.rigger.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ansible's {@code version} test: LooseVersion comparison (and a strict/semver flavour of it). */
final class Version {
    private Version() {
    }

    private static final Pattern COMPONENT = Pattern.compile("(\\d+|[a-z]+|\\.)");

    /** LooseVersion components: runs of digits (as numbers) and of lower-case letters, and anything between. */
    static List<Object> parse(String v) {
        List<Object> out = new ArrayList<>();
        Matcher m = COMPONENT.matcher(v);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                out.add(v.substring(at, m.start()));
            }
            String c = m.group();
            if (!c.equals(".")) {
                out.add(Character.isDigit(c.charAt(0)) ? (Object) new java.math.BigInteger(c) : c);
            }
            at = m.end();
        }
        if (at < v.length()) {
            out.add(v.substring(at));
        }
        return out;
    }

    static int compare(String a, String b) {
        List<Object> x = parse(a);
        List<Object> y = parse(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            Object p = x.get(i);
            Object q = y.get(i);
            int c;
            if (p instanceof java.math.BigInteger bp && q instanceof java.math.BigInteger bq) {
                c = bp.compareTo(bq);
            } else if (p instanceof String sp && q instanceof String sq) {
                c = sp.compareTo(sq);
            } else {
                throw RenderState.fail("Version comparison failed: '<' not supported between instances of '"
                        + (p instanceof String ? "str" : "int") + "' and '" + (q instanceof String ? "str" : "int")
                        + "' (comparing '" + a + "' with '" + b + "')");
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    }

    static boolean test(Object value, Object version, String op, String type) {
        if (version == null || Py.str(version).isEmpty()) {
            throw RenderState.fail("Version parameter to compare against cannot be empty");
        }
        String a = Py.str(value);
        String b = Py.str(version);
        String t = type == null ? "loose" : type.toLowerCase(Locale.ROOT);
        if ((t.equals("strict") || t.equals("semver") || t.equals("semantic"))
                && !a.matches("\\d+(\\.\\d+)*([-+.]?[0-9A-Za-z.+-]*)?")) {
            throw RenderState.fail("Version comparison failed: invalid version number '" + a + "'");
        }
        int c = compare(a, b);
        return switch (op) {
            case "==", "=", "eq" -> c == 0;
            case "<", "lt" -> c < 0;
            case "<=", "le" -> c <= 0;
            case ">", "gt" -> c > 0;
            case ">=", "ge" -> c >= 0;
            case "!=", "<>", "ne" -> c != 0;
            default -> throw RenderState.fail("Invalid operator type (" + op
                    + "); use one of <, lt, <=, le, >, gt, >=, ge, ==, =, eq, !=, <>, ne");
        };
    }
}
