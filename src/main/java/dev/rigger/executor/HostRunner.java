package dev.rigger.executor;

import dev.rigger.AnsibleBool;
import dev.rigger.RiggerException;
import dev.rigger.Unsafe;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import dev.rigger.connection.UnreachableException;
import dev.rigger.plan.Tags;
import dev.rigger.playbook.Block;
import dev.rigger.playbook.Include;
import dev.rigger.playbook.Task;
import dev.rigger.playbook.TaskNode;
import java.io.IOException;
import dev.rigger.module.ModuleResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * Runs one play batch on one host: facts, pre_tasks, roles and tasks, post_tasks and their handler flushes,
 * walking blocks (rescue/always) and includes, stepping through the play's gate before every task. Each step of
 * the walk answers with a {@link Flow}: go on, failed, unreachable or stopped.
 */
final class HostRunner implements Runnable {
    /** Actions whose results are facts: a run_once of theirs in the free strategy is refused (see turn). */
    private static final Set<String> FACT_ACTIONS = Set.of("set_fact", "include_vars", "setup", "gather_facts");

    private final RunContext ctx;
    private final PlayRun play;
    private final HostState hs;
    private final Set<Task> notified = new LinkedHashSet<>();
    private final HostLink link;
    private final TaskExecutor executor;
    private final IncludeStep includes;

    HostRunner(RunContext ctx, PlayRun play, HostState hs) {
        this.ctx = ctx;
        this.play = play;
        this.hs = hs;
        this.link = new HostLink(ctx, play, hs);
        this.executor = new TaskExecutor(ctx, play, hs, link);
        this.includes = new IncludeStep(ctx, play, hs, executor);
    }

    @Override
    public void run() {
        try {
            ended(walk());
        } catch (Interrupted s) {
            // the run was interrupted: this host stops where it is
        } catch (RiggerException e) {
            // an error outside any task (vars_files, a missing handler): a failure of the host
            hostFailed(e.describe());
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // a bug in rigger: this host's failure, reported like any other, never a stack trace or exit 0
            hostFailed(TaskResults.internalError(e));
        } finally {
            play.gate.finish(hs.name);
        }
    }

    private Flow walk() {
        play.loadVarsFiles(hs);
        Flow f = gatherFacts() ? factsStep() : Flow.GO_ON;
        List<List<TaskNode>> parts = List.of(play.play.preTasks(), play.play.tasks(), play.play.postTasks());
        for (int i = 0; i < parts.size() && f.goesOn(); i++) {
            f = runNodes(parts.get(i), StepKey.of(2 * i + 1), Map.of());
            if (f.goesOn()) {
                f = flush(StepKey.of(2 * i + 2));
            }
        }
        return f;
    }

    /** How the host's play ended: a failure may end the whole play (any_errors_fatal), then force handlers. */
    private void ended(Flow f) {
        if (f instanceof Flow.Failed failed) {
            hs.failedThisPlay = true;
            ctx.control().markFailed();
            Task t = failed.task();
            if (t != null && t.attrs().anyErrorsFatal() != null
                    && AnsibleBool.isTrue(executor.templated(t.attrs().anyErrorsFatal(), Map.of()))
                    || AnsibleBool.isTrue(play.play.attrs().anyErrorsFatal())) {
                play.fatal();
            }
            if (ctx.options().forceHandlers() || AnsibleBool.isTrue(play.play.forceHandlers())) {
                try {
                    flush(StepKey.of(7));
                } catch (RuntimeException ignored) {
                    // the host has failed already
                }
            }
        } else if (f instanceof Flow.Unreachable) {
            hs.unreachable = true;
            ctx.control().markUnreachable();
        }
    }

    private void hostFailed(String message) {
        hs.failedThisPlay = true;
        ctx.control().markFailed();
        TaskInfo info = new TaskInfo("play", "play", play.play.pos().toString(), false, false, false);
        TaskOutcome o = TaskResults.failed(hs.name, message);
        ctx.stats().count(o);
        ctx.bus().result(info, o);
    }

    private boolean gatherFacts() {
        Object g = play.play.gatherFacts();
        return g == null || AnsibleBool.strict(executor.templated(g, Map.of()), "gather_facts");
    }

