package dev.rigger.executor;

import dev.rigger.api.TaskInfo;
import java.util.List;

/** How hosts of one play batch move from step to step: lock-step (linear) or each on its own (free). */
interface Gate {
    /**
     * Waits until {@code host} may run the step {@code key}.
     *
     * @return false when the play was aborted (any_errors_fatal, max_fail_percentage, end_play, interrupt)
     */
    boolean enter(String host, StepKey key, String groupId, TaskInfo info) throws InterruptedException;

    /**
     * The hosts released with {@code host} into the step it entered, in the batch's order ({@code host} among them):
     * run_once runs the step on the first of them for all.
     */
    List<String> cohort(String host);

    /** The host finished the step it entered. */
    void leave(String host);

    /** The host has no more steps in this play. */
    void finish(String host);

    /** Stops every host at its next step. */
    void abort();

    boolean aborted();
}
