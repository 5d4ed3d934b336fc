package dev.rigger.executor;

import dev.rigger.api.TaskOutcome;
import dev.rigger.playbook.Task;
import java.util.LinkedHashMap;
import java.util.Map;

/** Rules every task result goes through: unsafe marking, a bounded printed size, internal errors named as such. */
final class TaskResults {
    private TaskResults() {
    }

    static TaskOutcome.Failed failed(String host, String msg) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("msg", msg);
        return new TaskOutcome.Failed(host, r, false);
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
     * include_vars define: those keep the marks their rendering gave them.
     */
    static <T> T unsafeUnlessVariables(Task t, T value) {
        String a = t.shortAction();
        return a.equals("set_fact") || a.equals("include_vars") ? value : dev.rigger.Unsafe.mark(value);
    }
}
