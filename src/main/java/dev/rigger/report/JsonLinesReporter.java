package dev.rigger.report;

import dev.rigger.api.HostStats;
import dev.rigger.api.RunListener;
import dev.rigger.api.RunResult;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code --output jsonl}: one JSON object per line for every event, written as it happens. Every line has
 * {@code "event"} and {@code "time"} (ISO-8601); results carry the task, the rig's outcome and the seconds
 * since the task started there. Events: playbook_start, play_start, task_start, item_result, task_result,
 * retrying, included, warning, no_hosts_matched, no_more_hosts, run_end (with the recap and exit code).
 */
public final class JsonLinesReporter implements RunListener {
    private final PrintStream out;
    private final Clock clock;
    private final RunRecorder recorder;

    public JsonLinesReporter(PrintStream out) {
        this(out, System::nanoTime, Clock.systemUTC());
    }

    /** With a given time source (tests). */
    public JsonLinesReporter(PrintStream out, LongSupplier nanos, Clock clock) {
        this.out = out;
        this.clock = clock;
        this.recorder = new RunRecorder(nanos, clock);
    }

    private Map<String, Object> event(String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", name);
        m.put("time", clock.instant().toString());
        return m;
    }

    private void emit(Map<String, Object> m) {
        out.println(Json.line(m));
        out.flush();
    }

    @Override
    public void playbookStart(String path) {
        Map<String, Object> m = event("playbook_start");
        m.put("playbook", path);
        emit(m);
    }

    @Override
    public void playStart(String name, List<String> hosts) {
        recorder.playStart(name, hosts);
        Map<String, Object> m = event("play_start");
        m.put("play", name);
        m.put("hosts", hosts);
        emit(m);
    }

    @Override
    public void taskStart(TaskInfo task, List<String> hosts) {
        recorder.taskStart(task, hosts);
        Map<String, Object> m = event("task_start");
        m.put("task", Json.task(task));
        m.put("hosts", hosts);
        emit(m);
    }

    @Override
    public void itemResult(TaskInfo task, TaskOutcome outcome, String itemLabel) {
        Map<String, Object> m = event("item_result");
        m.put("task", Json.task(task));
        m.putAll(Json.outcome(task, outcome));
        m.put("item", task.noLog() ? "(censored)" : itemLabel);
        emit(m);
    }

    @Override
    public void taskResult(TaskInfo task, TaskOutcome outcome) {
        recorder.taskResult(task, outcome);
        RunLog.HostLog h = recorder.lastResult();
        Map<String, Object> m = event("task_result");
        m.put("task", Json.task(task));
        m.putAll(Json.outcome(task, outcome));
        if (h != null) {
            m.put("duration_s", Json.seconds(h.durationNanos()));
        }
        emit(m);
    }

    @Override
    public void retrying(TaskInfo task, String host, int retriesLeft) {
        Map<String, Object> m = event("retrying");
        m.put("task", Json.task(task));
        m.put("host", host);
        m.put("retries_left", retriesLeft);
        emit(m);
    }

    @Override
    public void included(String file, List<String> hosts) {
        Map<String, Object> m = event("included");
        m.put("file", file);
        m.put("hosts", hosts);
        emit(m);
    }

    @Override
    public void warning(String message) {
        Map<String, Object> m = event("warning");
        m.put("message", message);
        emit(m);
    }

    @Override
    public void noHostsMatched(String pattern) {
        Map<String, Object> m = event("no_hosts_matched");
        m.put("pattern", pattern);
        emit(m);
    }

    @Override
    public void noMoreHosts() {
        emit(event("no_more_hosts"));
    }

    @Override
    public void runEnd(RunResult result) {
        recorder.runEnd(result);
        Map<String, Object> m = event("run_end");
        Map<String, Object> recap = new LinkedHashMap<>();
        for (HostStats s : result.recap()) {
            recap.put(s.host(), Json.stats(s));
        }
        m.put("recap", recap);
        m.put("exit_code", result.exitCode());
        m.put("interrupted", result.interrupted());
        emit(m);
    }

    /** An extra event of the caller's (drift's verdicts), one line like the rest. */
    public void custom(String name, Map<String, Object> fields) {
        Map<String, Object> m = event(name);
        m.putAll(fields);
        emit(m);
    }
}
