package dev.rigger.report;

import dev.rigger.api.TaskOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --report junit:FILE}: JUnit XML for CI dashboards. One test suite per rig and one test case per rig ×
 * task; a failed or unreachable task is a failure, and so is drift (a change predicted in check mode), with the
 * diff in the failure's text. Skipped tasks and results check mode could not predict are skipped test cases.
 */
public final class JUnitReporter extends FileReporter {
    private final boolean check;

    /** @param check drift mode: a predicted change is a failure */
    public JUnitReporter(Path file, boolean check) {
        this(file, check, new RunRecorder());
    }

    public JUnitReporter(Path file, boolean check, RunRecorder recorder) {
        super(file, recorder);
        this.check = check;
    }

    private record Case(RunLog.TaskLog task, RunLog.HostLog host) {
    }

    @Override
    protected String render(RunLog log) {
        Map<String, List<Case>> byHost = new LinkedHashMap<>();
        log.hosts().forEach(h -> byHost.put(h, new ArrayList<>()));
        for (RunLog.TaskLog t : log.tasks()) {
            for (RunLog.HostLog h : t.hosts().values()) {
                byHost.computeIfAbsent(h.host(), k -> new ArrayList<>()).add(new Case(t, h));
            }
        }
        int tests = 0;
        int failures = 0;
        int skipped = 0;
        long total = 0;
        StringBuilder suites = new StringBuilder();
        for (Map.Entry<String, List<Case>> e : byHost.entrySet()) {
            int f = 0;
            int s = 0;
            long time = 0;
            StringBuilder cases = new StringBuilder();
            for (Case c : e.getValue()) {
                time += c.host().durationNanos();
                CellState st = c.host().state();
                if (isFailure(st)) {
                    f++;
                } else if (st == CellState.SKIPPED || st == CellState.UNKNOWN) {
                    s++;
                }
                testCase(cases, e.getKey(), c);
            }
            tests += e.getValue().size();
            failures += f;
            skipped += s;
            total += time;
            suites.append("  <testsuite name=\"").append(Text.xml(e.getKey())).append("\" tests=\"")
                    .append(e.getValue().size()).append("\" failures=\"").append(f).append("\" errors=\"0\" ")
                    .append("skipped=\"").append(s).append("\" time=\"").append(secs(time)).append("\" timestamp=\"")
                    .append(log.started().toString(), 0, 19).append("\">\n").append(cases)
                    .append("  </testsuite>\n");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<testsuites name=\"rigger " + (check ? "drift" : "play") + "\" tests=\"" + tests
                + "\" failures=\"" + failures + "\" errors=\"0\" skipped=\"" + skipped + "\" time=\""
                + secs(total) + "\">\n" + suites + "</testsuites>\n";
    }

    private boolean isFailure(CellState st) {
        return st == CellState.FAILED || st == CellState.UNREACHABLE || check && st == CellState.CHANGED;
    }

    private void testCase(StringBuilder b, String host, Case c) {
        RunLog.TaskLog t = c.task();
        String name = (t.task().handler() ? "handler: " : "") + t.task().label();
        b.append("    <testcase classname=\"").append(Text.xml(host)).append("\" name=\"").append(Text.xml(name))
                .append("\" file=\"").append(Text.xml(t.task().location())).append("\" time=\"")
                .append(secs(c.host().durationNanos())).append("\"");
        CellState st = c.host().state();
        TaskOutcome o = c.host().outcome();
        if (isFailure(st)) {
            String type = st == CellState.CHANGED ? "drift" : st.word();
            String message;
            String body;
            if (st == CellState.CHANGED) {
                List<String> diffs = Json.diffs(t.task(), o);
                message = "drift: " + t.task().label() + " would change on " + host;
                body = diffs.isEmpty() ? (t.task().noLog() ? "(diff hidden: no_log)" : "(no diff available)")
                        : String.join("", diffs);
            } else {
                Object msg = Json.shownResult(t.task(), o).get("msg");
                message = type + ": " + (msg == null ? t.task().label() : String.valueOf(msg));
                body = Json.pretty(Json.shownResult(t.task(), o));
            }
            b.append(">\n      <failure type=\"").append(type).append("\" message=\"").append(Text.xml(message))
                    .append("\">").append(Text.xml(body)).append("</failure>\n    </testcase>\n");
        } else if (st == CellState.SKIPPED || st == CellState.UNKNOWN) {
            String why = st == CellState.UNKNOWN ? "unknown: check mode cannot predict this result" : "skipped";
            b.append(">\n      <skipped message=\"").append(Text.xml(why)).append("\"/>\n    </testcase>\n");
        } else {
            b.append("/>\n");
        }
    }

    private static String secs(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }
}
