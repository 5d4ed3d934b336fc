package dev.rigger.report;

import dev.rigger.api.HostStats;
import dev.rigger.api.RunResult;
import dev.rigger.api.Version;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code --report html:FILE}: one self-contained page (inline CSS, no scripts, no external assets) readable
 * offline: the matrix of tasks × rigs coloured by state with each task's time, expandable diffs and failure
 * details ({@code <details>}), the slowest tasks, warnings and the recap.
 */
public final class HtmlReporter extends FileReporter {
    private static final String CSS = """
            body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1d1d1f;background:#fff}
            h1{font-size:1.4em;margin:0 0 .2em}h2{font-size:1.1em;margin:1.6em 0 .5em}
            .meta{color:#555}
            table{border-collapse:collapse}
            th,td{border:1px solid #d0d0d0;padding:.25em .5em;text-align:left;vertical-align:top}
            th{background:#f2f2f2;font-weight:600}
            td.cell{text-align:center;min-width:5.5em;white-space:nowrap}
            td.cell small{display:block;color:#444;font-size:.75em}
            td.num{text-align:right;font-variant-numeric:tabular-nums}
            .ok{background:#d9f2d9}.changed{background:#ffe8a3}.unknown{background:#e6d9f5}
            .skipped{background:#e3f1f7;color:#456}.ignored{background:#f3f3f3}
            .failed,.unreachable{background:#f8c9c9}
            .legend span{display:inline-block;padding:.1em .5em;margin-right:.4em;border:1px solid #ccc}
            details{margin:.4em 0;border:1px solid #ddd;border-radius:4px;padding:.3em .6em}
            summary{cursor:pointer;font-weight:600}
            pre{background:#fafafa;padding:.5em;overflow-x:auto;font:12px/1.35 ui-monospace,monospace;margin:.4em 0}
            .add{color:#116611;background:#e9f7e9}.del{color:#aa1111;background:#fdecec}.hunk{color:#0b5f8a}
            .verdict-ok{color:#116611;font-weight:600}.verdict-bad{color:#aa1111;font-weight:600}
            .verdict-drift{color:#8a5a00;font-weight:600}
            """;

    private final boolean check;

    public HtmlReporter(Path file, boolean check) {
        this(file, check, new RunRecorder());
    }

    public HtmlReporter(Path file, boolean check, RunRecorder recorder) {
        super(file, recorder);
        this.check = check;
    }

    private String stateLabel(CellState s) {
        return s == CellState.CHANGED ? (check ? "drift" : "changed") : s.word();
    }

