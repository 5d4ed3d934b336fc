package dev.rigger.executor;

import dev.rigger.RiggerException;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import dev.rigger.connection.Become;
import dev.rigger.connection.UnreachableException;
import dev.rigger.module.Diff;
import dev.rigger.module.Module;
import dev.rigger.module.ModuleResult;
import dev.rigger.playbook.Task;
import dev.rigger.report.DiffRenderer;
import dev.rigger.vars.LazyVars;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one task on one host: conditions, loops, the module, retries, changed_when / failed_when, register,
 * no_log, and the events and counters of the result.
 */
final class TaskExecutor {
    static final String CENSORED = "the output has been hidden due to the fact that 'no_log: true' was specified "
            + "for this result";

    private final PlayRun play;
    private final Runner runner;
    private final HostState hs;
    private final HostRunner host;

    TaskExecutor(PlayRun play, HostState hs, HostRunner host) {
        this.play = play;
        this.runner = play.runner;
        this.hs = hs;
        this.host = host;
    }

    LazyVars vars(Task t, Map<String, Object> scope) {
        Map<String, Object> tv = t == null ? null : t.attrs().vars();
        return play.lazy(play.merged(hs, tv, t == null ? null : t.attrs().role(),
                t == null ? null : t.attrs().roleParams(), scope));
    }

    Object templated(Object value, Map<String, Object> scope) {
        return runner.templar.render(value, vars(null, scope));
    }

    String label(Task t, Map<String, Object> scope) {
        String l = t.label();
        if (t.name() != null && t.name().contains("{{")) {
            try {
                String n = String.valueOf(runner.templar.render(t.name(), vars(t, scope)));
                return t.attrs().role() != null ? t.attrs().role().name() + " : " + n : n;
            } catch (RuntimeException e) {
                return l;
            }
        }
        return l;
    }

    boolean when(Task t, Map<String, Object> scope) {
        return conditions(t.attrs().when(), vars(t, scope), t);
    }

    private boolean conditions(List<String> conds, Map<String, Object> vars, Task t) {
        for (String c : conds) {
            if (!evaluate(c, vars, t)) {
                return false;
            }
        }
        return true;
    }

    private boolean evaluate(String c, Map<String, Object> vars, Task t) {
        try {
            return runner.templar.evaluate(c, vars);
        } catch (RiggerException e) {
            throw new RiggerException("the conditional check '" + c + "' failed: " + e.getMessage(), t.pos());
        }
    }

    Map<String, Object> renderArgs(Task t, Map<String, Object> scope) {
        return renderArgs(t, vars(t, scope), null);
    }

