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

    /** The host failed {@code task} (null: outside a task) with {@code result}: a rescue catches this. */
    record Failed(Task task, Map<String, Object> result) implements Flow {
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
