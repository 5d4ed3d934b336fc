package dev.rigger.report;

import dev.rigger.api.HostStats;
import dev.rigger.api.RunListener;
import dev.rigger.api.RunResult;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.Diff;
import dev.rigger.api.TaskOutcome;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real event sequence of a check-mode run on three rigs, played to any listeners: rig01 drifted (a file with a
 * diff, and a no_log task), rig02 in spec but with a result check mode cannot predict, rig03 unreachable. Time is
 * a counter the script advances, so timings are exact.
 */
final class RunScript {
    static final String SECRET = "hunter2-s3cret";
    static final TaskInfo FACTS = new TaskInfo("Gathering Facts", "gather_facts", "site.yml:1:3", false, false,
            false);
    static final TaskInfo CONFIG = new TaskInfo("rig : write /etc/rig.conf", "copy", "roles/rig/tasks/main.yml:2:3",
            false, false, false);
    static final TaskInfo PROBE = new TaskInfo("probe the driver", "command", "site.yml:9:7", false, false, false);
    static final TaskInfo TOKEN = new TaskInfo("install the token", "copy", "site.yml:12:7", false, true, false);
    static final TaskInfo PKGS = new TaskInfo("packages", "apt", "site.yml:15:7", false, false, false);
    static final String DIFF = "--- before: /etc/rig.conf\n+++ after: /etc/rig.conf\n@@ -1,2 +1,2 @@\n"
            + " gpus=2\n-mode=old\n+mode=<new>\n";

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final Clock clock = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);
    final List<RunResult.Record> records = new ArrayList<>();

    RunRecorder recorder() {
        return new RunRecorder(nanos::get, clock);
    }

    private void advance(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
    }

    private static Map<String, Object> result(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private void result(RunListener l, TaskInfo t, TaskOutcome o) {
        l.taskResult(t, o);
        records.add(new RunResult.Record(t, o));
    }

    /** Plays the whole run to {@code l} and returns its result. */
    RunResult play(RunListener l) {
        List<String> rigs = List.of("rig01", "rig02", "rig03");
        l.playbookStart("site.yml");
        l.playStart("converge rigs", rigs);
        l.taskStart(FACTS, rigs);
        advance(100);
        result(l, FACTS, new TaskOutcome.Ok("rig01", result("changed", false), false));
        advance(50);
        result(l, FACTS, new TaskOutcome.Ok("rig02", result("changed", false), false));
        advance(2000);
        result(l, FACTS, new TaskOutcome.Unreachable("rig03", result("changed", false, "unreachable", true,
                "msg", "failed to connect to the host: Connection refused")));
        List<String> live = List.of("rig01", "rig02");
        l.taskStart(CONFIG, live);
        advance(300);
        result(l, CONFIG, new TaskOutcome.Changed("rig01", result("changed", true, "dest", "/etc/rig.conf"),
                List.of(Diff.prepared(DIFF))));
        advance(10);
        result(l, CONFIG, new TaskOutcome.Ok("rig02", result("changed", false, "dest", "/etc/rig.conf"), false));
        l.taskStart(PROBE, live);
        advance(40);
        result(l, PROBE, new TaskOutcome.Skipped("rig01", result("changed", false, "msg",
                "skipped, running in check mode"), true));
        result(l, PROBE, new TaskOutcome.Ok("rig02", result("changed", false, "msg",
                "check mode cannot predict"), true));
        l.taskStart(TOKEN, live);
        advance(20);
        // a careless module left the secret in the result: reports must still show only the censored form
        result(l, TOKEN, new TaskOutcome.Changed("rig01", result("changed", true, "content", SECRET),
                List.of(Diff.prepared("+token=" + SECRET + "\n"))));
        result(l, TOKEN, new TaskOutcome.Ok("rig02", result("censored",
                "the output has been hidden due to the fact that 'no_log: true' was specified for this result",
                "changed", false), false));
        l.warning("rig02: a <b>warning</b> from the run");
        l.taskStart(PKGS, live);
        advance(5);
        l.itemResult(PKGS, new TaskOutcome.Ok("rig01", result("changed", false, "item", "git"), false), "git");
        result(l, PKGS, new TaskOutcome.Ok("rig01", result("changed", false, "results", List.of()), false));
        advance(5);
        result(l, PKGS, new TaskOutcome.Ok("rig02", result("changed", false, "results", List.of()), false));
        RunResult r = new RunResult(List.of(new HostStats("rig01", 5, 2, 0, 0, 1, 0, 0),
                new HostStats("rig02", 5, 0, 0, 0, 0, 0, 0), new HostStats("rig03", 0, 0, 1, 0, 0, 0, 0)),
                records, 4, false);
        l.runEnd(r);
        return r;
    }
}
