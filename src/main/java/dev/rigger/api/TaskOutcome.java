package dev.rigger.api;

import java.util.List;
import java.util.Map;

/**
 * The result of one task (or one loop item) on one host. Sealed: every outcome is one of these.
 * {@code result} holds Ansible's result keys (already censored when the task had no_log).
 */
public sealed interface TaskOutcome {
    String host();

    Map<String, Object> result();

    Status status();

    /** A task result that ran and changed nothing. {@code uncertain}: check mode could not predict it. */
    record Ok(String host, Map<String, Object> result, boolean uncertain) implements TaskOutcome {
        public Status status() {
            return Status.OK;
        }
    }

    record Changed(String host, Map<String, Object> result, List<Diff> diffs) implements TaskOutcome {
        public Status status() {
            return Status.CHANGED;
        }
    }

    /** A failure; {@code ignored} when ignore_errors kept the host going. */
    record Failed(String host, Map<String, Object> result, boolean ignored) implements TaskOutcome {
        public Status status() {
            return Status.FAILED;
        }
    }

    record Skipped(String host, Map<String, Object> result, boolean uncertain) implements TaskOutcome {
        public Status status() {
            return Status.SKIPPED;
        }
    }

    record Unreachable(String host, Map<String, Object> result) implements TaskOutcome {
        public Status status() {
            return Status.UNREACHABLE;
        }
    }

}