    private Flow factsStep() {
        TaskInfo info = new TaskInfo("Gathering Facts", "gather_facts", play.play.pos().toString(), false, false,
                false);
        if (!enter(StepKey.of(0), "facts", info)) {
            return Flow.STOPPED;
        }
        TaskOutcome o;
        try {
            acquire();
            try {
                o = gather();
            } finally {
                ctx.forks().release();
            }
            ctx.stats().count(o);
            ctx.bus().result(info, o);
        } finally {
            play.gate.leave(hs.name);
        }
        return flowOf(null, o);
    }

    private TaskOutcome gather() {
        try {
            hs.facts.putAll(Unsafe.mark(ctx.facts().gather(link.connection()))); // a rig's facts are data
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("changed", false);
            return new TaskOutcome.Ok(hs.name, r, false);
        } catch (HostLink.Lost | UnreachableException e) {
            return TaskResults.unreachable(hs.name, e.getMessage());
        } catch (IOException e) {
            return TaskResults.failed(hs.name, "gathering facts failed: " + e.getMessage());
        } catch (RiggerException e) {
            return TaskResults.failed(hs.name, e.describe());
        }
    }

    private static Flow flowOf(Task t, TaskOutcome o) {
        if (o instanceof TaskOutcome.Unreachable) {
            return Flow.UNREACHABLE;
        }
        if (o instanceof TaskOutcome.Failed f && !f.ignored()) {
            return new Flow.Failed(t, f.result());
        }
        return Flow.GO_ON;
    }

    private void acquire() {
        try {
            ctx.forks().acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            play.gate.leave(hs.name);
            throw new Interrupted();
        }
    }

