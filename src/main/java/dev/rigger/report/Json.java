package dev.rigger.report;

import dev.rigger.api.Diff;
import dev.rigger.api.HostStats;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes shared by the JSON report and the JSON lines stream. */
final class Json {
    /** Compact, as Jackson wrote these reports: no spaces, non-ASCII as it is, Java's float digits. */
    private static final dev.rigger.Json.Format LINE = dev.rigger.Json.PYTHON.separators(",", ":").ensureAscii(false)
            .allowNan(false).pythonFloats(false).upperHex(true);
    /** Jackson's default pretty layout: objects indented by two, arrays on one line, {@code " : "}. */
    private static final dev.rigger.Json.Format PRETTY = LINE.indent(2).separators(",", " : ").arraysOnOneLine(true)
            .bracketPadding(" ");
    private static final String CENSORED =
            "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

    private Json() {
    }

    /** One line of JSON (newlines in strings are escaped). */
    static String line(Object value) {
        return dev.rigger.Json.write(plain(value, 0), LINE);
    }

    /** Indented JSON. */
    static String pretty(Object value) {
        return dev.rigger.Json.write(plain(value, 0), PRETTY) + "\n";
    }

    /** Only maps, lists, strings, numbers, booleans and null: anything else becomes its text. */
    static Object plain(Object o, int depth) {
        if (depth > 100) {
            return "...";
        }
        if (o == null || o instanceof String || o instanceof Boolean) {
            return o;
        }
        if (o instanceof Number n) {
            if (o instanceof Double || o instanceof Float) {
                return Double.isFinite(n.doubleValue()) ? o : null;
            }
            return o;
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), plain(v, depth + 1)));
            return out;
        }
        if (o instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            it.forEach(v -> out.add(plain(v, depth + 1)));
            return out;
        }
        if (o instanceof Object[] arr) {
            return plain(List.of(arr), depth);
        }
        return String.valueOf(o);
    }

    static Map<String, Object> task(TaskInfo t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.label());
        m.put("action", t.action());
        m.put("location", t.location());
        m.put("handler", t.handler());
        if (t.noLog()) {
            m.put("no_log", true);
        }
        return m;
    }

    /** The result as reports may show it: a no_log task's result is only ever its censored form. */
    static Map<String, Object> shownResult(TaskInfo t, TaskOutcome o) {
        if (!t.noLog() || o.result().containsKey("censored") && o.result().size() <= 3) {
            return o.result();
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("censored", CENSORED);
        r.put("changed", o.result().getOrDefault("changed", false));
        return r;
    }

    /** Diff texts, none for a no_log task. */
    static List<String> diffs(TaskInfo t, TaskOutcome o) {
        if (t.noLog() || !(o instanceof TaskOutcome.Changed c)) {
            return List.of();
        }
        return c.diffs().stream().map(Diff::text).toList();
    }

    static Map<String, Object> outcome(TaskInfo t, TaskOutcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", o.host());
        if (o.delegatedHost() != null) {
            m.put("delegated_to", o.delegatedHost());
        }
        m.put("status", o.status().name().toLowerCase(java.util.Locale.ROOT));
        m.put("state", CellState.of(o).word());
        if (o instanceof TaskOutcome.Ok ok && ok.uncertain() || o instanceof TaskOutcome.Skipped s && s.uncertain()) {
            m.put("uncertain", true);
        }
        if (o instanceof TaskOutcome.Failed f && f.ignored()) {
            m.put("ignored", true);
        }
        Map<String, Object> shown = shownResult(t, o);
        if (shown.containsKey("_ansible_delegated_vars")) { // Ansible's internal key: delegated_to says it
            shown = new LinkedHashMap<>(shown);
            shown.remove("_ansible_delegated_vars");
        }
        m.put("result", shown);
        List<String> d = diffs(t, o);
        if (!d.isEmpty()) {
            m.put("diffs", d);
        }
        return m;
    }

    static Map<String, Object> stats(HostStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", s.ok());
        m.put("changed", s.changed());
        m.put("unreachable", s.unreachable());
        m.put("failed", s.failed());
        m.put("skipped", s.skipped());
        m.put("rescued", s.rescued());
        m.put("ignored", s.ignored());
        return m;
    }

    /** Seconds with millisecond precision. */
    static double seconds(long nanos) {
        return Math.round(nanos / 1e6) / 1000.0;
    }
}
