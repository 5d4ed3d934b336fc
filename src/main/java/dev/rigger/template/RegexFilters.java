package dev.rigger.template;

import static dev.rigger.template.Filters.arg;
import static dev.rigger.template.Filters.boolArg;
import static dev.rigger.template.Filters.filter;
import static dev.rigger.template.Filters.intArg;

import com.hubspot.jinjava.lib.filter.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code regex_*} filters, with Python's regex and replacement syntax translated to Java's. */
final class RegexFilters {
    private RegexFilters() {
    }

    static List<Filter> all() {
        List<Filter> f = new ArrayList<>();
        f.add(filter("regex_search", false, RegexFilters::regexSearch));
        f.add(filter("regex_findall", false, RegexFilters::regexFindall));
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
        return f;
    }

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
}