    /** Waits for the host's turn at step {@code key}; false when the play stopped for it. */
    private boolean enter(StepKey key, String group, TaskInfo info) {
        if (ctx.control().interrupted() || play.ended() || hs.endedThisPlay) {
            return false;
        }
        try {
            return play.gate.enter(hs.name, key, group, info);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ------------------------------------------------------------------ walking the task tree

    private Flow runNodes(List<TaskNode> nodes, StepKey base, Map<String, Object> scope) {
        Flow f = Flow.GO_ON;
        for (int i = 0; i < nodes.size() && f.goesOn(); i++) {
            TaskNode node = nodes.get(i);
            StepKey key = base.child(i);
            if (node instanceof Task t) {
                f = t.shortAction().equals("meta") ? meta(t, key, scope) : runTask(t, key, scope, false);
            } else if (node instanceof Block b) {
                f = runBlock(b, key, scope);
            } else if (node instanceof Include inc) {
                f = runInclude(inc, key, scope);
            }
        }
        return f;
    }

    private Flow runBlock(Block b, StepKey key, Map<String, Object> scope) {
        Flow f = runNodes(b.block(), key.child(0), scope);
        if (f instanceof Flow.Failed failed && !b.rescue().isEmpty()) {
            Map<String, Object> s = new LinkedHashMap<>(scope);
            if (failed.counted()) { // failed by another host's run_once: Ansible counts and tells it nothing
                ctx.stats().remove(hs.name, Stats.Kind.FAILED);
                ctx.stats().add(hs.name, Stats.Kind.RESCUED);
                Task ft = failed.task();
                s.put("ansible_failed_task", ft == null ? Map.of() : Map.of("name",
                        ft.name() == null ? ft.shortAction() : ft.name(), "action", ft.shortAction()));
                s.put("ansible_failed_result", failed.result());
            }
            f = runNodes(b.rescue(), key.child(1), s);
        }
        if (!(f instanceof Flow.GoOn || f instanceof Flow.Failed)) {
            return f; // unreachable or stopped: always does not run
        }
        Flow always = runNodes(b.always(), key.child(2), scope);
        return always instanceof Flow.GoOn ? f : always;
    }

    private Flow runInclude(Include inc, StepKey key, Map<String, Object> scope) {
        Task t = inc.task();
        if (!Tags.shouldRun(t.attrs().tags(), ctx.options().tags(), ctx.options().skipTags())) {
            return Flow.GO_ON;
        }
        // an include is a task step of its own, as in Ansible: its header, then "included" or "skipping"
        TaskInfo info = executor.info(t, scope, false);
        if (!enter(key, t.pos().toString(), info)) {
            return Flow.STOPPED;
        }
        List<IncludeStep.Included> items;
        try {
            if (play.once.failedByAnother(hs.name)) {
                return new Flow.Failed(t, Map.of(), false);
            }
            RunOnce.Turn turn = turn(t, key, scope, false);
            if (turn instanceof RunOnce.Turn.Follow follow) {
                return follow.flow(); // with run_once only the first host includes the file (and runs its tasks)
            }
            items = turn instanceof RunOnce.Turn.Lead lead ? leadInclude(inc, info, scope, lead)
                    : includes.prepare(inc, info, scope);
        } finally {
            play.gate.leave(hs.name);
        }
        Flow f = Flow.GO_ON;
        for (int i = 0; i < items.size() && f.goesOn(); i++) {
            f = runNodes(items.get(i).nodes(), key.child(i), items.get(i).scope());
        }
        return f;
    }

    /** An include this host makes for the batch: when it cannot, the others fail with it. */
    private List<IncludeStep.Included> leadInclude(Include inc, TaskInfo info, Map<String, Object> scope,
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

    private Flow meta(Task t, StepKey key, Map<String, Object> scope) {
        if (!t.attrs().when().isEmpty() && !executor.when(t, scope)) {
            return Flow.GO_ON;
        }
        switch (String.valueOf(t.args().get("_raw_params"))) {
            case "flush_handlers" -> {
                return flush(key);
            }
            case "end_play" -> {
                play.endPlay();
                return Flow.STOPPED;
            }
            case "end_host", "end_batch" -> {
                hs.endedThisPlay = true;
                return Flow.STOPPED;
            }
            case "clear_facts" -> hs.facts.clear();
            case "clear_host_errors" -> hs.failedThisPlay = false;
            case "reset_connection" -> hs.closeConnection();
            default -> {
                // noop, refresh_inventory, role_complete: nothing to do
            }
        }
        return Flow.GO_ON;
    }

    private Flow runTask(Task t, StepKey key, Map<String, Object> scope, boolean handler) {
        if (!handler && !Tags.shouldRun(t.attrs().tags(), ctx.options().tags(), ctx.options().skipTags())) {
            return Flow.GO_ON;
        }
        TaskInfo info = executor.info(t, scope, handler);
        if (!enter(key, t.pos().toString(), info)) {
            return Flow.STOPPED;
        }
        TaskOutcome o;
        try {
            if (play.once.failedByAnother(hs.name)) {
                return new Flow.Failed(t, Map.of(), false);
            }
            RunOnce.Turn turn = turn(t, key, scope, handler);
            if (turn instanceof RunOnce.Turn.Follow follow) {
                return follow.flow();
            }
            if (turn instanceof RunOnce.Turn.Lead lead) {
                o = lead(t, info, scope, lead);
            } else {
                o = usual(t, key, info, scope, ((RunOnce.Turn.Usual) turn).failure(), true);
            }
        } finally {
            play.gate.leave(hs.name);
        }
        Flow f = flowOf(t, o);
        if (f.goesOn() && (o instanceof TaskOutcome.Changed
                || !(o instanceof TaskOutcome.Failed) && o.result().get("changed") == Boolean.TRUE)) {
            notifyHandlers(t, scope);
        }
        return f;
    }

    /** The task on this host, within its throttle (when {@code throttled}) and forks, or failed with {@code failure}. */
    private TaskOutcome usual(Task t, StepKey key, TaskInfo info, Map<String, Object> scope, String failure,
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
    private Semaphore throttle(String id, Object raw, Map<String, Object> vars) {
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
    private RunOnce.Turn turn(Task t, StepKey key, Map<String, Object> scope, boolean handler) {
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
    private TaskOutcome lead(Task t, TaskInfo info, Map<String, Object> scope, RunOnce.Turn.Lead lead) {
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

    private void notifyHandlers(Task t, Map<String, Object> scope) {
        for (String n : t.notifies()) {
            String name = String.valueOf(executor.templated(n, scope));
            boolean found = false;
            for (Task h : play.play.handlers()) {
                String hn = h.name();
                if (name.equals(hn) || h.listen().contains(name)
                        || (h.attrs().role() != null && name.equals(h.attrs().role().name() + " : " + hn))) {
                    notified.add(h);
                    found = true;
                }
            }
            if (!found) {
                throw new RiggerException("The requested handler '" + name + "' was not found in either the main "
                        + "handlers list nor in the listening handlers list", t.pos());
            }
        }
    }

    private Flow flush(StepKey key) {
        List<Task> handlers = play.play.handlers();
        Flow f = Flow.GO_ON;
        for (int i = 0; i < handlers.size() && f.goesOn(); i++) {
            Task h = handlers.get(i);
            if (notified.remove(h)) {
                f = runTask(h, key.child(1_000_000 + i), Map.of(), true);
            }
        }
        return f;
    }
}
