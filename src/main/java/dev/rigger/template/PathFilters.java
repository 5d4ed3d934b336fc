package dev.rigger.template;

import static dev.rigger.template.Filters.filter;

import com.hubspot.jinjava.lib.filter.Filter;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Path and shell filters: {@code basename}, {@code dirname}, {@code splitext}, {@code realpath},
 * {@code expanduser}, {@code path_join}, {@code quote}.
 */
final class PathFilters {
    private PathFilters() {
    }

    static List<Filter> all() {
        List<Filter> f = new ArrayList<>();
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
        f.add(filter("path_join", false, (v, a, kw) -> {
            List<Object> parts = v instanceof String ? List.of(v) : Py.asList(v);
            String out = "";
            for (Object o : parts) {
                String p = Py.str(o);
                out = p.startsWith("/") || out.isEmpty() ? p : out.endsWith("/") ? out + p : out + "/" + p;
            }
            return out;
        }));
        f.add(filter("quote", false, (v, a, kw) -> shellQuote(v == null ? "" : Py.str(v))));
        return f;
    }

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
}
