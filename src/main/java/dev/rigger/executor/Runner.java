package dev.rigger.executor;

import dev.rigger.api.ConnectionProvider;
import dev.rigger.api.FactSource;
import dev.rigger.api.RunListener;
import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.inventory.Inventory;
import dev.rigger.module.ModuleRegistry;
import dev.rigger.plan.Batches;
import dev.rigger.plan.HostSelection;
import dev.rigger.playbook.Play;
import dev.rigger.playbook.Playbook;
import dev.rigger.playbook.PlaybookLoader;
import dev.rigger.template.Templar;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Runs parsed playbooks against an inventory: plays in order, hosts in parallel (one thread per host, at most
 * {@code forks} running a task at once), events to the listeners, and the recap at the end. One Runner per run.
 */
public final class Runner {
    static final int MAX_FORKS = 100;

    private final RunContext ctx;

    public Runner(RunOptions options, Inventory inventory, Templar templar, ModuleRegistry registry,
                  PlaybookLoader loader, List<RunListener> listeners, ConnectionProvider connections,
                  FactSource facts) {
        int f = options.forks() <= 0 ? MAX_FORKS : Math.min(options.forks(), 1000);
        this.ctx = new RunContext(options, inventory, templar, registry, loader, new EventBus(listeners),
                new Stats(), connections, facts, new Semaphore(f, true), new ConcurrentHashMap<>(), new RunControl());
    }

    /** Runs the playbooks; never throws for host failures (they are in the result). */
    public RunResult run(List<Playbook> playbooks) {
        try {
            outer:
            for (Playbook pb : playbooks) {
                ctx.bus().playbookStart(pb.file().toString());
                for (Play play : pb.plays()) {
                    if (ctx.control().interrupted() || !runPlay(pb, play)) {
                        break outer;
                    }
                }
            }
        } finally {
            ctx.hosts().values().forEach(HostState::closeConnection);
        }
        RunResult result = new RunResult(ctx.stats().recap(), ctx.bus().outcomes(), ctx.control().exitCode(),
                ctx.control().interrupted());
        ctx.bus().runEnd(result);
        if (ctx.options().startAtTask() != null && !ctx.control().startAtDone.get()) {
            ctx.bus().error("No matching task \"" + ctx.options().startAtTask() + "\" found. Note: --start-at-task "
                    + "can only follow static includes.");
        }
        return result;
    }

    /** Ends the run: in-flight commands are interrupted, no new task starts. */
    public void cancel() {
        ctx.control().cancel();
    }

    /** @return false when the playbook must stop (no hosts left, fatal errors) */
    private boolean runPlay(Playbook pb, Play play) {
        HostSelection.Selected sel = HostSelection.of(ctx.inventory(), play, ctx.options().limit());
        sel.warnings().forEach(ctx.bus()::warning);
        if (sel.hosts().isEmpty()) {
            ctx.bus().playStart(play.displayName(), List.of());
            ctx.bus().noHostsMatched(play.hosts());
            return true;
        }
        List<String> live = new ArrayList<>();
        for (String h : sel.hosts()) {
            if (!ctx.hosts().computeIfAbsent(h, HostState::new).unreachable) {
                live.add(h);
            }
        }
        if (live.isEmpty()) {
            ctx.bus().playStart(play.displayName(), List.of());
            ctx.bus().noMoreHosts();
            return false;
        }
        for (List<String> batch : Batches.split(live, play.serial(), ctx.templar(), ctx.options().extraVars())) {
            ctx.bus().playStart(play.displayName(), batch);
            PlayRun run = new PlayRun(ctx, pb, play, batch, live);
            run.execute();
            if (run.abortedPlaybook()) {
                return false;
            }
            if (batch.stream().allMatch(h -> ctx.hosts().get(h).failedThisPlay || ctx.hosts().get(h).unreachable)) {
                ctx.bus().noMoreHosts();
                return false;
            }
            if (ctx.control().interrupted()) {
                return false;
            }
        }
        return true;
    }
}
