package dev.rigger.report;

import dev.rigger.api.HostStats;
import dev.rigger.api.RunResult;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a check-mode run says about drift: per rig and task whether it would change, a verdict per rig, and the
 * exit code of {@code rigger drift}. A result check mode could not predict is "unknown" ({@code ?}), never ok.
 */
public record DriftReport(List<String> hosts, List<Row> rows, Map<String, Verdict> verdicts, boolean interrupted) {
    /** Every rig in spec. */
    public static final int EXIT_IN_SPEC = 0;
    /** A rig failed (as ansible-playbook). */
    public static final int EXIT_FAILED = 2;
    /** A rig drifted (ansible never exits with 3). */
    public static final int EXIT_DRIFTED = 3;
    /** A rig was unreachable (as ansible-playbook). */
    public static final int EXIT_UNREACHABLE = 4;
    /** The run was interrupted (as ansible-playbook). */
    public static final int EXIT_INTERRUPTED = 99;

    public DriftReport {
        hosts = List.copyOf(hosts);
        rows = List.copyOf(rows);
        verdicts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(verdicts));
    }

    /**
     * One task (all its runs on every rig), with the state that matters most per rig, the diffs, and the message
     * of each failure or unreachable rig.
     */
    public record Row(TaskInfo task, Map<String, CellState> cells, Map<String, List<String>> diffs,
                      Map<String, String> errors) {
        public Row {
            cells = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cells));
            diffs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(diffs));
            errors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errors));
        }

        /** True when this task would change, is unknown, failed or was unreachable on some rig. */
        public boolean notable() {
            return cells.values().stream().anyMatch(s -> s == CellState.CHANGED || s == CellState.UNKNOWN
                    || s == CellState.FAILED || s == CellState.UNREACHABLE);
        }
    }

    /** The kind of verdict, in the order Ansible ranks them (unreachable wins). */
    public enum Kind { IN_SPEC, DRIFTED, FAILED, UNREACHABLE }

    /** One rig's verdict: drifted/unknown count its tasks. */
    public record Verdict(String host, Kind kind, int drifted, int unknown) {
        /** "in spec", "drifted 2 tasks", "failed", "unreachable" — plus the unknown count when there is one. */
        public String text() {
            String s = switch (kind) {
                case IN_SPEC -> "in spec";
                case DRIFTED -> "drifted " + drifted + (drifted == 1 ? " task" : " tasks");
                case FAILED -> "failed";
                case UNREACHABLE -> "unreachable";
            };
            return unknown > 0 ? s + " (" + unknown + " unknown)" : s;
        }
    }

    public static DriftReport of(RunResult result) {
        Set<String> hosts = new LinkedHashSet<>();
        result.recap().forEach(s -> hosts.add(s.host()));
        Map<TaskInfo, Map<String, CellState>> cells = new LinkedHashMap<>();
        Map<TaskInfo, Map<String, List<String>>> diffs = new LinkedHashMap<>();
        Map<TaskInfo, Map<String, String>> errors = new LinkedHashMap<>();
        for (RunResult.Record r : result.outcomes()) {
            TaskOutcome o = r.outcome();
            hosts.add(o.host());
            cells.computeIfAbsent(r.task(), t -> new LinkedHashMap<>()).merge(o.host(), CellState.of(o),
                    CellState::worst);
            CellState st = CellState.of(o);
            if (st == CellState.FAILED || st == CellState.UNREACHABLE) {
                Object msg = Json.shownResult(r.task(), o).get("msg");
                errors.computeIfAbsent(r.task(), t -> new LinkedHashMap<>()).putIfAbsent(o.host(),
                        msg == null ? st.word() : String.valueOf(msg));
            }
            List<String> d = Json.diffs(r.task(), o);
            if (!d.isEmpty()) {
                diffs.computeIfAbsent(r.task(), t -> new LinkedHashMap<>())
                        .computeIfAbsent(o.host(), h -> new ArrayList<>()).addAll(d);
            }
        }
        List<Row> rows = new ArrayList<>();
        cells.forEach((t, c) -> rows.add(new Row(t, c, diffs.getOrDefault(t, Map.of()),
                errors.getOrDefault(t, Map.of()))));
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (String h : hosts) {
            HostStats s = result.stats(h);
            int drifted = 0;
            int unknown = 0;
            boolean failed = s.failed() > 0;
            boolean unreachable = s.unreachable() > 0;
            for (Row row : rows) {
                CellState c = row.cells().get(h);
                if (c == CellState.CHANGED) {
                    drifted++;
                } else if (c == CellState.UNKNOWN) {
                    unknown++;
                } else if (c == CellState.FAILED) {
                    failed = true;
                } else if (c == CellState.UNREACHABLE) {
                    unreachable = true;
                }
            }
            Kind k = unreachable ? Kind.UNREACHABLE : failed ? Kind.FAILED : drifted > 0 ? Kind.DRIFTED
                    : Kind.IN_SPEC;
            verdicts.put(h, new Verdict(h, k, drifted, unknown));
        }
        return new DriftReport(List.copyOf(hosts), rows, verdicts, result.interrupted());
    }

    /** Why a failed or unreachable rig got its verdict: its first failing task and that task's message, on one line. */
    public java.util.Optional<String> reason(String host) {
        Verdict v = verdicts.get(host);
        if (v == null || v.kind() != Kind.FAILED && v.kind() != Kind.UNREACHABLE) {
            return java.util.Optional.empty();
        }
        return rows.stream().filter(r -> r.errors().containsKey(host)).findFirst()
                .map(r -> (r.task().label() + ": " + r.errors().get(host)).replace("\n", " "));
    }

    /** 99 interrupted; 4 a rig unreachable; 2 a rig failed; 3 a rig drifted; 0 every rig in spec. */
    public int exitCode() {
        if (interrupted) {
            return EXIT_INTERRUPTED;
        }
        if (has(Kind.UNREACHABLE)) {
            return EXIT_UNREACHABLE;
        }
        if (has(Kind.FAILED)) {
            return EXIT_FAILED;
        }
        return has(Kind.DRIFTED) ? EXIT_DRIFTED : EXIT_IN_SPEC;
    }

    private boolean has(Kind k) {
        return verdicts.values().stream().anyMatch(v -> v.kind() == k);
    }

    /** Tasks to show in the matrix: those that would change, are unknown, failed or were unreachable. */
    public List<Row> notableRows() {
        return rows.stream().filter(Row::notable).toList();
    }

    public int unknownCount() {
        return verdicts.values().stream().mapToInt(Verdict::unknown).sum();
    }

    /** The report as JSON-ready maps. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> vs = new LinkedHashMap<>();
        for (Verdict v : verdicts.values()) {
            Map<String, Object> vm = new LinkedHashMap<>();
            vm.put("verdict", v.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            vm.put("text", v.text());
            vm.put("drifted", v.drifted());
            vm.put("unknown", v.unknown());
            vs.put(v.host(), vm);
        }
        m.put("rigs", vs);
        List<Object> tasks = new ArrayList<>();
        for (Row r : notableRows()) {
            Map<String, Object> tm = Json.task(r.task());
            Map<String, Object> cs = new LinkedHashMap<>();
            r.cells().forEach((h, c) -> cs.put(h, c == CellState.CHANGED ? "drift" : c.word()));
            tm.put("rigs", cs);
            if (!r.diffs().isEmpty()) {
                tm.put("diffs", r.diffs());
            }
            if (!r.errors().isEmpty()) {
                tm.put("errors", r.errors());
            }
            tasks.add(tm);
        }
        m.put("tasks", tasks);
        m.put("exit_code", exitCode());
        return m;
    }

    /** The console report: the matrix, each drift's diff, and one verdict line per rig. */
    public void print(PrintStream out, boolean color) {
        Ansi a = new Ansi(color);
        List<Row> notable = notableRows();
        out.println();
        if (notable.isEmpty()) {
            out.println("DRIFT: no task would change on " + hosts.size() + (hosts.size() == 1 ? " rig" : " rigs")
                    + ".");
        } else {
            printMatrix(out, a, notable);
            printDiffs(out, a, notable);
        }
        out.println();
        out.println("VERDICT " + "*".repeat(71));
        int width = hosts.stream().mapToInt(String::length).max().orElse(4);
        for (Verdict v : verdicts.values()) {
            String code = switch (v.kind()) {
                case IN_SPEC -> Ansi.GREEN;
                case DRIFTED -> Ansi.YELLOW;
                default -> Ansi.RED;
            };
            out.println(String.format("%-" + width + "s : ", v.host()) + a.c(code, v.text()));
            reason(v.host()).ifPresent(why -> out.println(" ".repeat(width + 3) + ConsoleReporter.clean(why)));
        }
        if (interrupted) {
            out.println(a.c(Ansi.RED, "interrupted: the verdicts cover only the tasks that ran"));
        }
        out.flush();
    }

    private void printMatrix(PrintStream out, Ansi a, List<Row> notable) {
        out.println("DRIFT MATRIX " + "*".repeat(66));
        out.println("  DRIFT would change  ? check mode cannot predict (unknown)  FAILED  UNREACH  . in spec  "
                + "skip skipped");
        out.println();
        List<String> labels = new ArrayList<>();
        for (Row r : notable) {
            labels.add(ConsoleReporter.clean(r.task().label()) + (r.task().handler() ? " (handler)" : ""));
        }
        int tw = Math.min(60, Math.max(4, labels.stream().mapToInt(String::length).max().orElse(4)));
        StringBuilder head = new StringBuilder(String.format("%-" + tw + "s", "TASK"));
        List<Integer> widths = new ArrayList<>();
        for (String h : hosts) {
            int w = Math.max(7, h.length());
            widths.add(w);
            head.append("  ").append(String.format("%-" + w + "s", h));
        }
        out.println(head.toString().stripTrailing());
        for (int i = 0; i < notable.size(); i++) {
            Row r = notable.get(i);
            String label = labels.get(i);
            if (label.length() > tw) {
                label = label.substring(0, tw - 3) + "...";
            }
            StringBuilder line = new StringBuilder(String.format("%-" + tw + "s", label));
            int j = 0;
            for (String h : hosts) {
                int w = widths.get(j++);
                CellState c = r.cells().get(h);
                String sym = c == null ? "" : c == CellState.CHANGED ? "DRIFT" : c == CellState.OK ? "." : c.symbol();
                String padded = String.format("%-" + w + "s", sym);
                line.append("  ").append(c == null ? padded : a.c(Ansi.of(c), padded));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private void printDiffs(PrintStream out, Ansi a, List<Row> notable) {
        for (Row r : notable) {
            for (Map.Entry<String, List<String>> e : r.diffs().entrySet()) {
                out.println();
                out.println(a.c(Ansi.YELLOW, "--- drift: [" + e.getKey() + "] " + ConsoleReporter.clean(
                        r.task().label()) + " (" + r.task().location() + ")"));
                for (String d : e.getValue()) {
                    String text = ConsoleReporter.clean(d);
                    out.print(text.endsWith("\n") ? text : text + "\n");
                }
            }
        }
    }

    /** Terminal colours, only when asked. */
    record Ansi(boolean on) {
        static final String GREEN = "\033[0;32m";
        static final String YELLOW = "\033[0;33m";
        static final String RED = "\033[0;31m";
        static final String CYAN = "\033[0;36m";
        static final String PURPLE = "\033[1;35m";

        String c(String code, String text) {
            return on ? code + text + "\033[0m" : text;
        }

        static String of(CellState s) {
            return switch (s) {
                case OK -> GREEN;
                case CHANGED -> YELLOW;
                case UNKNOWN -> PURPLE;
                case SKIPPED, IGNORED -> CYAN;
                case FAILED, UNREACHABLE -> RED;
            };
        }
    }
}
