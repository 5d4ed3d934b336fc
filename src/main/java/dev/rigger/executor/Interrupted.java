package dev.rigger.executor;

/**
 * The run was interrupted (Ctrl-C) while this host was inside a task: the one exception of the host's walk, because
 * it may come from deep inside a module. Ordinary outcomes (failed, unreachable, end_play) are {@link Flow} values.
 */
final class Interrupted extends RuntimeException {
    Interrupted() {
        super(null, null, false, false);
    }
}
