package dev.rigger.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sequence lookup (with_sequence) of ansible-core 2.14: shortcut and key=value forms, Python int() and %. */
final class SequenceLookup {
    private SequenceLookup() {
    }

    // ------------------------------------------------------------------------------------------------ sequence

    private static final String NUM = "(0?x?[0-9a-f]+)";
    private static final Pattern SHORTCUT = Pattern.compile("^(" + NUM + "-)?" + NUM + "(/" + NUM + ")?(:(.+))?$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    static List<Object> run(Object terms) {
        List<Object> results = new ArrayList<>();
        for (Object termObj : LoopLookups.iterate(terms)) {
            String term = Py.str(termObj);
            long[] v = {1, Long.MIN_VALUE, Long.MIN_VALUE, 1}; // start, count, end, stride (MIN_VALUE: unset)
            String format = "%d";
            Matcher m = SHORTCUT.matcher(term);
            if (m.matches()) {
                if (m.group(2) != null) {
                    v[0] = pyInt(m.group(2), "start");
                }
                v[2] = pyInt(m.group(3), "end");
                if (m.group(5) != null) {
                    v[3] = pyInt(m.group(5), "stride");
                }
                if (m.group(7) != null) {
                    format = m.group(7);
                }
            } else {
                Map<String, String> args = parseKv(term);
                String[] names = {"start", "count", "end", "stride"};
                for (String n : new String[] {"start", "end", "count", "stride"}) {
                    String raw = args.remove(n);
                    if (raw != null) {
                        v[Arrays.asList(names).indexOf(n)] = pyInt(raw, n);
                    }
                }
                if (args.containsKey("format")) {
                    format = args.remove("format");
                }
                if (!args.isEmpty()) {
                    throw RenderState.fail("unrecognized arguments to with_sequence: "
                            + Py.repr(new ArrayList<>(args.keySet())));
                }
            }
            long start = v[0];
            long count = v[1];
            long end = v[2];
            long stride = v[3];
            if (count == Long.MIN_VALUE && end == Long.MIN_VALUE) {
                throw RenderState.fail("must specify count or end in with_sequence");
            } else if (count != Long.MIN_VALUE && end != Long.MIN_VALUE) {
                throw RenderState.fail("can't specify both count and end in with_sequence");
            } else if (count != Long.MIN_VALUE) {
                if (count != 0) {
                    end = start + count * stride - 1;
                } else {
                    start = 0;
                    end = 0;
                    stride = 0;
                }
            }
            if (stride > 0 && end < start) {
                throw RenderState.fail("to count backwards make stride negative");
            }
            if (stride < 0 && end > start) {
                throw RenderState.fail("to count forward don't make stride negative");
            }
            if (format.chars().filter(c -> c == '%').count() != 1) {
                throw RenderState.fail("bad formatting string: " + format);
            }
            if (stride != 0) {
                long stop = end + (stride >= 0 ? 1 : -1);
                for (long i = start; stride > 0 ? i < stop : i > stop; i += stride) {
                    results.add(percent(format, i));
                }
            }
        }
        return results;
    }

    /** Python's {@code format % i} for a format with one conversion. */
    private static String percent(String format, long i) {
        Matcher m = Pattern.compile("%([-+ #0]*)(\\d*)(?:\\.(\\d+))?([diouxXeEfFgGcrsa])").matcher(format);
        if (!m.find()) {
            throw RenderState.fail("problem formatting " + i + " with " + Py.repr(format));
        }
        char conv = m.group(4).charAt(0);
        String flags = m.group(1);
        String width = m.group(2);
        String prec = m.group(3) == null ? "" : "." + m.group(3);
        Object arg = i;
        String spec;
        switch (conv) {
            case 'd', 'i', 'u' -> spec = "d";
            case 'o', 'x', 'X' -> spec = String.valueOf(conv);
            case 'e', 'E', 'f', 'F', 'g', 'G' -> {
                spec = String.valueOf(conv == 'F' ? 'f' : conv);
                arg = (double) i;
                if (prec.isEmpty()) {
                    prec = ".6";
                }
            }
            case 'c' -> {
                spec = "c";
                arg = (int) i;
            }
            default -> {
                spec = "s";
                arg = String.valueOf(i);
                prec = "";
            }
        }
        if (conv == 'd' || conv == 'i' || conv == 'u' || conv == 'o' || conv == 'x' || conv == 'X') {
            prec = "";
        }
        String piece = String.format("%" + flags.replace("#", conv == 'o' || conv == 'x' || conv == 'X' ? "#" : "")
                + width + prec + spec, arg);
        if (conv == 'o' && flags.contains("#")) {
            piece = piece.replaceFirst("0", "0o");
        }
        return format.substring(0, m.start()) + piece + format.substring(m.end());
    }

    /** Python's {@code int(s, 0)}. */
    static long pyInt(String raw, String name) {
        String s = raw.strip().replace("_", "");
        try {
            boolean neg = s.startsWith("-");
            if (neg || s.startsWith("+")) {
                s = s.substring(1);
            }
            long v;
            String lower = s.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("0x")) {
                v = Long.parseLong(s.substring(2), 16);
            } else if (lower.startsWith("0o")) {
                v = Long.parseLong(s.substring(2), 8);
            } else if (lower.startsWith("0b")) {
                v = Long.parseLong(s.substring(2), 2);
            } else if (s.length() > 1 && s.startsWith("0") && !s.matches("0+")) {
                throw new NumberFormatException(s);
            } else {
                if (!s.matches("[0-9]+")) {
                    throw new NumberFormatException(s);
                }
                v = Long.parseLong(s);
            }
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            throw RenderState.fail("can't parse " + name + "=" + raw + " as integer");
        }
    }

    /** ansible.parsing.splitter.parse_kv, enough for lookup terms: k=v words, quotes around values dropped. */
    static Map<String, String> parseKv(String term) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> raw = new ArrayList<>();
        Matcher m = Pattern.compile("(?:[^\\s\"']|\"[^\"]*\"|'[^']*')+").matcher(term);
        while (m.find()) {
            String w = m.group();
            int eq = w.indexOf('=');
            if (eq > 0 && !w.substring(0, eq).matches(".*[\"'].*")) {
                String val = w.substring(eq + 1);
                if (val.length() >= 2 && (val.startsWith("\"") && val.endsWith("\"")
                        || val.startsWith("'") && val.endsWith("'"))) {
                    val = val.substring(1, val.length() - 1);
                }
                out.put(w.substring(0, eq), val);
            } else {
                raw.add(w);
            }
        }
        if (!raw.isEmpty()) {
            out.put("_raw_params", String.join(" ", raw));
        }
        return out;
    }

}
