package dev.rigger.inventory;

import java.util.List;
import java.util.Map;

/**
 * A group as written in the inventory sources.
 *
 * @param name     the group name
 * @param hosts    hosts listed directly in this group (not those of its children), in definition order
 * @param children direct child groups, in definition order
 * @param vars     the group's inline variables ({@code [g:vars]}, YAML {@code vars:}); unmodifiable
 */
public record Group(String name, List<String> hosts, List<String> children, Map<String, Object> vars) {
    public Group {
        hosts = List.copyOf(hosts);
        children = List.copyOf(children);
        vars = Values.freezeMap(vars);
    }
}
