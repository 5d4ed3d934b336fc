package dev.rigger.inventory;

import java.util.List;

/**
 * The outcome of matching a host pattern.
 *
 * @param hosts    matched host names, de-duplicated, in the order Ansible gives them
 * @param warnings one line per pattern term that matched nothing (Ansible's
 *                 "Could not match supplied host pattern, ignoring: x"), for the caller to print
 */
public record PatternResult(List<String> hosts, List<String> warnings) {
    public PatternResult {
        hosts = List.copyOf(hosts);
        warnings = List.copyOf(warnings);
    }

    public boolean isEmpty() {
        return hosts.isEmpty();
    }
}
