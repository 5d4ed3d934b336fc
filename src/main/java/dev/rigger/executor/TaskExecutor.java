package dev.rigger.executor;

import dev.rigger.AnsibleBool;
import dev.rigger.RiggerException;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.Diff;
import dev.rigger.api.TaskOutcome;
import dev.rigger.module.Module;
import dev.rigger.module.ModuleResult;
import dev.rigger.playbook.Task;
import dev.rigger.vars.LazyVars;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one task on one host: its condition, its loop (one {@link ModuleRun} per item), register, ignore_errors,
 * no_log, and the events and counters of the result.
 */
final class TaskExecutor {
    private final RunContext ctx;
    private final PlayRun play;
    private final HostState hs;
    private final ModuleRun modules;
    private final Conditions conditions;
    /** Where the facts of the task now executing went (its module results' scope): set by {@link ModuleRun}. */
    private ModuleResult.FactScope resultScope = ModuleResult.FactScope.FACTS;
    /** The facts the modules of the task now executing set, in order: run_once hands them to the other hosts. */
    private final List<Map.Entry<ModuleResult.FactScope, Map<String, Object>>> factsSet = new ArrayList<>();

    TaskExecutor(RunContext ctx, PlayRun play, HostState hs, HostLink link) {
        this.ctx = ctx;
        this.play = play;
        this.hs = hs;
        this.modules = new ModuleRun(ctx, play, hs, link, this);
        this.conditions = new Conditions(ctx.templar());
    }

    LazyVars vars(Task t, Map<String, Object> scope) {
        Map<String, Object> tv = t == null ? null : t.attrs().vars();
        Map<String, Object> m = play.merged(hs, tv, t == null ? null : t.attrs().role(),
                t == null ? null : t.attrs().roleParams(), scope);
        PlayRun.connectionMagic(m, play.play.connectionVars());
        return play.lazy(m);
    }

    Object templated(Object value, Map<String, Object> scope) {
        return ctx.templar().render(value, vars(null, scope));
    }

    String label(Task t, Map<String, Object> scope) {
        String l = t.label();
        if (t.name() != null && t.name().contains("{{")) {
            try {
                String n = String.valueOf(ctx.templar().render(t.name(), vars(t, scope)));
                return t.attrs().role() != null ? t.attrs().role().name() + " : " + n : n;
            } catch (RuntimeException e) {
                return l;
            }
        }
        return l;
    }

    /** The task's event header: its label, and whether no_log hides its results (when unsure: hidden). */
    TaskInfo info(Task t, Map<String, Object> scope, boolean handler) {
        boolean noLog;
        try {
            Object n = t.attrs().noLog();
            noLog = n != null && AnsibleBool.strict(ctx.templar().render(n, vars(t, scope)), "no_log");
        } catch (RuntimeException e) {
            noLog = true; // a no_log that cannot be read must not show what it may hide
        }
        return play.info(t, label(t, scope), handler, noLog);
    }

    boolean when(Task t, Map<String, Object> scope) {
        return conditions.all(t.attrs().when(), vars(t, scope), t);
    }

    Map<String, Object> renderArgs(Task t, Map<String, Object> scope) {
        return renderArgs(t, vars(t, scope), null);
    }

