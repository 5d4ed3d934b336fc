package dev.rigger.executor;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A run's switches: interrupted (Ctrl-C), whether a host failed or became unreachable, the host threads. */
final class RunControl {
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private volatile boolean interrupted;
    /** --start-at-task: a task has matched (later plays and batches run whole). */
    final java.util.concurrent.atomic.AtomicBoolean startAtDone = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean anyFailed;
    private volatile boolean anyUnreachable;

    boolean interrupted() {
        return interrupted;
    }

    /** Ends the run: in-flight commands are interrupted, no new task starts. */
    void cancel() {
        interrupted = true;
        threads.forEach(Thread::interrupt);
    }

    void markFailed() {
        anyFailed = true;
    }

    void markUnreachable() {
        anyUnreachable = true;
    }

    /** Ansible's exit code: 99 interrupted, 4 a host unreachable, 2 a host failed, 0 all well. */
    int exitCode() {
        return interrupted ? 99 : anyUnreachable ? 4 : anyFailed ? 2 : 0;
    }

    void register(Thread t) {
        threads.add(t);
    }

    void unregister(Thread t) {
        threads.remove(t);
    }
}
