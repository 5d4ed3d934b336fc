package dev.rigger.api;

import java.util.List;
import java.util.Map;

/**
 * The result of one task (or one loop item) on one host. Sealed: every outcome is one of these.
 * {@code result} holds Ansible's result keys (already censored when the task had no_log); a delegated task's also
 * holds Ansible's internal {@code _ansible_delegated_vars} ({@code ansible_delegated_host}, and the delegated host's
 * {@code ansible_host} / {@code ansible_port} / {@code ansible_user} / {@code ansible_connection} where it sets them),
 * which no reporter shows as a result key.
 */
public sealed interface TaskOutcome {
    String host();

    Map<String, Object> result();

    Status status();

    /** The host a delegated task ran on (its delegate_to), or null. */
    default String delegatedHost() {
        return result().get("_ansible_delegated_vars") instanceof Map<?, ?> dv
                && dv.get("ansible_delegated_host") != null ? String.valueOf(dv.get("ansible_delegated_host")) : null;
    }

    /**
     * The host as Ansible's callbacks label it ({@code host_label}): {@code h1}, {@code h1 -> other} for a task
     * delegated to another host, {@code h1 -> other(10.0.0.5)} when that host's ansible_host differs from its name.
     */
    default String hostLabel() {
        String d = delegatedHost();
        if (d == null || d.equals(host())) {
            return host();
        }
        Object address = ((Map<?, ?>) result().get("_ansible_delegated_vars")).get("ansible_host");
        return host() + " -> " + d + (address != null && !address.equals(d) ? "(" + address + ")" : "");
    }

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
