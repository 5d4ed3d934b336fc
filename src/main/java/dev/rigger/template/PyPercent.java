package dev.rigger.template;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's printf-style formatting, {@code 'fmt' % args} and Jinja's {@code format} filter: {@code %s %r %d %i %u
 * %f %F %e %E %g %G %x %X %o %c %%} with flags {@code -+ #0}, width and precision, positional arguments or a
 * mapping ({@code %(name)s}).
 */
final class PyPercent {
    private static final Pattern SPEC = Pattern.compile(
            "%(?:\\(([^)]*)\\))?([-+ #0]*)(\\*|\\d+)?(?:\\.(\\*|\\d*))?[hlL]?([diouxXeEfFgGcrsa%])");

    private PyPercent() {
    }

    /**
     * {@code fmt % value}: a list is the tuple of arguments when the format takes more than one (Jinja's tuples are
     * lists here), a mapping feeds {@code %(name)s}, anything else is the one argument.
     */
    static String operator(String fmt, Object value) {
        value = Py.unwrap(value);
        int wanted = conversions(fmt);
        if (value instanceof List<?> l && (wanted != 1 || l.size() != 1 && wanted == l.size())) {
            return format(fmt, l.toArray(), null);
        }
        if (value instanceof Map<?, ?> m && fmt.contains("%(")) {
            return format(fmt, new Object[0], m);
        }
        return format(fmt, new Object[] {value}, null);
    }

    private static int conversions(String fmt) {
        int n = 0;
        Matcher m = SPEC.matcher(fmt);
        while (m.find()) {
            if (!m.group(5).equals("%")) {
                n++;
            }
        }
        return n;
    }

    static String format(String fmt, Object[] args, Map<?, ?> mapping) {
        Matcher m = SPEC.matcher(fmt);
        StringBuilder out = new StringBuilder();
        int at = 0;
        int next = 0;
        while (m.find()) {
            String between = fmt.substring(at, m.start());
            if (between.indexOf('%') >= 0) {
                throw RenderState.fail("unsupported format character in " + Py.repr(fmt));
            }
            out.append(between);
            at = m.end();
            char conv = m.group(5).charAt(0);
            if (conv == '%') {
                out.append('%');
                continue;
            }
            Object v;
            if (m.group(1) != null) {
                if (mapping == null) {
                    throw RenderState.fail("format requires a mapping");
                }
                if (!mapping.containsKey(m.group(1))) {
                    throw RenderState.fail("KeyError: " + Py.repr(m.group(1)));
                }
                v = Py.unwrap(mapping.get(m.group(1)));
            } else {
                if (next >= args.length) {
                    throw RenderState.fail("not enough arguments for format string");
                }
                v = Py.unwrap(args[next++]);
            }
            if (v instanceof Undefined u) {
                throw u.fail();
            }
            out.append(one(conv, m.group(2), m.group(3), m.group(4), v));
        }
        String rest = fmt.substring(at);
        if (rest.indexOf('%') >= 0) {
            throw RenderState.fail("incomplete format");
        }
        out.append(rest);
        if (mapping == null && next < args.length) {
            throw RenderState.fail("not all arguments converted during string formatting");
        }
        return out.toString();
    }

    private static String one(char conv, String flags, String width, String precision, Object v) {
        boolean left = flags.contains("-");
        boolean zero = flags.contains("0") && !left;
        int w = width == null || width.equals("*") ? 0 : Integer.parseInt(width);
        Integer prec = precision == null ? null : precision.isEmpty() ? 0 : precision.equals("*") ? null
                : Integer.valueOf(precision);
        String body;
        boolean numeric = true;
        switch (conv) {
            case 's', 'r', 'a' -> {
                body = conv == 's' ? Py.str(v) : Py.repr(v);
                if (prec != null && body.length() > prec) {
                    body = body.substring(0, prec);
                }
                numeric = false;
            }
            case 'c' -> {
                body = v instanceof String s && s.length() == 1 ? s : new String(Character.toChars(integer(v, conv)
                        .intValue()));
                numeric = false;
            }
            case 'd', 'i', 'u' -> body = sign(flags, integer(v, conv).toString());
            case 'x', 'X', 'o' -> {
                BigInteger b = integer(v, conv);
                String digits = b.abs().toString(conv == 'o' ? 8 : 16);
                if (conv == 'X') {
                    digits = digits.toUpperCase(Locale.ROOT);
                }
                if (flags.contains("#")) {
                    digits = (conv == 'o' ? "0o" : conv == 'x' ? "0x" : "0X") + digits;
                }
                body = sign(flags, (b.signum() < 0 ? "-" : "") + digits);
            }
            default -> {
                double d = real(v, conv);
                int p = prec == null ? 6 : prec;
                String f = switch (conv) {
                    case 'e', 'E' -> String.format(Locale.ROOT, "%." + p + (conv == 'e' ? "e" : "E"), d);
                    case 'g', 'G' -> general(d, p, flags.contains("#"), conv == 'G');
                    default -> String.format(Locale.ROOT, "%." + p + "f", d);
                };
                if (Double.isInfinite(d) || Double.isNaN(d)) {
                    f = Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf";
                    if (Character.isUpperCase(conv)) {
                        f = f.toUpperCase(Locale.ROOT);
                    }
                    zero = false;
                }
                body = sign(flags, f);
            }
        }
        if (body.length() >= w) {
            return body;
        }
        int pad = w - body.length();
        if (left) {
            return body + " ".repeat(pad);
        }
        if (zero && numeric) {
            int signLen = body.startsWith("-") || body.startsWith("+") || body.startsWith(" ") ? 1 : 0;
            if (body.startsWith("0x", signLen) || body.startsWith("0X", signLen) || body.startsWith("0o", signLen)) {
                signLen += 2;
            }
            return body.substring(0, signLen) + "0".repeat(pad) + body.substring(signLen);
        }
        return " ".repeat(pad) + body;
    }

    private static String sign(String flags, String body) {
        if (!body.startsWith("-")) {
            if (flags.contains("+")) {
                return "+" + body;
            }
            if (flags.contains(" ")) {
                return " " + body;
            }
        }
        return body;
    }

    /** Python's %g: precision significant digits, exponent form below 1e-4 or at/above 10**precision. */
    private static String general(double d, int p, boolean alternate, boolean upper) {
        if (p == 0) {
            p = 1;
        }
        if (d == 0) {
            return alternate ? "0." + "0".repeat(p - 1) : "0";
        }
        int exp = (int) Math.floor(Math.log10(Math.abs(new java.math.BigDecimal(String.format(Locale.ROOT,
                "%." + (p - 1) + "e", d)).doubleValue())));
        String s;
        if (exp < -4 || exp >= p) {
            s = String.format(Locale.ROOT, "%." + (p - 1) + "e", d);
            String mant = s.substring(0, s.indexOf('e'));
            String e = s.substring(s.indexOf('e') + 1);
            if (!alternate && mant.contains(".")) {
                mant = mant.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
            int ev = Integer.parseInt(e);
            s = mant + "e" + (ev < 0 ? "-" : "+") + (Math.abs(ev) < 10 ? "0" : "") + Math.abs(ev);
        } else {
            s = String.format(Locale.ROOT, "%." + Math.max(0, p - 1 - exp) + "f", d);
            if (!alternate && s.contains(".")) {
                s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
        }
        return upper ? s.toUpperCase(Locale.ROOT) : s;
    }

    private static BigInteger integer(Object v, char conv) {
        if (v instanceof Boolean b) {
            return b ? BigInteger.ONE : BigInteger.ZERO;
        }
        if (v instanceof BigInteger b) {
            return b;
        }
        if (v instanceof Double || v instanceof Float) {
            if (conv == 'x' || conv == 'X' || conv == 'o' || conv == 'c') {
                throw RenderState.fail("%" + conv + " format: an integer is required, not float");
            }
            return new java.math.BigDecimal(((Number) v).doubleValue()).toBigInteger();
        }
        if (v instanceof Number n) {
            return BigInteger.valueOf(n.longValue());
        }
        throw RenderState.fail("%" + conv + " format: " + (conv == 'x' || conv == 'X' || conv == 'o' || conv == 'c'
                ? "an integer" : "a real number") + " is required, not " + Py.typeName(v));
    }

    private static double real(Object v, char conv) {
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw RenderState.fail("must be real number, not " + Py.typeName(v));
    }
}
