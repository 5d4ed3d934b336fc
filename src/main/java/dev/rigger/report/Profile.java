package dev.rigger.report;

import dev.rigger.api.RunListener;
import dev.rigger.api.RunResult;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --profile}: when the run ends, prints the slowest tasks (per rig × task) and the rigs by total time,
 * measured from the events (a task's start to its result on that rig).
 */
public final class Profile implements RunListener {
    private final PrintStream out;
    private final int top;
    private final RunRecorder recorder;
    private final boolean atRunEnd;

    /** Prints when the run ends. */
    public Profile(PrintStream out, int top) {
        this(out, top, true, new RunRecorder());
    }

    /** @param atRunEnd print when the run ends; otherwise only when {@link #print()} is called */
    public Profile(PrintStream out, int top, boolean atRunEnd, RunRecorder recorder) {
        this.out = out;
        this.top = top;
        this.atRunEnd = atRunEnd;
        this.recorder = recorder;
    }

    /** Prints the profile of what was recorded. */
    public void print() {
        out.print(render(recorder.snapshot(), top));
        out.flush();
    }

    /** How long one task took on one rig. */
    public record Timing(String host, TaskInfo task, long nanos) {
    }

    /** The {@code n} slowest rig × task runs, slowest first. */
    public static List<Timing> slowestTasks(RunLog log, int n) {
        List<Timing> all = new ArrayList<>();
        for (RunLog.TaskLog t : log.tasks()) {
            for (RunLog.HostLog h : t.hosts().values()) {
                all.add(new Timing(h.host(), t.task(), h.durationNanos()));
            }
        }
        all.sort(Comparator.comparingLong(Timing::nanos).reversed());
        return all.subList(0, Math.min(n, all.size()));
    }

    /** Each rig's total task time, slowest rig first. */
    public static Map<String, Long> rigTotals(RunLog log) {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (RunLog.TaskLog t : log.tasks()) {
            for (RunLog.HostLog h : t.hosts().values()) {
                totals.merge(h.host(), h.durationNanos(), Long::sum);
            }
        }
        Map<String, Long> sorted = new LinkedHashMap<>();
        totals.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEachOrdered(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** The profile as text. */
    public static String render(RunLog log, int n) {
        StringBuilder b = new StringBuilder();
        b.append("\nSLOWEST TASKS ").append("*".repeat(65)).append('\n');
        List<Timing> slow = slowestTasks(log, n);
        int hw = slow.stream().mapToInt(t -> t.host().length()).max().orElse(4);
        for (Timing t : slow) {
            b.append(String.format("%10s  %-" + hw + "s  %s%n", Text.duration(t.nanos()), t.host(),
                    ConsoleReporter.clean(t.task().label())));
        }
        b.append("\nSLOWEST RIGS ").append("*".repeat(66)).append('\n');
        for (Map.Entry<String, Long> e : rigTotals(log).entrySet()) {
            b.append(String.format("%10s  %s%n", Text.duration(e.getValue()), e.getKey()));
        }
        b.append(String.format("%nwall time: %s%n", Text.duration((long) (log.durationSeconds() * 1e9))));
        return b.toString();
    }

    @Override
    public void playStart(String name, List<String> hosts) {
        recorder.playStart(name, hosts);
    }

    @Override
    public void taskStart(TaskInfo task, List<String> hosts) {
        recorder.taskStart(task, hosts);
    }

    @Override
    public void taskResult(TaskInfo task, TaskOutcome outcome) {
        recorder.taskResult(task, outcome);
    }

    @Override
    public void runEnd(RunResult result) {
        recorder.runEnd(result);
        if (atRunEnd) {
            print();
        }
    }
}
