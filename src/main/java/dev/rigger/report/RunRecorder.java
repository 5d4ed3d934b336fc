package dev.rigger.report;

import dev.rigger.api.RunListener;
import dev.rigger.api.RunResult;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Records a run's events into a {@link RunLog}, timing every task per rig from its {@code taskStart} to its
 * {@code taskResult}. Events arrive one at a time (the runner serialises them), so no locking is needed; the
 * snapshot methods may be called from another thread once the run is over.
 */
public final class RunRecorder implements RunListener {
    private final LongSupplier nanos;
    private final long originNanos;
    private final Instant started;
    private final List<PlayB> plays = new ArrayList<>();
    private final Set<String> hosts = new LinkedHashSet<>();
    private final List<String> warnings = new ArrayList<>();
    private int taskCount;
    private RunLog.HostLog last;
    private volatile RunResult result;
    private volatile long endNanos = -1;

    public RunRecorder() {
        this(System::nanoTime, Clock.systemUTC());
    }

    /** With a given time source (tests). */
    public RunRecorder(LongSupplier nanos, Clock clock) {
        this.nanos = nanos;
        this.originNanos = nanos.getAsLong();
        this.started = clock.instant();
    }

    private static final class PlayB {
        final int index;
        final String name;
        final List<String> hosts;
        final List<TaskB> tasks = new ArrayList<>();

        PlayB(int index, String name, List<String> hosts) {
            this.index = index;
            this.name = name;
            this.hosts = List.copyOf(hosts);
        }
    }

    private static final class TaskB {
        final int index;
        final int play;
        final TaskInfo info;
        final Map<String, Long> starts = new HashMap<>();
        final Map<String, RunLog.HostLog> done = new LinkedHashMap<>();
        final Map<String, List<RunLog.ItemLog>> items = new HashMap<>();

        TaskB(int index, int play, TaskInfo info) {
            this.index = index;
            this.play = play;
            this.info = info;
        }
    }

    /** Nanoseconds since the recorder was made. */
    public long now() {
        return nanos.getAsLong() - originNanos;
    }

    @Override
    public synchronized void playStart(String name, List<String> playHosts) {
        plays.add(new PlayB(plays.size() + 1, name, playHosts));
        hosts.addAll(playHosts);
    }

    private PlayB play() {
        if (plays.isEmpty()) {
            plays.add(new PlayB(1, "", List.of()));
        }
        return plays.get(plays.size() - 1);
    }

    @Override
    public synchronized void taskStart(TaskInfo task, List<String> taskHosts) {
        long t = now();
        PlayB p = play();
        TaskB open = null;
        for (int i = p.tasks.size() - 1; i >= 0; i--) {
            TaskB b = p.tasks.get(i);
            if (b.info.equals(task)) {
                if (taskHosts.stream().noneMatch(h -> b.starts.containsKey(h) || b.done.containsKey(h))) {
                    open = b;
                }
                break;
            }
        }
        if (open == null) {
            open = new TaskB(++taskCount, p.index, task);
            p.tasks.add(open);
        }
        for (String h : taskHosts) {
            open.starts.put(h, t);
        }
        hosts.addAll(taskHosts);
    }

    /** The latest entry of this task still waiting for the host's result (made when no start was seen). */
    private TaskB pending(TaskInfo task, String host) {
        PlayB p = play();
        for (int i = p.tasks.size() - 1; i >= 0; i--) {
            TaskB b = p.tasks.get(i);
            if (b.info.equals(task) && !b.done.containsKey(host)) {
                return b;
            }
        }
        TaskB b = new TaskB(++taskCount, p.index, task);
        p.tasks.add(b);
        return b;
    }

    @Override
    public synchronized void itemResult(TaskInfo task, TaskOutcome outcome, String itemLabel) {
        pending(task, outcome.host()).items.computeIfAbsent(outcome.host(), h -> new ArrayList<>())
                .add(new RunLog.ItemLog(itemLabel, outcome));
    }

    @Override
    public synchronized void taskResult(TaskInfo task, TaskOutcome outcome) {
        long t = now();
        String h = outcome.host();
        TaskB b = pending(task, h);
        long start = b.starts.getOrDefault(h, t);
        last = new RunLog.HostLog(h, outcome, b.items.getOrDefault(h, List.of()), start, t - start);
        b.done.put(h, last);
        hosts.add(h);
    }

    @Override
    public synchronized void warning(String message) {
        warnings.add(message);
    }

    @Override
    public void runEnd(RunResult r) {
        synchronized (this) {
            result = r;
            endNanos = now();
            r.recap().forEach(s -> hosts.add(s.host()));
        }
    }

    /** The latest task result recorded, with its timing (null before the first). */
    public synchronized RunLog.HostLog lastResult() {
        return last;
    }

    /** True once {@link #runEnd} was seen. */
    public boolean ended() {
        return result != null;
    }

    /** What was recorded so far (the whole run once it ended). */
    public synchronized RunLog snapshot() {
        long end = endNanos >= 0 ? endNanos : now();
        List<RunLog.PlayLog> ps = new ArrayList<>();
        for (PlayB p : plays) {
            List<RunLog.TaskLog> ts = new ArrayList<>();
            for (TaskB b : p.tasks) {
                ts.add(new RunLog.TaskLog(b.index, b.play, b.info, b.done));
            }
            ps.add(new RunLog.PlayLog(p.index, p.name, p.hosts, ts));
        }
        return new RunLog(started, started.plusNanos(end), ps, List.copyOf(hosts), warnings, result);
    }
}
