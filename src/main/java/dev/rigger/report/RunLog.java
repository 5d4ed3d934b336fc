package dev.rigger.report;

import dev.rigger.api.RunResult;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a {@link RunRecorder} saw of a run: plays, tasks in the order they started, and per rig the outcome and
 * the time the task took there. Times are measured from the events (start of the task to its result).
 *
 * @param result the run's result; null when the run ended without one (it threw)
 */
public record RunLog(Instant started, Instant ended, List<PlayLog> plays, List<String> hosts, List<String> warnings,
                     RunResult result) {

    public RunLog {
        plays = List.copyOf(plays);
        hosts = List.copyOf(hosts);
        warnings = List.copyOf(warnings);
    }

    /** Every task of every play, in order. */
    public List<TaskLog> tasks() {
        return plays.stream().flatMap(p -> p.tasks().stream()).toList();
    }

    /** Seconds from the first to the last event. */
    public double durationSeconds() {
        return (ended.toEpochMilli() - started.toEpochMilli()) / 1000.0;
    }

    /** One play. */
    public record PlayLog(int index, String name, List<String> hosts, List<TaskLog> tasks) {
        public PlayLog {
            hosts = List.copyOf(hosts);
            tasks = List.copyOf(tasks);
        }
    }

    /** One task as it ran (a task included twice appears twice); {@code hosts} in result order. */
    public record TaskLog(int index, int play, TaskInfo task, Map<String, HostLog> hosts) {
        public TaskLog {
            hosts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(hosts));
        }

        /** The longest time this task took on any rig. */
        public long maxNanos() {
            return hosts.values().stream().mapToLong(HostLog::durationNanos).max().orElse(0);
        }
    }

    /**
     * One task on one rig.
     *
     * @param startNanos    when the task started on the rig, from the start of the run
     * @param durationNanos from the task's start to its result
     */
    public record HostLog(String host, TaskOutcome outcome, List<ItemLog> items, long startNanos,
                          long durationNanos) {
        public HostLog {
            items = List.copyOf(items);
        }

        public CellState state() {
            return CellState.of(outcome);
        }

        public double seconds() {
            return durationNanos / 1e9;
        }
    }

    /** One loop item's outcome. */
    public record ItemLog(String label, TaskOutcome outcome) {
    }
}
