package dev.rigger.executor;

import dev.rigger.AnsibleBool;
import dev.rigger.RiggerException;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import dev.rigger.module.ModuleResult;
import dev.rigger.playbook.Include;
import dev.rigger.playbook.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * One host's task step as the batch shares it: run_once (who runs the step: every host, this one for all, or
 * another for this one; see {@link RunOnce}), throttle ({@link Throttles}) and forks.
 */
final class BatchStep {
    /** Actions whose results are facts: a run_once of theirs in the free strategy is refused (see turn). */
    private static final Set<String> FACT_ACTIONS = Set.of("set_fact", "include_vars", "setup", "gather_facts");

    private final RunContext ctx;
    private final PlayRun play;
    private final HostState hs;
    private final TaskExecutor executor;
    private final IncludeStep includes;

    BatchStep(RunContext ctx, PlayRun play, HostState hs, TaskExecutor executor, IncludeStep includes) {
        this.ctx = ctx;
        this.play = play;
        this.hs = hs;
        this.executor = executor;
        this.includes = includes;
    }

    /** A fork for this host (a step it entered is left when the run is interrupted). */
    void acquire() {
        try {
            ctx.forks().acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            play.gate.leave(hs.name);
            throw new Interrupted();
        }
    }

    /** An include this host makes for the batch: when it cannot, the others fail with it. */
    List<IncludeStep.Included> leadInclude(Include inc, TaskInfo info, Map<String, Object> scope,
                                           RunOnce.Turn.Lead lead) {
        TaskOutcome o = null;
        try {
            if (lead.failure() != null) {
                throw new RiggerException(lead.failure());
            }
            List<IncludeStep.Included> items = includes.prepare(inc, info, scope);
            o = new TaskOutcome.Ok(hs.name, Map.of("changed", false), false);
            return items;
        } catch (RiggerException e) {
            o = TaskResults.failed(hs.name, e.describe());
            share(inc.task(), o, lead.id() != null);
            throw e;
        } finally {
            if (lead.id() != null) {
                play.once.done(lead.id(), o);
            }
        }
    }

    /** The task on this host, within its throttle (when {@code throttled}) and forks, or failed with {@code failure}. */
    TaskOutcome usual(Task t, StepKey key, TaskInfo info, Map<String, Object> scope, String failure,
                      boolean throttled) {
        Semaphore throttle = null;
        try {
            if (failure == null && throttled && t.attrs().throttle() != null) {
                throttle = throttle(key + " " + t.pos(), t.attrs().throttle(), executor.vars(t, scope));
            }
        } catch (RiggerException e) {
            failure = e.getMessage() + " (task at " + t.pos() + ")";
        }
        if (failure != null) { // reported and counted as any failure: ignore_errors applies
            TaskOutcome o = executor.ignoreIfAsked(t, scope, TaskResults.failed(hs.name, failure));
            ctx.stats().count(o);
            ctx.bus().result(info, o);
            return o;
        }
        try {
            acquire();
            try {
                return executor.execute(t, info, scope);
            } finally {
                ctx.forks().release();
            }
        } finally {
            if (throttle != null) {
                throttle.release();
            }
        }
    }

    /** A place among the hosts running step {@code id} within its throttle, or null when it has none. */
    Semaphore throttle(String id, Object raw, Map<String, Object> vars) {
        int limit = Throttles.limit(ctx.templar().render(raw, vars));
        try {
            return play.throttles.acquire(id, limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted();
        }
    }

    /**
     * run_once: whether this host runs the step as usual, for the whole batch (the first host the step released),
     * or takes the result of the host that ran it. In the free strategy, as in Ansible, every host runs it.
     */
    RunOnce.Turn turn(Task t, StepKey key, Map<String, Object> scope, boolean handler) {
        if (t.attrs().runOnce() == null) {
            return RunOnce.USUAL;
        }
        boolean free = play.gate instanceof FreeGate;
        List<String> cohort = play.gate.cohort(hs.name);
        String id = key + " " + t.pos() + " " + cohort.get(0);
        if (!free && !cohort.get(0).equals(hs.name)) {
            try {
                return play.once.follow(id, t, () -> ctx.control().interrupted() || play.gate.aborted());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new RunOnce.Turn.Follow(Flow.STOPPED);
            }
        }
        boolean once;
        String failure = null;
        try {
            once = AnsibleBool.strict(ctx.templar().render(t.attrs().runOnce(), executor.vars(t, scope)), "run_once");
        } catch (RuntimeException e) { // the host fails, and the others with it, as when the task fails
            once = true;
            failure = (e instanceof RiggerException re ? re.getMessage() : String.valueOf(e)) + " (task at " + t.pos()
                    + ")";
        }
        if (!free) {
            play.once.decide(id, once, cohort.size() - 1);
        }
        if (!once) {
            return RunOnce.USUAL;
        }
        if (failure == null && handler) {
            failure = "rigger does not run a handler with run_once: Ansible runs it on one notified host per pass and "
                    + "leaves the others notified for a later one, so which hosts run it depends on how the flushes "
                    + "fall (handler at " + t.pos() + ")";
        } else if (failure == null && free) {
            String warning = "Using run_once with the free strategy is not currently supported. This task will still "
                    + "be executed for every host in the inventory list.";
            if (play.once.firstWarning(warning)) {
                ctx.bus().warning(warning);
            }
            if (t.register() != null || FACT_ACTIONS.contains(t.shortAction())) {
                failure = "rigger does not run a run_once task that registers its result or sets facts in the free "
                        + "strategy: Ansible runs it on every host and hands each host's result to all of them as it "
                        + "comes in, so what a host sees depends on timing (task at " + t.pos() + ")";
            }
        }
        return new RunOnce.Turn.Lead(free ? null : id, failure);
    }

    /**
     * This host runs the task for the batch (throttle does not apply, as in Ansible): what it registers and the facts
     * it sets land on every reachable host of the batch, and its failure fails them all.
     */
    TaskOutcome lead(Task t, TaskInfo info, Map<String, Object> scope, RunOnce.Turn.Lead lead) {
        TaskOutcome o = null;
        try {
            o = usual(t, null, info, scope, lead.failure(), false);
            share(t, o, lead.id() != null);
            return o;
        } finally {
            if (lead.id() != null) {
                play.once.done(lead.id(), o);
            }
        }
    }

    private void share(Task t, TaskOutcome o, boolean linear) {
        boolean failed = o instanceof TaskOutcome.Failed f && !f.ignored();
        Object registered = t.register() == null || o instanceof TaskOutcome.Unreachable ? null
                : hs.setFacts.get(t.register());
        List<Map.Entry<ModuleResult.FactScope, Map<String, Object>>> facts = executor.factsSet();
        List<String> cohort = play.gate.cohort(hs.name);
        List<String> later = new ArrayList<>();
        for (String h : play.batch) {
            HostState other = ctx.hosts().get(h);
            if (h.equals(hs.name) || other == null || other.unreachable) {
                continue;
            }
            if (linear) { // the others wait (in this step, or at the gate) while this host writes their state
                RunOnce.share(other, t.register(), registered, facts);
            }
            if (failed && !(linear && cohort.contains(h))) {
                later.add(h);
            }
        }
        play.once.failLater(later);
    }
}
