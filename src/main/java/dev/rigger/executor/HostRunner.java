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
    private final RunContext ctx;
    private final PlayRun play;
    private final HostState hs;
    private final Set<Task> notified = new LinkedHashSet<>();
    private final HostLink link;
    private final TaskExecutor executor;
    private final IncludeStep includes;
    private final BatchStep step;

    HostRunner(RunContext ctx, PlayRun play, HostState hs) {
        this.ctx = ctx;
        this.play = play;
        this.hs = hs;
        this.link = new HostLink(ctx, play, hs);
        this.executor = new TaskExecutor(ctx, play, hs, link);
        this.includes = new IncludeStep(ctx, play, hs, executor);
        this.step = new BatchStep(ctx, play, hs, executor, includes);
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
        if (play.startAt.wholePlay()) {
            return Flow.GO_ON; // --start-at-task matched nothing in this play: it runs nothing, as in Ansible
        }
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

    /**
     * ansible.cfg's gathering with the play's gather_facts, as Ansible's play iterator: implicit gathers unless
     * gather_facts is false, explicit only when it is true, smart as implicit but a host only once per run (the
     * facts gathered by an earlier play stay; rigger keeps no fact cache between runs).
     */
    private boolean gatherFacts() {
        Object g = play.play.gatherFacts();
        boolean implied = g == null || AnsibleBool.strict(executor.templated(g, Map.of()), "gather_facts");
        return switch (ctx.options().gathering()) {
            case "explicit" -> g != null && implied;
            case "smart" -> implied && !hs.gathered;
            default -> implied;
        };
    }

    private Flow factsStep() {
        TaskInfo info = new TaskInfo("Gathering Facts", "gather_facts", play.play.pos().toString(), false, false,
                false);
        if (!enter(StepKey.of(0), "facts", info)) {
            return Flow.STOPPED;
        }
        TaskOutcome o;
        try {
            Semaphore throttle = play.play.attrs().throttle() == null ? null // the play's throttle applies too
                    : step.throttle("facts", play.play.attrs().throttle(), executor.vars(null, Map.of()));
            step.acquire();
            try {
                o = gather();
            } finally {
                ctx.forks().release();
                if (throttle != null) {
                    throttle.release();
                }
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
            hs.gathered = true;
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
            if (!(node instanceof Block) && play.startAt.passes(node)) {
                continue; // before --start-at-task's task
            }
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
            RunOnce.Turn turn = step.turn(t, key, scope, false);
            if (turn instanceof RunOnce.Turn.Follow follow) {
                return follow.flow(); // with run_once only the first host includes the file (and runs its tasks)
            }
            items = turn instanceof RunOnce.Turn.Lead lead ? step.leadInclude(inc, info, scope, lead)
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
            case "clear_facts" -> hs.clearFacts();
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
            RunOnce.Turn turn = step.turn(t, key, scope, handler);
            if (turn instanceof RunOnce.Turn.Follow follow) {
                return follow.flow();
            }
            if (turn instanceof RunOnce.Turn.Lead lead) {
                o = step.lead(t, info, scope, lead);
            } else {
                o = step.usual(t, key, info, scope, ((RunOnce.Turn.Usual) turn).failure(), true);
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
