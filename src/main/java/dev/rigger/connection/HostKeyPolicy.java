package dev.rigger.connection;

import dev.rigger.AnsibleBool;

/**
 * What to do with a host key that known_hosts does not hold, from Ansible's {@code host_key_checking}
 * ({@code ANSIBLE_HOST_KEY_CHECKING}, or the host variable {@code ansible_host_key_checking} /
 * {@code ansible_ssh_host_key_checking}).
 */
public enum HostKeyPolicy {
    /** host_key_checking true: an unknown key is refused (Ansible's ssh asks, and fails without a terminal). */
    STRICT,
    /** Not set: an unknown key is recorded and trusted, a changed one refused (OpenSSH's accept-new). */
    ACCEPT_NEW,
    /** host_key_checking false: unknown keys are recorded, a changed key is let through with a warning. */
    OFF;

    /** The policy a setting names: a boolean as Ansible writes one; null: not set. */
    public static HostKeyPolicy of(Object setting, String where) {
        if (setting == null || String.valueOf(setting).isBlank()) {
            return ACCEPT_NEW;
        }
        Boolean b = AnsibleBool.parse(setting);
        if (b == null) {
            throw new IllegalArgumentException(where + " must be a boolean (true or false), not '" + setting + "'");
        }
        return b ? STRICT : OFF;
    }
}
