package dev.rigger.executor;

import dev.rigger.RiggerException;
import dev.rigger.api.RunListener;
import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import dev.rigger.connection.Connection;
import dev.rigger.inventory.Inventory;
import dev.rigger.inventory.PatternResult;
import dev.rigger.module.ModuleRegistry;
import dev.rigger.playbook.Play;
import dev.rigger.playbook.Playbook;
import dev.rigger.playbook.PlaybookLoader;
import dev.rigger.template.Templar;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Runs parsed playbooks against an inventory: plays in order, hosts in parallel (one thread per host, at most
 * {@code forks} running a task at once), events to the listeners, and the recap at the end. One Runner per run.
 */
public final class Runner {
    static final int MAX_FORKS = 100;

    final RunOptions options;
    final Inventory inventory;
    final Templar templar;
    final ModuleRegistry registry;
    final PlaybookLoader loader;
    final EventBus bus;
    final Stats stats = new Stats();
    final List<RunResult.Record> outcomes = Collections.synchronizedList(new ArrayList<>());
    final ConnectionProvider connections;
    final dev.rigger.executor.FactSource factGatherer;
    final Map<String, HostState> hosts = new ConcurrentHashMap<>();
    final Semaphore forks;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    volatile boolean interrupted;
    private volatile boolean anyFailed;
    private volatile boolean anyUnreachable;

    public Runner(RunOptions options, Inventory inventory, Templar templar, ModuleRegistry registry,
                  PlaybookLoader loader, List<RunListener> listeners, ConnectionProvider connections,
                  dev.rigger.executor.FactSource factGatherer) {
        this.options = options;
        this.inventory = inventory;
        this.templar = templar;
        this.registry = registry;
        this.loader = loader;
        this.bus = new EventBus(listeners);
        this.connections = connections;
        this.factGatherer = factGatherer;
        int f = options.forks() <= 0 ? MAX_FORKS : Math.min(options.forks(), 1000);
        this.forks = new Semaphore(f, true);
    }

    /** Runs the playbooks; never throws for host failures (they are in the result). */
    public RunResult run(List<Playbook> playbooks) {
        try {
            outer:
            for (Playbook pb : playbooks) {
                bus.playbookStart(pb.file().toString());
                for (Play play : pb.plays()) {
                    if (interrupted) {
                        break outer;
                    }
                    if (!runPlay(pb, play)) {
                        break outer;
                    }
                }
            }
        } finally {
            closeAll();
        }
        int rc = interrupted ? 99 : anyUnreachable ? 4 : anyFailed ? 2 : 0;
        RunResult result = new RunResult(stats.recap(), List.copyOf(outcomes), rc, interrupted);
        bus.runEnd(result);
        return result;
    }

    /** Ends the run: in-flight commands are interrupted, no new task starts. */
    public void cancel() {
        interrupted = true;
        for (Thread t : threads) {
            t.interrupt();
        }
    }

    private void closeAll() {
        for (HostState h : hosts.values()) {
            if (h.connection != null) {
                try {
                    h.connection.close();
                } catch (RuntimeException ignored) {
                    // closing is best effort
                }
            }
        }
    }

    void markFailed() {
        anyFailed = true;
    }

    void markUnreachable() {
        anyUnreachable = true;
    }

    void record(TaskInfo info, TaskOutcome outcome) {
        outcomes.add(new RunResult.Record(info, outcome));
    }

    /** @return false when the playbook must stop (no hosts left, fatal errors) */
    private boolean runPlay(Playbook pb, Play play) {
        List<String> selected = selectHosts(play);
        if (selected == null) {
            return true;
        }
        List<String> live = new ArrayList<>();
        for (String h : selected) {
            HostState st = hosts.computeIfAbsent(h, HostState::new);
            if (!st.unreachable) {
                live.add(h);
            }
        }
        if (live.isEmpty()) {
            bus.playStart(play.displayName(), List.of());
            bus.noMoreHosts();
            return false;
        }
        List<List<String>> batches = Batches.split(live, play.serial(), templar, options.extraVars());
        boolean aborted = false;
        for (List<String> batch : batches) {
            bus.playStart(play.displayName(), batch);
            PlayRun run = new PlayRun(this, pb, play, batch, live);
            run.execute();
            if (run.abortedPlaybook()) {
                aborted = true;
                break;
            }
            boolean allFailed = batch.stream().allMatch(h -> hosts.get(h).failedThisPlay || hosts.get(h).unreachable);
            if (allFailed) {
                bus.noMoreHosts();
                return false;
            }
            if (interrupted) {
                return false;
            }
        }
        return !aborted;
    }

    private List<String> selectHosts(Play play) {
        PatternResult pr;
        try {
            pr = inventory.select(play.hosts());
        } catch (RiggerException e) {
            throw new RiggerException("invalid host pattern '" + play.hosts() + "': " + e.getMessage(), play.pos());
        }
        pr.warnings().forEach(bus::warning);
        List<String> hs = new ArrayList<>(pr.hosts());
        if (options.limit() != null && !options.limit().isBlank()) {
            PatternResult lim = inventory.limit(hs, options.limit());
            hs = new ArrayList<>(new LinkedHashSet<>(lim.hosts()));
        }
        if (hs.isEmpty()) {
            bus.playStart(play.displayName(), List.of());
            bus.noHostsMatched(play.hosts());
            return null;
        }
        return hs;
    }

    void register(Thread t) {
        threads.add(t);
    }

    void unregister(Thread t) {
        threads.remove(t);
    }
}