    /** The task's arguments rendered ({@code module}'s raw arguments left as written), omitted ones removed. */
    Map<String, Object> renderArgs(Task t, Map<String, Object> vars, Module module) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : t.args().entrySet()) {
            Object v = e.getValue();
            if (module == null || !module.spec().rawArgs().contains(e.getKey())) {
                try {
                    v = ctx.templar().render(v, vars);
                } catch (RiggerException ex) {
                    throw new RiggerException("in argument '" + e.getKey() + "': " + ex.getMessage(), t.pos());
                }
            }
            if (PlayRun.OMIT.equals(v)) {
                continue;
            }
            out.put(e.getKey(), stripOmit(v));
        }
        return out;
    }

    private static Object stripOmit(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> o = new LinkedHashMap<>();
            m.forEach((k, x) -> {
                if (!PlayRun.OMIT.equals(x)) {
                    o.put(String.valueOf(k), stripOmit(x));
                }
            });
            return o;
        }
        return v;
    }

    /** For include_tasks / include_role: the scopes to include with (one per loop item), or null when skipped. */
    List<Map<String, Object>> includeScopes(Task t, Map<String, Object> scope) {
        if (!t.attrs().when().isEmpty() && !when(t, scope)) {
            return null;
        }
        Map<String, Object> params = new LinkedHashMap<>(scope);
        if (t.loop() == null) {
            return List.of(params);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        List<Object> items = Loops.items(t, vars(t, scope), ctx.templar());
        for (int i = 0; i < items.size(); i++) {
            out.add(Loops.itemScope(t, params, items, i));
        }
        return out;
    }

    /** Reports an include_tasks / include_role that does not run on this host: when false, or no loop items. */
    void includeSkipped(TaskInfo info, boolean byWhen) {
        report(info, byWhen ? TaskResults.skippedByWhen(hs.name) : TaskResults.emptyLoop(hs.name));
    }

    // ------------------------------------------------------------------ executing

    /** Runs the task, reports and counts its outcome, and registers it. */
    TaskOutcome execute(Task t, TaskInfo info, Map<String, Object> scope) {
        TaskOutcome o;
        resultScope = ModuleResult.FactScope.FACTS;
        factsSet.clear();
        try {
            o = t.loop() == null ? single(t, info, scope) : loop(t, info, scope);
        } catch (HostLink.Lost u) {
            o = TaskResults.unreachable(hs.name, u.getMessage());
            if (!u.delegation.isEmpty()) {
                Map<String, Object> r = new LinkedHashMap<>(o.result());
                r.putAll(u.delegation);
                o = TaskResults.withResult(o, r);
            }
            report(info, o);
            return o;
        } catch (RiggerException e) {
            o = ignoreIfAsked(t, scope, TaskResults.failed(hs.name, e.describe().contains(t.pos().toString())
                    ? e.describe() : e.getMessage() + " (task at " + t.pos() + ")"));
        } catch (Interrupted stop) {
            throw stop;
        } catch (RuntimeException | StackOverflowError e) {
            o = TaskResults.failed(hs.name, TaskResults.internalError(e) + " (task at " + t.pos() + ")");
        }
        o = TaskResults.printable(o, t);
        if (t.register() != null) {
            Map<String, Object> reg = new LinkedHashMap<>(Delegation.unmarked(o.result()));
            hs.setFacts.put(t.register(), TaskResults.unsafeUnlessVariables(resultScope, reg));
        }
        report(info, info.noLog() ? TaskResults.censor(o) : o);
        return o;
    }

    /** ModuleRun says where a module result's facts went; what the task registers is judged by it. */
    void resultScope(ModuleResult.FactScope scope) {
        resultScope = scope;
    }

    /** ModuleRun tells each set of facts a module result set on this host. */
    void factsSet(ModuleResult.FactScope scope, Map<String, Object> facts) {
        factsSet.add(Map.entry(scope, facts));
    }

    /** The facts the last task executed set on this host, in order. */
    List<Map.Entry<ModuleResult.FactScope, Map<String, Object>>> factsSet() {
        return List.copyOf(factsSet);
    }

    private void report(TaskInfo info, TaskOutcome o) {
        ctx.stats().count(o);
        ctx.bus().result(info, o);
    }

    TaskOutcome ignoreIfAsked(Task t, Map<String, Object> scope, TaskOutcome.Failed f) {
        Object ie = t.attrs().ignoreErrors();
        boolean ignore;
        try {
            ignore = ie != null && AnsibleBool.strict(ctx.templar().render(ie, vars(t, scope)), "ignore_errors");
        } catch (RuntimeException e) {
            ignore = false;
        }
        return ignore ? new TaskOutcome.Failed(hs.name, f.result(), true) : f;
    }

    private TaskOutcome single(Task t, TaskInfo info, Map<String, Object> scope) {
        LazyVars v = vars(t, scope);
        if (!conditions.all(t.attrs().when(), v, t)) {
            return TaskResults.skippedByWhen(hs.name);
        }
        return modules.once(t, info, v, scope);
    }

    private TaskOutcome loop(Task t, TaskInfo info, Map<String, Object> scope) {
        List<Object> items;
        try {
            items = Loops.items(t, vars(t, scope), ctx.templar());
        } catch (RuntimeException loopError) {
            // Ansible keeps a loop that cannot be evaluated aside and judges when first (without an item): false
            // skips the task; true, or a condition that fails to evaluate, raises the loop's error
            boolean skip;
            try {
                skip = !t.attrs().when().isEmpty() && !conditions.all(t.attrs().when(), vars(t, scope), t);
            } catch (RuntimeException whenError) {
                throw loopError;
            }
            if (skip) {
                return TaskResults.skippedByWhen(hs.name);
            }
            throw loopError;
        }
        if (items.isEmpty()) {
            return TaskResults.emptyLoop(hs.name);
        }
        List<Map<String, Object>> results = new ArrayList<>();
        boolean anyChanged = false;
        boolean anyFailed = false;
        boolean allSkipped = true;
        boolean uncertain = false;
        List<Diff> diffs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Map<String, Object> itemScope = Loops.itemScope(t, scope, items, i);
            LazyVars v = vars(t, itemScope);
            TaskOutcome o = conditions.all(t.attrs().when(), v, t) ? modules.once(t, info, v, itemScope)
                    : TaskResults.skippedByWhen(hs.name);
            if (o instanceof TaskOutcome.Unreachable) {
                return o;
            }
            Map<String, Object> r = new LinkedHashMap<>(o.result());
            String loopVar = Loops.loopVar(t);
            r.put(loopVar, items.get(i));
            r.put("ansible_loop_var", loopVar);
            if (t.loopControl().get("index_var") != null) {
                r.put(String.valueOf(t.loopControl().get("index_var")), i);
                r.put("ansible_index_var", String.valueOf(t.loopControl().get("index_var")));
            }
            results.add(Delegation.unmarked(r));
            anyChanged |= o instanceof TaskOutcome.Changed;
            anyFailed |= o instanceof TaskOutcome.Failed;
            allSkipped &= o instanceof TaskOutcome.Skipped;
            uncertain |= o instanceof TaskOutcome.Skipped s && s.uncertain()
                    || o instanceof TaskOutcome.Ok ok && ok.uncertain();
            if (o instanceof TaskOutcome.Changed c) {
                diffs.addAll(c.diffs());
            }
            // like Ansible, a no_log loop shows (item=None): the item may be the secret itself
            String label = info.noLog() ? "None" : Loops.label(t, v, items.get(i), ctx.templar());
            TaskOutcome shown = TaskResults.withResult(o, r);
            ctx.bus().itemResult(info, info.noLog() ? TaskResults.censor(shown) : shown, label);
        }
        Map<String, Object> agg = new LinkedHashMap<>();
        agg.put("changed", anyChanged);
        agg.put("msg", anyFailed ? "One or more items failed" : allSkipped ? "All items skipped" : "All items completed");
        agg.put("results", results);
        agg.put("skipped", allSkipped); // as Ansible's loop result: true or false, always there
        if (anyFailed) {
            agg.put("failed", true);
            return ignoreIfAsked(t, scope, new TaskOutcome.Failed(hs.name, agg, false));
        }
        if (allSkipped) {
            return new TaskOutcome.Skipped(hs.name, agg, uncertain);
        }
        return anyChanged ? new TaskOutcome.Changed(hs.name, agg, diffs) : new TaskOutcome.Ok(hs.name, agg, uncertain);
    }
}
