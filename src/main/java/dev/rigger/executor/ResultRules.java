package dev.rigger.executor;

import dev.rigger.module.ModuleResult;
import dev.rigger.playbook.Task;
import dev.rigger.vars.LazyVars;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What a module's result means for its task: Ansible's {@code changed} / {@code failed} / {@code skipped} keys,
 * then {@code changed_when} and {@code failed_when} (not on a skipped result), then {@code until} (on every result,
 * a skipped one too, as Ansible's retry loop: retry, or fail after the last retry).
 */
record ResultRules(Conditions conditions, Function<Map<String, Object>, LazyVars> lazy) {

    /** The task's result and what it says; {@code retry}: run the module again (until not met, retries left). */
    record Verdict(Map<String, Object> result, boolean changed, boolean failed, boolean skipped, boolean retry) {
    }

    Verdict judge(Task t, LazyVars vars, ModuleResult mr, int attempt, int retries) {
        Map<String, Object> result = new LinkedHashMap<>(mr.data());
        boolean failed = mr.failed();
        // a failed result may say it changed the host (command/shell/raw ran: Ansible reports changed=true)
        boolean changed = mr.changed() || failed && Boolean.TRUE.equals(mr.data().get("changed"));
        boolean skipped = mr.status() == ModuleResult.Status.SKIPPED;
        result.put("changed", changed);
        if (failed) {
            result.put("failed", true);
        } else {
            result.putIfAbsent("failed", false); // Ansible's executor sets it on every module result when missing
        }
        if (skipped) {
            result.put("skipped", true);
        }
        if (!skipped && (!t.changedWhen().isEmpty() || !t.failedWhen().isEmpty())) {
            LazyVars rv = withResult(vars, t, result);
            if (!t.changedWhen().isEmpty()) {
                changed = conditions.all(t.changedWhen(), rv, t);
                result.put("changed", changed);
            }
            if (!t.failedWhen().isEmpty()) {
                failed = conditions.all(t.failedWhen(), rv, t);
                result.put("failed_when_result", failed);
                result.put("failed", failed);
            }
        }
        // until is judged on a skipped result too (check mode): Ansible's retry loop does not look at skipped
        if (!t.until().isEmpty()) {
            result.put("attempts", attempt);
            // retries: 0 (or less) is one attempt with until never judged, as Ansible's loop does
            boolean done = retries <= 0 || conditions.all(t.until(), withResult(vars, t, result), t);
            if (!done) {
                if (attempt <= retries) {
                    return new Verdict(result, changed, failed, false, true);
                }
                result.put("attempts", retries); // Ansible reports one fewer than it ran once retries run out
                failed = true;
                skipped = false; // failed wins: Ansible counts the host as failed, its result keeps skipped=true
                result.put("failed", true);
                result.putIfAbsent("msg", "Retried " + retries + " times; the condition was never met");
            }
        }
        return new Verdict(result, changed, failed, skipped, false);
    }

    /** The task's variables with its result under its register name and at the top (changed_when: rc != 0). */
    private LazyVars withResult(LazyVars vars, Task t, Map<String, Object> result) {
        Map<String, Object> withReg = new LinkedHashMap<>(vars.raw());
        if (t.register() != null) {
            withReg.put(t.register(), result);
        }
        withReg.putAll(result);
        return lazy.apply(withReg);
    }
}
