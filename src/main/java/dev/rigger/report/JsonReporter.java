package dev.rigger.report;

import dev.rigger.api.HostStats;
import dev.rigger.api.RunResult;
import dev.rigger.api.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --report json:FILE}: the whole run as one JSON document — plays, tasks, every rig's outcome with its
 * result, diffs and timing, warnings, the recap and the exit code. Written when the run ends, also when it failed
 * or was interrupted.
 *
 * <pre>{@code
 * {"rigger": "0.1.0", "check": true, "started": "...", "ended": "...", "duration_s": 3.2,
 *  "plays": [{"name": ..., "hosts": [...], "tasks": [{"name", "action", "location", "handler",
 *             "hosts": {"rig01": {"status": "changed", "state": "changed", "result": {...}, "diffs": [...],
 *                                 "start_s": 0.12, "duration_s": 0.4, "items": [...]}}}]}],
 *  "recap": {"rig01": {"ok": 3, "changed": 1, ...}}, "exit_code": 0, "interrupted": false, "complete": true}
 * }</pre>
 */
public final class JsonReporter extends FileReporter {
    private final boolean check;

    public JsonReporter(Path file, boolean check) {
        this(file, check, new RunRecorder());
    }

    public JsonReporter(Path file, boolean check, RunRecorder recorder) {
        super(file, recorder);
        this.check = check;
    }

    @Override
    protected String render(RunLog log) {
        return Json.pretty(document(log, check));
    }

    static Map<String, Object> document(RunLog log, boolean check) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("rigger", Version.VERSION);
        doc.put("check", check);
        doc.put("started", log.started().toString());
        doc.put("ended", log.ended().toString());
        doc.put("duration_s", log.durationSeconds());
        List<Object> plays = new ArrayList<>();
        for (RunLog.PlayLog p : log.plays()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", p.name());
            pm.put("hosts", p.hosts());
            List<Object> tasks = new ArrayList<>();
            for (RunLog.TaskLog t : p.tasks()) {
                Map<String, Object> tm = Json.task(t.task());
                Map<String, Object> hosts = new LinkedHashMap<>();
                for (RunLog.HostLog h : t.hosts().values()) {
                    Map<String, Object> hm = Json.outcome(t.task(), h.outcome());
                    hm.remove("host");
                    hm.put("start_s", Json.seconds(h.startNanos()));
                    hm.put("duration_s", Json.seconds(h.durationNanos()));
                    if (!h.items().isEmpty()) {
                        List<Object> items = new ArrayList<>();
                        for (RunLog.ItemLog i : h.items()) {
                            Map<String, Object> im = Json.outcome(t.task(), i.outcome());
                            im.remove("host");
                            im.put("item", t.task().noLog() ? "(censored)" : i.label());
                            items.add(im);
                        }
                        hm.put("items", items);
                    }
                    hosts.put(h.host(), hm);
                }
                tm.put("hosts", hosts);
                tasks.add(tm);
            }
            pm.put("tasks", tasks);
            plays.add(pm);
        }
        doc.put("plays", plays);
        doc.put("warnings", log.warnings());
        RunResult r = log.result();
        Map<String, Object> recap = new LinkedHashMap<>();
        if (r != null) {
            for (HostStats s : r.recap()) {
                recap.put(s.host(), Json.stats(s));
            }
        }
        doc.put("recap", recap);
        doc.put("exit_code", r == null ? null : r.exitCode());
        doc.put("interrupted", r != null && r.interrupted());
        doc.put("complete", r != null);
        if (check && r != null) {
            doc.put("drift", DriftReport.of(r).toMap());
        }
        return doc;
    }
}
