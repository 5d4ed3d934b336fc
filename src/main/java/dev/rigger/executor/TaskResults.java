package dev.rigger.executor;

import dev.rigger.Unsafe;
import dev.rigger.api.Diff;
import dev.rigger.api.TaskOutcome;
import dev.rigger.module.ModuleResult;
import dev.rigger.playbook.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How task outcomes are built, and the rules every result goes through: unsafe marking, a bounded printed size,
 * internal errors named as such, no_log censoring.
 */
final class TaskResults {
    static final String CENSORED = "the output has been hidden due to the fact that 'no_log: true' was specified "
            + "for this result";

    private TaskResults() {
    }

    static TaskOutcome.Failed failed(String host, String msg) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("msg", msg);
        return new TaskOutcome.Failed(host, r, false);
    }

    static TaskOutcome.Unreachable unreachable(String host, String msg) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("changed", false);
        r.put("msg", msg);
        r.put("unreachable", true);
        return new TaskOutcome.Unreachable(host, r);
    }

    static TaskOutcome.Skipped skippedByWhen(String host) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("changed", false);
        r.put("skip_reason", "Conditional result was False");
        r.put("skipped", true);
        return new TaskOutcome.Skipped(host, r, false);
    }

    /** A loop over no items: skipped, whatever {@code when} says, and counted as skipped (as Ansible). */
    static TaskOutcome.Skipped emptyLoop(String host) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("changed", false);
        r.put("results", new ArrayList<>());
        r.put("skipped", true);
        r.put("skipped_reason", "No items in the list");
        return new TaskOutcome.Skipped(host, r, false);
    }

    /** The message for an exception rigger did not expect: a bug, named as one (never a stack trace). */
    static String internalError(Throwable e) {
        String what = e.getMessage() == null ? "" : ": " + e.getMessage();
        return "rigger internal error (" + e.getClass().getSimpleName() + what + "); this host stops here";
    }

    /** The outcome, or a failure naming the limit when its result would print too large. */
    static TaskOutcome printable(TaskOutcome o, Task t) {
        if (ResultSize.printed(o.result()) > ResultSize.MAX_PRINTED) {
            return failed(o.host(), ResultSize.tooLarge() + " (task at " + t.pos() + ")");
        }
        return o;
    }

    /**
     * What a task returns is data, never a template (Ansible marks it unsafe), except the variables that set_fact and
     * include_vars define ({@link ModuleResult.FactScope#variables()}): those keep the marks their rendering gave them.
     */
    static <T> T unsafeUnlessVariables(ModuleResult.FactScope scope, T value) {
        return scope.variables() ? value : Unsafe.mark(value);
    }

    /** What no_log shows of an outcome: that it was hidden, whether it changed or failed, nothing else. */
    static TaskOutcome censor(TaskOutcome o) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("censored", CENSORED);
        r.put("changed", o.result().getOrDefault("changed", false));
        if (o.result().containsKey("failed")) {
            r.put("failed", o.result().get("failed"));
        }
        if (o.result().containsKey(Delegation.RESULT_KEY)) { // the console still names the delegated host
            r.put(Delegation.RESULT_KEY, o.result().get(Delegation.RESULT_KEY));
        }
        return withResult(o, r, List.of());
    }

    static TaskOutcome withResult(TaskOutcome o, Map<String, Object> r) {
        return withResult(o, r, o instanceof TaskOutcome.Changed c ? c.diffs() : List.of());
    }

    static TaskOutcome withResult(TaskOutcome o, Map<String, Object> r, List<Diff> diffs) {
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
}
