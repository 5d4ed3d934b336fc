package dev.rigger.template;

import static dev.rigger.template.Filters.arg;
import static dev.rigger.template.Filters.filter;
import static dev.rigger.template.Filters.intArg;

import com.hubspot.jinjava.lib.filter.Filter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * String filters ({@code trim}, {@code upper}, {@code replace}, {@code comment}, {@code split}, ...) and the Python
 * string methods they share with {@link AnsibleELResolver}.
 */
final class TextFilters {
    private TextFilters() {
    }

    static List<Filter> all() {
        List<Filter> f = new ArrayList<>();
        f.add(filter("trim", false, (v, a, kw) -> strip(Py.str(v), a.length > 0 ? Py.str(a[0]) : null, true, true)));
        // Jinja's format: str(value) % args (or % kwargs)
        f.add(filter("format", false, (v, a, kw) -> kw.isEmpty() ? PyPercent.format(Py.str(v), a, null)
                : PyPercent.format(Py.str(v), new Object[0], kw)));
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
        f.add(filter("comment", false, TextFilters::comment));
        f.add(filter("split", false, (v, a, kw) -> AnsibleELResolver.split(Py.str(v), arg(a, kw, 0, "sep", null),
                intArg(arg(a, kw, 1, "maxsplit", -1)))));
        return f;
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
}
