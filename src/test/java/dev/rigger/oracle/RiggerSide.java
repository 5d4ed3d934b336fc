package dev.rigger.oracle;

import dev.rigger.api.HostStats;
import dev.rigger.api.RunListener;
import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.engine.Rigger;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** Runs a playbook with rigger's public API and records it the way {@link AnsibleSide} reads Ansible. */
public final class RiggerSide {
    private RiggerSide() {
    }

    public static Observation run(Path inventory, Path playbook, OracleCase.Phase phase, OracleCase c, Path work) {
        Collector collector = new Collector();
        RunResult result;
        try {
            result = Rigger.builder().inventory(inventory.toString()).playbook(playbook)
                    .options(RunOptions.builder().check(phase.check()).diff(phase.diff())
                            .extraVars(c.extraVars()).tags(Set.copyOf(c.tags())).skipTags(Set.copyOf(c.skipTags()))
                            .knownHosts(work.resolve("known_hosts")).build())
                    .listener(collector).build().run();
        } catch (dev.rigger.RiggerException e) {
            // the CLI's exit code for a playbook or inventory that does not load (RunSupport), Ansible's too
            return new Observation(List.of(), new TreeMap<>(), 4, new TreeMap<>(), "rigger refused to load: " + e);
        } catch (RuntimeException e) {
            return new Observation(List.of(), new TreeMap<>(), -1, new TreeMap<>(), "rigger threw " + e);
        }
        SortedMap<String, List<Integer>> recap = new TreeMap<>();
        for (HostStats s : result.recap()) {
            recap.put(s.host(), List.of(s.ok(), s.changed(), s.unreachable(), s.failed(), s.skipped(), s.rescued(),
                    s.ignored()));
        }
        return new Observation(collector.lines, recap, result.exitCode(), new TreeMap<>(), collector.log.toString());
    }

    /** Turns listener events into task lines. */
    static final class Collector implements RunListener {
        final List<Observation.TaskLine> lines = new ArrayList<>();
        final StringBuilder log = new StringBuilder();
        private final Map<String, List<String>> items = new HashMap<>();
        private final Map<String, List<Object>> itemShown = new HashMap<>();

        @Override
        public void taskStart(TaskInfo task, List<String> hosts) {
            log.append(task.handler() ? "RUNNING HANDLER [" : "TASK [").append(task.label()).append("]\n");
            items.clear();
            itemShown.clear();
        }

        @Override
        public void itemResult(TaskInfo task, TaskOutcome outcome, String itemLabel) {
            items.computeIfAbsent(outcome.host(), h -> new ArrayList<>()).add(status(outcome));
            itemShown.computeIfAbsent(outcome.host(), h -> new ArrayList<>()).add(AnsibleSide.shown(outcome.result()));
            log.append("  ").append(status(outcome)).append(": [").append(outcome.host()).append("] (item=")
                    .append(itemLabel).append(")\n");
        }

        @Override
        public void taskResult(TaskInfo task, TaskOutcome outcome) {
            String status = status(outcome);
            List<String> its = items.getOrDefault(outcome.host(), List.of());
            Object shown = null;
            if ("debug".equals(AnsibleSide.shortAction(task.action()))) {
                if (!its.isEmpty()) {
                    shown = List.copyOf(itemShown.get(outcome.host()));
                } else if (!"skipped".equals(status)) {
                    shown = AnsibleSide.shown(outcome.result());
                }
            }
            boolean diff = outcome instanceof TaskOutcome.Changed ch && !ch.diffs().isEmpty();
            lines.add(new Observation.TaskLine(task.label(), status, its, shown, diff));
            log.append("  ").append(status).append(": [").append(outcome.host()).append("] ")
                    .append(new LinkedHashMap<>(outcome.result())).append('\n');
        }

        @Override
        public void included(String file, List<String> hosts) {
            log.append("included: ").append(file).append(" for ").append(hosts).append('\n');
        }

        private static String status(TaskOutcome o) {
            return o.status().name().toLowerCase(Locale.ROOT);
        }
    }
}
