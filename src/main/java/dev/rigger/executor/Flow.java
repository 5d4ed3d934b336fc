package dev.rigger.executor;

import dev.rigger.playbook.Task;
import java.util.Map;

/** Where a host stands after a step of its walk: go on, failed (rescue may catch it), unreachable, or stopped. */
sealed interface Flow {
    Flow GO_ON = new GoOn();
    Flow UNREACHABLE = new Unreachable();
    Flow STOPPED = new Stopped();

    /** The host goes on with its next task. */
    record GoOn() implements Flow {
    }

    /**
     * The host failed {@code task} (null: outside a task) with {@code result}: a rescue catches this. Not
     * {@code counted}: another host's failure failed this one (run_once), so its recap counts no failure and no
     * rescue, and its rescue sees no ansible_failed_task, as in Ansible.
     */
    record Failed(Task task, Map<String, Object> result, boolean counted) implements Flow {
        Failed(Task task, Map<String, Object> result) {
            this(task, result, true);
        }
    }

    /** The host cannot be reached: it is out for the rest of the run. */
    record Unreachable() implements Flow {
    }

    /** The play ended for the host (end_play, end_host, an aborted play, Ctrl-C). */
    record Stopped() implements Flow {
    }

    default boolean goesOn() {
        return this instanceof GoOn;
    }
}
