package dev.rigger.inventory;

import java.util.Map;

/**
 * A host as written in an inventory source.
 *
 * @param name the inventory hostname
 * @param vars the inline host variables from the inventory source (INI {@code k=v}, YAML host mapping,
 *             {@code host:port} as {@code ansible_port}); unmodifiable
 */
public record Host(String name, Map<String, Object> vars) {
    public Host {
        vars = Values.freezeMap(vars);
    }
}
