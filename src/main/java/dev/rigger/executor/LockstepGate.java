package dev.rigger.executor;

import dev.rigger.api.TaskInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * The linear strategy: every host finishes a step before any host starts the next. When hosts wait at different
 * steps (one in a rescue, others past the block), the smallest step runs first, so hosts in rescue/always catch up.
 */
final class LockstepGate implements Gate {
    private record Proposal(StepKey key, String groupId, TaskInfo info) {
    }

    private final List<String> order;
    private final Set<String> active;
    private final Map<String, Proposal> waiting = new HashMap<>();
    private final Set<String> released = new HashSet<>();
    /** The hosts each host was last released with. */
    private final Map<String, List<String>> cohorts = new HashMap<>();
    private final BiConsumer<TaskInfo, List<String>> onStart;
    private final BooleanSupplier shouldAbort;
    private int running;
    private boolean aborted;

    LockstepGate(List<String> hosts, BiConsumer<TaskInfo, List<String>> onStart, BooleanSupplier shouldAbort) {
        this.order = List.copyOf(hosts);
        this.active = new LinkedHashSet<>(hosts);
        this.onStart = onStart;
        this.shouldAbort = shouldAbort;
    }

    @Override
    public synchronized boolean enter(String host, StepKey key, String groupId, TaskInfo info)
            throws InterruptedException {
        if (aborted) {
            return false;
        }
        waiting.put(host, new Proposal(key, groupId, info));
        select();
        while (!released.contains(host) && !aborted) {
            wait(1000);
        }
        if (released.remove(host)) {
            return true;
        }
        waiting.remove(host);
        return false;
    }

    @Override
    public synchronized List<String> cohort(String host) {
        return cohorts.getOrDefault(host, List.of(host));
    }

    @Override
    public synchronized void leave(String host) {
        running--;
        select();
    }

    @Override
    public synchronized void finish(String host) {
        active.remove(host);
        waiting.remove(host);
        select();
    }

    @Override
    public synchronized void abort() {
        aborted = true;
        notifyAll();
    }

    @Override
    public synchronized boolean aborted() {
        return aborted;
    }

    private void select() {
        if (running > 0 || waiting.isEmpty() || waiting.size() < active.size()) {
            return;
        }
        if (shouldAbort.getAsBoolean()) {
            aborted = true;
            notifyAll();
            return;
        }
        Proposal best = null;
        for (String h : order) {
            Proposal p = waiting.get(h);
            if (p != null && (best == null || p.key().compareTo(best.key()) < 0)) {
                best = p;
            }
        }
        List<String> go = new ArrayList<>();
        for (String h : order) {
            Proposal p = waiting.get(h);
            if (p != null && p.key().equals(best.key()) && p.groupId().equals(best.groupId())) {
                go.add(h);
            }
        }
        List<String> cohort = List.copyOf(go);
        for (String h : go) {
            waiting.remove(h);
            released.add(h);
            cohorts.put(h, cohort);
        }
        running = go.size();
        onStart.accept(best.info(), go);
        notifyAll();
    }
}
