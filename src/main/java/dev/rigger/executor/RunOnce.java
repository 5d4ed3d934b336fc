package dev.rigger.executor;

import dev.rigger.api.TaskOutcome;
import dev.rigger.module.ModuleResult;
import dev.rigger.playbook.Task;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * run_once across the hosts of one batch, as ansible-core 2.14's linear strategy and {@code _process_pending_results}
 * do it: of the hosts a step released together, the first (in the batch's order) judges run_once; when true it alone
 * runs the task, what it registers and the facts it sets land on every host of the batch still reachable, and its
 * failure (not ignored) fails every one of them. The others show nothing and count nothing. Thread-safe.
 */
final class RunOnce {
    /** This host's part in a step. */
    sealed interface Turn {
        /** The host runs the task as usual; {@code failure} (when not null) fails it instead, saying why. */
        record Usual(String failure) implements Turn {
        }

        /** The host runs the task for the whole batch ({@code id}: the step, null in the free strategy). */
        record Lead(String id, String failure) implements Turn {
        }

        /** Another host ran the task for this one; this host goes on with {@code flow}. */
        record Follow(Flow flow) implements Turn {
        }
    }

    static final Turn USUAL = new Turn.Usual(null);

    /** One run_once step: the first host's judgement and, once it ran the task, its outcome. */
    private static final class Step {
        int readers;
        Boolean once;
        boolean done;
        TaskOutcome outcome;
    }

    private final Map<String, Step> steps = new HashMap<>();
    /** Hosts a run_once failure failed while they were at another step: each fails at its next one. */
    private final Set<String> failLater = ConcurrentHashMap.newKeySet();
    /** Warnings already given in this batch (Ansible gives each once). */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** The first host's judgement of run_once at step {@code id}, for the {@code followers} behind it. */
    synchronized void decide(String id, boolean once, int followers) {
        Step s = steps.computeIfAbsent(id, k -> new Step());
        s.once = once;
        s.readers += followers;
        release(id, s);
        notifyAll();
    }

    /** The first host ran the task: {@code outcome}, or null when it stopped (interrupted) before an outcome. */
    synchronized void done(String id, TaskOutcome outcome) {
        Step s = steps.computeIfAbsent(id, k -> new Step());
        s.done = true;
        s.outcome = outcome;
        release(id, s);
        notifyAll();
    }

    /**
     * A host behind the first at step {@code id}: waits for the first host's judgement, then for its outcome. The
     * host runs the task itself when run_once was false; stops when the play does ({@code stop}).
     */
    synchronized Turn follow(String id, Task t, BooleanSupplier stop) throws InterruptedException {
        Step s = steps.computeIfAbsent(id, k -> new Step());
        while (s.once == null && !stop.getAsBoolean()) {
            wait(1000);
        }
        if (s.once == null) {
            return new Turn.Follow(Flow.STOPPED);
        }
        if (!s.once) {
            s.readers--;
            release(id, s);
            return USUAL;
        }
        while (!s.done && !stop.getAsBoolean()) {
            wait(1000);
        }
        if (!s.done) {
            return new Turn.Follow(Flow.STOPPED);
        }
        s.readers--;
        release(id, s);
        return new Turn.Follow(flowOf(t, s.outcome));
    }

    private void release(String id, Step s) {
        if (s.readers <= 0 && s.once != null && (!s.once || s.done)) {
            steps.remove(id);
        }
    }

    /** Where a host that did not run the task stands after the one that did: failed with it, or going on. */
    private static Flow flowOf(Task t, TaskOutcome o) {
        if (o == null) {
            return Flow.STOPPED;
        }
        if (o instanceof TaskOutcome.Failed f && !f.ignored()) {
            return new Flow.Failed(t, f.result(), false);
        }
        return Flow.GO_ON; // an unreachable first host is out alone
    }

    /** Each of {@code hosts} fails at its next step (Ansible marks them failed wherever they are). */
    void failLater(List<String> hosts) {
        failLater.addAll(hosts);
    }

    /** Whether a run_once failure on another host failed {@code host} (told once). */
    boolean failedByAnother(String host) {
        return failLater.remove(host);
    }

    /** True the first time {@code message} is asked for in this batch. */
    boolean firstWarning(String message) {
        return warned.add(message);
    }

    /** Registers {@code registered} and sets {@code facts} on {@code other}, as the first host's task did on it. */
    static void share(HostState other, String register, Object registered,
                      List<Map.Entry<ModuleResult.FactScope, Map<String, Object>>> facts) {
        for (Map.Entry<ModuleResult.FactScope, Map<String, Object>> f : facts) {
            switch (f.getKey()) {
                case SET_FACT -> other.setFacts.putAll(f.getValue());
                case INCLUDE_VARS -> other.includeVars.putAll(f.getValue());
                case FACTS -> other.addFacts(f.getValue());
                default -> throw new IllegalStateException(f.getKey().name());
            }
        }
        if (register != null && registered != null) {
            other.setFacts.put(register, registered);
        }
    }
}