    private Map<String, Object> renderArgs(Task t, Map<String, Object> vars, Module module) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : t.args().entrySet()) {
            Object v = e.getValue();
            if (module == null || !module.spec().rawArgs().contains(e.getKey())) {
                try {
                    v = runner.templar.render(v, vars);
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
        List<Object> items = Loops.items(t, vars(t, scope), runner.templar);
        for (int i = 0; i < items.size(); i++) {
            out.add(Loops.itemScope(t, params, items, i));
        }
        return out;
    }

    // ------------------------------------------------------------------ executing

    TaskOutcome execute(Task t, TaskInfo info, Map<String, Object> scope) {
        TaskOutcome o;
        try {
            o = t.loop() == null ? single(t, info, scope) : loop(t, info, scope);
        } catch (HostRunner.Unreachable u) {
            o = host.unreachable(u.getMessage());
            runner.bus.taskResult(info, o);
            runner.record(info, o);
            return o;
        } catch (RiggerException e) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("msg", e.describe().contains(t.pos().toString()) ? e.describe()
                    : e.getMessage() + " (task at " + t.pos() + ")");
            o = new TaskOutcome.Failed(hs.name, r, false);
            o = ignoreIfAsked(t, scope, (TaskOutcome.Failed) o);
        } catch (HostRunner.Stop | HostRunner.HostFailed | HostRunner.HostUnreachable control) {
            throw control;
        } catch (RuntimeException | StackOverflowError e) {
            o = TaskResults.failed(hs.name, TaskResults.internalError(e) + " (task at " + t.pos() + ")");
        }
        o = TaskResults.printable(o, t);
        if (t.register() != null) {
            Map<String, Object> reg = new LinkedHashMap<>(o.result());
            hs.setFacts.put(t.register(), TaskResults.unsafeUnlessVariables(t, reg));
        }
        count(o);
        TaskOutcome shown = info.noLog() ? censor(o) : o;
        runner.bus.taskResult(info, shown);
        runner.record(info, shown);
        return o;
    }

    private TaskOutcome ignoreIfAsked(Task t, Map<String, Object> scope, TaskOutcome.Failed f) {
        Object ie = t.attrs().ignoreErrors();
        boolean ignore;
        try {
            ignore = ie != null && PlayRun.truthy(runner.templar.render(ie, vars(t, scope)));
        } catch (RuntimeException e) {
            ignore = false;
        }
        return ignore ? new TaskOutcome.Failed(hs.name, f.result(), true) : f;
    }

    private void count(TaskOutcome o) {
        String h = hs.name;
        if (o instanceof TaskOutcome.Changed) {
            runner.stats.add(h, Stats.Kind.OK);
            runner.stats.add(h, Stats.Kind.CHANGED);
        } else if (o instanceof TaskOutcome.Skipped) {
            runner.stats.add(h, Stats.Kind.SKIPPED);
        } else if (o instanceof TaskOutcome.Failed f) {
            if (f.ignored()) {
                runner.stats.add(h, Stats.Kind.OK);
                runner.stats.add(h, Stats.Kind.IGNORED);
                if (PlayRun.truthy(f.result().get("changed"))) {
                    runner.stats.add(h, Stats.Kind.CHANGED); // as Ansible 2.14: an ignored failure that changed counts
                }
            } else {
                runner.stats.add(h, Stats.Kind.FAILED);
            }
        } else if (o instanceof TaskOutcome.Unreachable) {
            runner.stats.add(h, Stats.Kind.UNREACHABLE);
        } else {
            runner.stats.add(h, Stats.Kind.OK);
        }
    }

    static TaskOutcome censor(TaskOutcome o) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("censored", CENSORED);
        r.put("changed", o.result().getOrDefault("changed", false));
        if (o.result().containsKey("failed")) {
            r.put("failed", o.result().get("failed"));
        }
        return withResult(o, r, List.of());
    }

    private TaskOutcome single(Task t, TaskInfo info, Map<String, Object> scope) {
        LazyVars v = vars(t, scope);
        if (!conditions(t.attrs().when(), v, t)) {
            return skippedByWhen(t);
        }
        return once(t, v, scope);
    }

    private TaskOutcome skippedByWhen(Task t) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("changed", false);
        r.put("skip_reason", "Conditional result was False");
        r.put("skipped", true);
        return new TaskOutcome.Skipped(hs.name, r, false);
    }

    /** A loop over no items: skipped, whatever {@code when} says, and counted as skipped (as Ansible). */
    private TaskOutcome emptyLoop() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("changed", false);
        r.put("results", new ArrayList<>());
        r.put("skipped", true);
        r.put("skipped_reason", "No items in the list");
        return new TaskOutcome.Skipped(hs.name, r, false);
    }

    /** Reports an include_tasks / include_role that does not run on this host: when false, or no loop items. */
    void includeSkipped(TaskInfo info, boolean byWhen, Task t) {
        TaskOutcome o = byWhen ? skippedByWhen(t) : emptyLoop();
        count(o);
        runner.bus.taskResult(info, o);
        runner.record(info, o);
    }

    private TaskOutcome loop(Task t, TaskInfo info, Map<String, Object> scope) {
        List<Object> items = Loops.items(t, vars(t, scope), runner.templar);
        if (items.isEmpty()) {
            return emptyLoop();
        }
        List<Map<String, Object>> results = new ArrayList<>();
        boolean anyChanged = false;
        boolean anyFailed = false;
        boolean allSkipped = true;
        boolean uncertain = false;
        List<TaskOutcome.DiffText> diffs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Map<String, Object> itemScope = Loops.itemScope(t, scope, items, i);
            LazyVars v = vars(t, itemScope);
            TaskOutcome o;
            if (!conditions(t.attrs().when(), v, t)) {
                o = skippedByWhen(t);
            } else {
                o = once(t, v, itemScope);
            }
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
            results.add(r);
            anyChanged |= o instanceof TaskOutcome.Changed;
            anyFailed |= o instanceof TaskOutcome.Failed f && !f.ignored() || o instanceof TaskOutcome.Failed;
            allSkipped &= o instanceof TaskOutcome.Skipped;
            uncertain |= o instanceof TaskOutcome.Skipped s && s.uncertain()
                    || o instanceof TaskOutcome.Ok ok && ok.uncertain();
            if (o instanceof TaskOutcome.Changed c) {
                diffs.addAll(c.diffs());
            }
            // like Ansible, a no_log loop shows (item=None): the item may be the secret itself
            String label = info.noLog() ? "None" : Loops.label(t, v, items.get(i), runner.templar);
            TaskOutcome shown = info.noLog() ? censor(withResult(o, r)) : withResult(o, r);
            runner.bus.itemResult(info, shown, label);
        }
        Map<String, Object> agg = new LinkedHashMap<>();
        agg.put("changed", anyChanged);
        agg.put("msg", anyFailed ? "One or more items failed" : allSkipped ? "All items skipped" : "All items completed");
        agg.put("results", results);
        if (allSkipped) {
            agg.put("skipped", true);
        }
        if (anyFailed) {
            agg.put("failed", true);
            return ignoreIfAsked(t, scope, new TaskOutcome.Failed(hs.name, agg, false));
        }
        if (allSkipped) {
            return new TaskOutcome.Skipped(hs.name, agg, uncertain);
        }
        return anyChanged ? new TaskOutcome.Changed(hs.name, agg, diffs) : new TaskOutcome.Ok(hs.name, agg, uncertain);
    }

    private static TaskOutcome withResult(TaskOutcome o, Map<String, Object> r) {
        return withResult(o, r, o instanceof TaskOutcome.Changed c ? c.diffs() : List.of());
    }

    static TaskOutcome withResult(TaskOutcome o, Map<String, Object> r, List<TaskOutcome.DiffText> diffs) {
        if (o instanceof TaskOutcome.Ok ok) {
            return new TaskOutcome.Ok(ok.host(), r, ok.uncertain());
        }
        if (o instanceof TaskOutcome.Changed c) {
            return new TaskOutcome.Changed(c.host(), r, diffs);
        }
        if (o instanceof TaskOutcome.Skipped s) {
            return new TaskOutcome.Skipped(s.host(), r, s.uncertain());
        }
        if (o instanceof TaskOutcome.Failed f) {
            return new TaskOutcome.Failed(f.host(), r, f.ignored());
        }
        return new TaskOutcome.Unreachable(o.host(), r);
    }

    /** One module execution (one loop item), with until/retries, changed_when and failed_when. */
    private TaskOutcome once(Task t, LazyVars vars, Map<String, Object> scope) {
        Module module = runner.registry.find(t.action());
        if (module == null) {
            throw new RiggerException("couldn't resolve module/action '" + t.action() + "'", t.pos());
        }
        boolean check = checkMode(t, vars);
        boolean diff = t.attrs().diff() != null ? PlayRun.truthy(runner.templar.render(t.attrs().diff(), vars))
                : runner.options.diff();
        int retries = t.until().isEmpty() ? 0 : intOf(t.retries(), vars, 3);
        int delay = t.until().isEmpty() ? 0 : intOf(t.delay(), vars, 5);
        int attempt = 0;
        while (true) {
            attempt++;
            Map<String, Object> args = renderArgs(t, vars, module);
            Map<String, Object> result;
            ModuleResult mr;
            if (check && "none".equals(module.spec().checkMode())) {
                mr = ModuleResult.skipped("remote module (" + t.shortAction() + ") does not support check mode");
            } else {
                TaskModuleContext ctx = new TaskModuleContext(this, t, vars, host, check, diff, become(t, vars),
                        environment(t, vars), runner.templar);
                try {
                    mr = module.run(args, ctx);
                } catch (UnreachableException e) {
                    hs.connection = closeQuietly();
                    throw new HostRunner.Unreachable(e.getMessage());
                } catch (java.io.InterruptedIOException e) {
                    throw new HostRunner.Stop();
                } catch (IOException e) {
                    mr = ModuleResult.failed(e.getMessage());
                }
            }
            TaskResults.unsafeUnlessVariables(t, mr.data());
            TaskResults.unsafeUnlessVariables(t, mr.facts());
            applyFacts(t, mr);
            result = new LinkedHashMap<>(mr.data());
            boolean failed = mr.failed();
            // a failed result may say it changed the host (command/shell/raw ran: Ansible reports changed=true)
            boolean changed = mr.changed() || failed && Boolean.TRUE.equals(mr.data().get("changed"));
            boolean skipped = mr.status() == ModuleResult.Status.SKIPPED;
            result.put("changed", changed);
            if (failed) {
                result.put("failed", true);
            }
            if (skipped) {
                result.put("skipped", true);
            }
            if (!skipped && (!t.changedWhen().isEmpty() || !t.failedWhen().isEmpty())) {
                Map<String, Object> withReg = new LinkedHashMap<>(vars.raw());
                if (t.register() != null) {
                    withReg.put(t.register(), result);
                }
                withReg.putAll(result);
                LazyVars rv = play.lazy(withReg);
                if (!t.changedWhen().isEmpty()) {
                    changed = conditions(t.changedWhen(), rv, t);
                    result.put("changed", changed);
                }
                if (!t.failedWhen().isEmpty()) {
                    failed = conditions(t.failedWhen(), rv, t);
                    result.put("failed_when_result", failed);
                    if (failed) {
                        result.put("failed", true);
                    } else {
                        result.remove("failed");
                    }
                }
            }
            if (!t.until().isEmpty() && !skipped) {
                Map<String, Object> withReg = new LinkedHashMap<>(vars.raw());
                if (t.register() != null) {
                    withReg.put(t.register(), result);
                }
                withReg.putAll(result);
                boolean done = conditions(t.until(), play.lazy(withReg), t);
                result.put("attempts", attempt);
                if (!done) {
                    if (attempt <= retries) {
                        runner.bus.retrying(play.info(t, t.label(), false), hs.name, retries - attempt + 1);
                        sleep(delay);
                        continue;
                    }
                    failed = true;
                    result.put("failed", true);
                    result.putIfAbsent("msg", "Retried " + retries + " times; the condition was never met");
                }
            }
            if (failed) {
                return ignoreIfAsked(t, scope, new TaskOutcome.Failed(hs.name, result, false));
            }
            if (skipped) {
                return new TaskOutcome.Skipped(hs.name, result, mr.uncertain());
            }
            if (changed) {
                List<TaskOutcome.DiffText> diffs = new ArrayList<>();
                if (diff) {
                    for (Diff d : mr.diffs()) {
                        diffs.add(new TaskOutcome.DiffText(DiffRenderer.render(d)));
                    }
                }
                return new TaskOutcome.Changed(hs.name, result, diffs);
            }
            return new TaskOutcome.Ok(hs.name, result, mr.uncertain());
        }
    }

    private dev.rigger.connection.Connection closeQuietly() {
        if (hs.connection != null) {
            try {
                hs.connection.close();
            } catch (RuntimeException ignored) {
                // already lost
            }
        }
        return null;
    }

    private void applyFacts(Task t, ModuleResult mr) {
        if (mr.facts().isEmpty()) {
            return;
        }
        switch (t.shortAction()) {
            case "set_fact" -> hs.setFacts.putAll(mr.facts());
            case "include_vars" -> hs.includeVars.putAll(mr.facts());
            default -> hs.facts.putAll(mr.facts());
        }
    }

    private void sleep(int seconds) {
        try {
            Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostRunner.Stop();
        }
    }

    private int intOf(Object raw, Map<String, Object> vars, int dflt) {
        if (raw == null) {
            return dflt;
        }
        Object v = runner.templar.render(raw, vars);
        try {
            return (int) Double.parseDouble(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new RiggerException("expected a number, got '" + v + "'");
        }
    }

    private boolean checkMode(Task t, Map<String, Object> vars) {
        Object cm = t.attrs().checkMode();
        if (cm != null) {
            return PlayRun.truthy(runner.templar.render(cm, vars));
        }
        return runner.options.check();
    }

    Become become(Task t, Map<String, Object> vars) {
        Object b = t.attrs().become();
        boolean on;
        if (b != null) {
            on = PlayRun.truthy(runner.templar.render(b, vars));
        } else if (vars.containsKey("ansible_become")) {
            on = PlayRun.truthy(vars.get("ansible_become"));
        } else {
            on = Boolean.TRUE.equals(runner.options.become());
        }
        if (!on) {
            return null;
        }
        Object user = t.attrs().becomeUser() != null ? runner.templar.render(t.attrs().becomeUser(), vars)
                : vars.containsKey("ansible_become_user") ? vars.get("ansible_become_user")
                : runner.options.becomeUser();
        Object method = t.attrs().becomeMethod() != null ? runner.templar.render(t.attrs().becomeMethod(), vars)
                : vars.containsKey("ansible_become_method") ? vars.get("ansible_become_method")
                : runner.options.becomeMethod();
        String pw = runner.options.becomePassword();
        if (pw == null) {
            Object p = vars.containsKey("ansible_become_password") ? vars.get("ansible_become_password")
                    : vars.get("ansible_become_pass");
            pw = p == null ? null : String.valueOf(p);
        }
        Object flags = t.attrs().becomeFlags() != null ? runner.templar.render(t.attrs().becomeFlags(), vars) : null;
        return new Become(user == null ? null : String.valueOf(user), method == null ? null : String.valueOf(method),
                pw, flags == null ? null : String.valueOf(flags));
    }

    private Map<String, String> environment(Task t, Map<String, Object> vars) {
        Map<String, Object> env = t.attrs().environment();
        if (env.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (env.containsKey("__template__")) {
            Object e = runner.templar.render(env.get("__template__"), vars);
            if (e instanceof Map<?, ?> m) {
                m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
            }
        }
        for (Map.Entry<String, Object> e : env.entrySet()) {
            if (!e.getKey().equals("__template__")) {
                Object v = runner.templar.render(e.getValue(), vars);
                if (!PlayRun.OMIT.equals(v)) {
                    out.put(e.getKey(), String.valueOf(v));
                }
            }
        }
        return out;
    }

    Runner runner() {
        return runner;
    }

    PlayRun play() {
        return play;
    }
}
