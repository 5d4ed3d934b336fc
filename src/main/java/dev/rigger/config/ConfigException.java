package dev.rigger.config;

import dev.rigger.Pos;
import dev.rigger.RiggerException;

/** An ansible.cfg or ANSIBLE_* setting that cannot be read: Ansible stops with exit code 5 before doing anything. */
public final class ConfigException extends RiggerException {
    public ConfigException(String message, Pos pos) {
        super(message, pos);
    }
}
