package dev.rigger.executor;

import dev.rigger.api.TaskInfo;
import java.util.List;
import java.util.function.BiConsumer;

/** The free strategy: each host runs its own tasks as fast as it can; banners are printed per host. */
final class FreeGate implements Gate {
    private final BiConsumer<TaskInfo, List<String>> onStart;
    private volatile boolean aborted;

    FreeGate(BiConsumer<TaskInfo, List<String>> onStart) {
        this.onStart = onStart;
    }

    @Override
    public boolean enter(String host, StepKey key, String groupId, TaskInfo info) {
        if (aborted) {
            return false;
        }
        onStart.accept(info, List.of(host));
        return true;
    }

    @Override
    public List<String> cohort(String host) {
        return List.of(host);
    }

    @Override
    public void leave(String host) {
        // nothing to coordinate
    }

    @Override
    public void finish(String host) {
        // nothing to coordinate
    }

    @Override
    public void abort() {
        aborted = true;
    }

    @Override
    public boolean aborted() {
        return aborted;
    }
}