    @Override
    protected String render(RunLog log) {
        StringBuilder b = new StringBuilder(16384);
        String title = check ? "rigger drift report" : "rigger run report";
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(title).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n");
        b.append("<h1>").append(title).append("</h1>\n<p class=\"meta\">rigger ").append(Version.VERSION)
                .append(" · started ").append(log.started().toString()).append(" · took ")
                .append(Text.duration((long) (log.durationSeconds() * 1e9))).append(" · ")
                .append(log.hosts().size()).append(log.hosts().size() == 1 ? " rig" : " rigs");
        RunResult r = log.result();
        if (r == null) {
            b.append(" · <strong>incomplete: the run ended early</strong>");
        } else {
            b.append(" · exit code ").append(check ? DriftReport.of(r).exitCode() : r.exitCode());
            if (r.interrupted()) {
                b.append(" · <strong>interrupted</strong>");
            }
        }
        b.append("</p>\n");
        if (check && r != null) {
            verdicts(b, DriftReport.of(r));
        }
        matrix(b, log);
        details(b, log);
        slowest(b, log);
        if (!log.warnings().isEmpty()) {
            b.append("<h2>Warnings</h2>\n<ul>\n");
            log.warnings().forEach(w -> b.append("<li>").append(Text.xml(w)).append("</li>\n"));
            b.append("</ul>\n");
        }
        recap(b, r);
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    private void verdicts(StringBuilder b, DriftReport d) {
        b.append("<h2>Verdict</h2>\n<table class=\"verdicts\">\n<tr><th>rig</th><th>verdict</th><th>why</th></tr>\n");
        for (DriftReport.Verdict v : d.verdicts().values()) {
            String cls = switch (v.kind()) {
                case IN_SPEC -> "verdict-ok";
                case DRIFTED -> "verdict-drift";
                default -> "verdict-bad";
            };
            b.append("<tr><td>").append(Text.xml(v.host())).append("</td><td class=\"").append(cls).append("\">")
                    .append(Text.xml(v.text())).append("</td><td class=\"reason\">")
                    .append(Text.xml(d.reason(v.host()).orElse(""))).append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    private void matrix(StringBuilder b, RunLog log) {
        b.append("<h2>Tasks × rigs</h2>\n<p class=\"legend\">");
        for (CellState s : CellState.values()) {
            b.append("<span class=\"").append(s.word()).append("\">").append(stateLabel(s)).append("</span>");
        }
        b.append("</p>\n<table class=\"matrix\">\n<tr><th>#</th><th>task</th>");
        for (String h : log.hosts()) {
            b.append("<th>").append(Text.xml(h)).append("</th>");
        }
        b.append("<th>slowest</th></tr>\n");
        for (RunLog.PlayLog p : log.plays()) {
            b.append("<tr><th colspan=\"").append(log.hosts().size() + 3).append("\">PLAY ")
                    .append(Text.xml(p.name())).append("</th></tr>\n");
            for (RunLog.TaskLog t : p.tasks()) {
                b.append("<tr><td class=\"num\">").append(t.index()).append("</td><td title=\"")
                        .append(Text.xml(t.task().location())).append("\">")
                        .append(t.task().handler() ? "handler: " : "").append(Text.xml(t.task().label()))
                        .append("</td>");
                for (String h : log.hosts()) {
                    RunLog.HostLog hl = t.hosts().get(h);
                    if (hl == null) {
                        b.append("<td class=\"cell\"></td>");
                        continue;
                    }
                    CellState s = hl.state();
                    b.append("<td class=\"cell ").append(s.word()).append("\" title=\"").append(Text.xml(h))
                            .append(": ").append(stateLabel(s)).append(" in ").append(Text.duration(hl.durationNanos()))
                            .append("\">");
                    if (hasDetails(t, hl)) {
                        b.append("<a href=\"#").append(anchor(t, h)).append("\">").append(stateLabel(s))
                                .append("</a>");
                    } else {
                        b.append(stateLabel(s));
                    }
                    b.append("<small>").append(Text.duration(hl.durationNanos())).append("</small></td>");
                }
                b.append("<td class=\"num\">").append(Text.duration(t.maxNanos())).append("</td></tr>\n");
            }
        }
        b.append("</table>\n");
    }

    private static boolean hasDetails(RunLog.TaskLog t, RunLog.HostLog h) {
        CellState s = h.state();
        return s == CellState.CHANGED && !Json.diffs(t.task(), h.outcome()).isEmpty() || s == CellState.FAILED
                || s == CellState.UNREACHABLE || s == CellState.IGNORED || s == CellState.UNKNOWN;
    }

    private static String anchor(RunLog.TaskLog t, String host) {
        StringBuilder a = new StringBuilder("t").append(t.index()).append('-');
        for (char c : host.toCharArray()) {
            a.append(Character.isLetterOrDigit(c) || c == '-' || c == '.' ? c : '_');
        }
        return a.toString();
    }

    private void details(StringBuilder b, RunLog log) {
        StringBuilder d = new StringBuilder();
        for (RunLog.TaskLog t : log.tasks()) {
            for (RunLog.HostLog h : t.hosts().values()) {
                if (!hasDetails(t, h)) {
                    continue;
                }
                CellState s = h.state();
                d.append("<details id=\"").append(anchor(t, h.host())).append("\"")
                        .append(s == CellState.FAILED || s == CellState.UNREACHABLE || s == CellState.CHANGED
                                ? " open" : "")
                        .append("><summary class=\"").append(s.word()).append("\">")
                        .append(Text.xml(h.host())).append(" · ").append(Text.xml(t.task().label())).append(" · ")
                        .append(stateLabel(s)).append("</summary>\n<p class=\"meta\">")
                        .append(Text.xml(t.task().location())).append("</p>\n");
                List<String> diffs = Json.diffs(t.task(), h.outcome());
                if (!diffs.isEmpty()) {
                    for (String diff : diffs) {
                        d.append("<pre class=\"diff\">").append(colourDiff(diff)).append("</pre>\n");
                    }
                } else if (s == CellState.UNKNOWN) {
                    d.append("<p>Check mode cannot predict this result: it is neither ok nor drift.</p>\n");
                } else {
                    d.append("<pre>").append(Text.xml(Json.pretty(Json.shownResult(t.task(), h.outcome()))))
                            .append("</pre>\n");
                }
                d.append("</details>\n");
            }
        }
        if (!d.isEmpty()) {
            b.append("<h2>").append(check ? "Drift and failures" : "Changes and failures").append("</h2>\n")
                    .append(d);
        }
    }

    private static String colourDiff(String diff) {
        StringBuilder b = new StringBuilder();
        for (String line : diff.split("\n", -1)) {
            String e = Text.xml(line);
            if (line.startsWith("+++") || line.startsWith("---")) {
                b.append("<b>").append(e).append("</b>");
            } else if (line.startsWith("+")) {
                b.append("<span class=\"add\">").append(e).append("</span>");
            } else if (line.startsWith("-")) {
                b.append("<span class=\"del\">").append(e).append("</span>");
            } else if (line.startsWith("@@")) {
                b.append("<span class=\"hunk\">").append(e).append("</span>");
            } else {
                b.append(e);
            }
            b.append('\n');
        }
        return b.toString().stripTrailing();
    }

    private void slowest(StringBuilder b, RunLog log) {
        List<Profile.Timing> top = Profile.slowestTasks(log, 10);
        if (top.isEmpty()) {
            return;
        }
        b.append("<h2>Slowest tasks</h2>\n<table class=\"slowest\">\n<tr><th>rig</th><th>task</th><th>time</th>"
                + "</tr>\n");
        for (Profile.Timing t : top) {
            b.append("<tr><td>").append(Text.xml(t.host())).append("</td><td>").append(Text.xml(t.task().label()))
                    .append("</td><td class=\"num\">").append(Text.duration(t.nanos())).append("</td></tr>\n");
        }
        b.append("</table>\n<h2>Rigs by total time</h2>\n<table>\n<tr><th>rig</th><th>time</th></tr>\n");
        for (Map.Entry<String, Long> e : Profile.rigTotals(log).entrySet()) {
            b.append("<tr><td>").append(Text.xml(e.getKey())).append("</td><td class=\"num\">")
                    .append(Text.duration(e.getValue())).append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    private static void recap(StringBuilder b, RunResult r) {
        if (r == null) {
            return;
        }
        b.append("<h2>Recap</h2>\n<table class=\"recap\">\n<tr><th>rig</th><th>ok</th><th>changed</th>"
                + "<th>unreachable</th><th>failed</th><th>skipped</th><th>rescued</th><th>ignored</th></tr>\n");
        for (HostStats s : r.recap()) {
            String cls = s.failed() > 0 || s.unreachable() > 0 ? "failed" : s.changed() > 0 ? "changed" : "ok";
            b.append("<tr><td class=\"").append(cls).append("\">").append(Text.xml(s.host())).append("</td>");
            for (int n : new int[] {s.ok(), s.changed(), s.unreachable(), s.failed(), s.skipped(), s.rescued(),
                s.ignored()}) {
                b.append("<td class=\"num\">").append(n).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
    }
}
