package dev.rigger.oracle;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What one run of one playbook looked like from the outside, in a form both runners produce.
 *
 * @param tasks    every task result per host, in the order reported (tasks no host ran are absent)
 * @param recap    PLAY RECAP per host: ok, changed, unreachable, failed, skipped, rescued, ignored
 * @param exitCode the runner's exit code
 * @param files    the rig's files after the run (overlay upper folder, volatile paths left out)
 * @param log      the runner's raw output, for the report when something differs
 */
public record Observation(List<TaskLine> tasks, SortedMap<String, List<Integer>> recap, int exitCode,
                          SortedMap<String, RigFiles.Entry> files, String log) {
    public Observation {
        tasks = List.copyOf(tasks);
    }

    public Observation withFiles(SortedMap<String, RigFiles.Entry> snapshot) {
        return new Observation(tasks, recap, exitCode, snapshot, log);
    }

    /**
     * One task's result on one host.
     *
     * @param task   the banner label ("name", "role : name" or the action)
     * @param status ok, changed, failed, skipped or unreachable
     * @param items  loop items' statuses in order (empty without a loop)
     * @param shown  what a debug task printed (its msg or var value), else null
     * @param diff   whether the result carried a diff (check/diff mode)
     */
    public record TaskLine(String task, String status, List<String> items, Object shown, boolean diff) {
        public TaskLine {
            items = List.copyOf(items);
        }
    }

    static final List<String> RECAP_KEYS = List.of("ok", "changed", "unreachable", "failed", "skipped", "rescued",
            "ignored");

    static String recapText(Map<String, List<Integer>> recap) {
        StringBuilder sb = new StringBuilder();
        recap.forEach((h, v) -> {
            sb.append(h).append(':');
            for (int i = 0; i < RECAP_KEYS.size(); i++) {
                sb.append(' ').append(RECAP_KEYS.get(i)).append('=').append(v.get(i));
            }
        });
        return sb.toString();
    }
}
