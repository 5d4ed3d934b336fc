package dev.rigger.executor;

import dev.rigger.RiggerException;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import dev.rigger.connection.UnreachableException;
import dev.rigger.api.Diff;
import dev.rigger.module.Module;
import dev.rigger.module.ModuleResult;
import dev.rigger.module.ModuleSpec;
import dev.rigger.module.support.PathArgs;
import dev.rigger.module.support.RemovedArgs;
import dev.rigger.playbook.Task;
import dev.rigger.vars.LazyVars;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One module execution (one loop item) on one host: its settings resolved once, the module run, its result judged
 * by {@link ResultRules} (changed_when / failed_when / until), retried while until asks.
 */
final class ModuleRun {
    private final RunContext ctx;
    private final PlayRun play;
    private final HostState hs;
    private final HostLink link;
    private final TaskExecutor tasks;
    private final Delegation delegation;

    ModuleRun(RunContext ctx, PlayRun play, HostState hs, HostLink link, TaskExecutor tasks) {
        this.ctx = ctx;
        this.play = play;
        this.hs = hs;
        this.link = link;
        this.tasks = tasks;
        this.delegation = new Delegation(ctx, play, hs);
    }

    TaskOutcome once(Task t, TaskInfo info, LazyVars vars, Map<String, Object> scope) {
        Module module = ctx.registry().find(t.action());
        if (module == null) {
            throw new RiggerException("couldn't resolve module/action '" + t.action() + "'", t.pos());
        }
        Delegation.Target target = t.attrs().runOn().isEmpty() ? new Delegation.Target(null, null, vars, false)
                : delegation.resolve(t, vars, link.ownSettings());
        vars = delegation.withDelegatedVars(vars, target);
        TaskSettings settings = TaskSettings.resolve(t, vars, target.delegate() == null ? vars : target.vars(),
                ctx.options(), ctx.templar());
        ResultRules rules = new ResultRules(new Conditions(ctx.templar()), play::lazy);
        int retries = t.until().isEmpty() ? 0 : intOf(t.retries(), vars, 3);
        int delay = t.until().isEmpty() ? 0 : intOf(t.delay(), vars, 5);
        for (int attempt = 1; ; attempt++) {
            ModuleResult mr;
            try {
                mr = run(module, t, vars, settings, target);
            } catch (HostLink.Lost lost) {
                throw target.delegate() == null ? lost
                        : new HostLink.Lost(lost.getMessage(), Delegation.marked(Map.of(), target));
            }
            tasks.resultScope(mr.factScope());
            TaskResults.unsafeUnlessVariables(mr.factScope(), mr.data());
            TaskResults.unsafeUnlessVariables(mr.factScope(), mr.facts());
            applyFacts(mr, delegation.factsHost(target));
            ResultRules.Verdict v = rules.judge(t, vars, mr, attempt, retries);
            Map<String, Object> res = Delegation.marked(v.result(), target);
            if (v.retry()) {
                ctx.bus().retrying(info, hs.name, retries - attempt + 1);
                sleep(delay);
                continue;
            }
            if (v.failed()) {
                return tasks.ignoreIfAsked(t, scope, new TaskOutcome.Failed(hs.name, res, false));
            }
            if (v.skipped()) {
                return new TaskOutcome.Skipped(hs.name, res, mr.uncertain());
            }
            if (v.changed()) {
                return new TaskOutcome.Changed(hs.name, res, settings.diff() ? shown(mr.diffs()) : List.of());
            }
            return new TaskOutcome.Ok(hs.name, res, mr.uncertain());
        }
    }

    /** The diffs as reports may show them: one that holds a vaulted value is hidden (Ansible would print it). */
    private List<dev.rigger.api.Diff> shown(List<dev.rigger.api.Diff> diffs) {
        dev.rigger.vault.Vault vault = ctx.options().vault();
        return diffs.stream().map(d -> vault.reveals(d.text())
                ? dev.rigger.api.Diff.prepared("(diff hidden: it shows a vaulted value)\n") : d).toList();
    }

    private ModuleResult run(Module module, Task t, LazyVars vars, TaskSettings settings, Delegation.Target target) {
        if (!t.unimplemented().isEmpty()) {
            return ModuleResult.failed("rigger does not implement the keyword" + (t.unimplemented().size() > 1 ? "s "
                    : " ") + String.join(", ", t.unimplemented()) + " yet, so this task cannot run as Ansible runs it "
                    + "(task at " + t.pos() + ")");
        }
        Map<String, Object> args = tasks.renderArgs(t, vars, module);
        String removed = RemovedArgs.failure(t.shortAction(), args.keySet());
        if (removed != null) {
            return ModuleResult.failed(removed);
        }
        // the loader judged the literal values; the rendered ones are judged here, before the module sees them
        List<String> problems = module.spec().problems(t.shortAction(), args);
        if (!problems.isEmpty()) {
            return ModuleResult.failed(String.join("; ", problems));
        }
        AsyncRun limits = new AsyncRun(t, link, ctx.templar(), vars);
        ModuleResult refused = limits.refusal(module, settings.check());
        if (refused != null) {
            return refused;
        }
        if (settings.check() && module.spec().checkMode() == ModuleSpec.CheckMode.NONE) {
            return ModuleResult.skipped("remote module (" + t.shortAction() + ") does not support check mode");
        }
        TaskModuleContext mc = new TaskModuleContext(t, vars, link, target, settings, ctx.templar(),
                play.playbook.file().getParent(), ctx.options().vault());
        try {
            return limits.run(module, PathArgs.expand(module.spec(), args, mc), mc); // async, poll, timeout
        } catch (UnreachableException e) {
            hs.closeConnection();
            throw new HostLink.Lost(e.getMessage());
        } catch (InterruptedIOException e) {
            throw new Interrupted();
        } catch (IOException e) {
            return ModuleResult.failed(e.getMessage());
        }
    }

    /** The module's facts to {@code to}: this host, or with delegate_facts the delegated one (its maps lock). */
    private void applyFacts(ModuleResult mr, HostState to) {
        if (mr.facts().isEmpty()) {
            return;
        }
        if (to == hs) {
            tasks.factsSet(mr.factScope(), mr.facts()); // run_once hands the host's own facts to the batch
        }
        switch (mr.factScope()) {
            case SET_FACT -> to.setFacts.putAll(mr.facts());
            case INCLUDE_VARS -> to.includeVars.putAll(mr.facts());
            case FACTS -> to.addFacts(mr.facts());
            default -> throw new IllegalStateException(mr.factScope().name());
        }
    }

    private static void sleep(int seconds) {
        try {
            Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted();
        }
    }

    private int intOf(Object raw, Map<String, Object> vars, int dflt) {
        if (raw == null) {
            return dflt;
        }
        Object v = ctx.templar().render(raw, vars);
        try {
            return (int) Double.parseDouble(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new RiggerException("expected a number, got '" + v + "'");
        }
    }
}
