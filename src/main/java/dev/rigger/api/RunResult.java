package dev.rigger.api;

import java.util.List;

/**
 * What a run did: the recap per host (sorted by name), every task outcome in order, and the exit code
 * ansible-playbook 2.14 would give (0 ok, 2 a host failed, 4 a host unreachable, 99 interrupted).
 */
public record RunResult(List<HostStats> recap, List<Record> outcomes, int exitCode, boolean interrupted) {

    /** One task outcome with the task it belongs to. */
    public record Record(TaskInfo task, TaskOutcome outcome) {
    }

    public RunResult {
        recap = List.copyOf(recap);
        outcomes = List.copyOf(outcomes);
    }

    public HostStats stats(String host) {
        return recap.stream().filter(s -> s.host().equals(host)).findFirst().orElse(HostStats.empty(host));
    }

    public int totalChanged() {
        return recap.stream().mapToInt(HostStats::changed).sum();
    }
}
