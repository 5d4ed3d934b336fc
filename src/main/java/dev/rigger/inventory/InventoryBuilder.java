package dev.rigger.inventory;

import dev.rigger.RiggerException;
import dev.rigger.Pos;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mutable inventory while sources are being read (Ansible's {@code InventoryData}); one per
 * {@link Inventory#load} call, never shared. Parsers add hosts, groups, vars and errors; {@link #build} reconciles
 * (top groups under {@code all}, loose hosts into {@code ungrouped}) and freezes.
 */
final class InventoryBuilder {
    static final class G {
        final String name;
        final Set<String> hosts = new LinkedHashSet<>();
        final List<String> children = new ArrayList<>();
        final Set<String> parents = new LinkedHashSet<>();
        final Map<String, Object> vars = new LinkedHashMap<>();
        int priority = 1;

        G(String name) {
            this.name = name;
        }
    }

    final Map<String, Map<String, Object>> hostVars = new LinkedHashMap<>();
    final Map<String, Path> hostSource = new LinkedHashMap<>();
    private final Map<String, Set<String>> direct = new LinkedHashMap<>();
    final Map<String, G> groups = new LinkedHashMap<>();
    final List<RiggerException> errors = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<Path> varsDirs = new ArrayList<>();
    Path currentSource;
    /** The secrets that decrypt vaulted inventory content ({@code Vault.NONE}: vaulted content is an error). */
    dev.rigger.vault.Vault vault = dev.rigger.vault.Vault.NONE;

    InventoryBuilder() {
        group("all");
        group("ungrouped");
        addChild("all", "ungrouped", null);
    }

    void error(String message, Pos at) {
        errors.add(new RiggerException(message, at));
    }

    G group(String name) {
        return groups.computeIfAbsent(name, G::new);
    }

    void addHost(String host, String group) {
        if (!hostVars.containsKey(host)) {
            hostVars.put(host, new LinkedHashMap<>());
            hostSource.put(host, currentSource);
        }
        if (group != null) {
            group(group).hosts.add(host);
            direct.computeIfAbsent(host, h -> new LinkedHashSet<>()).add(group);
        }
    }

    void setHostVar(String host, String key, Object value) {
        hostVars.get(host).put(key, value);
    }

    /** Sets a group variable; {@code ansible_group_priority} sets the group's priority instead, as in Ansible. */
    void setGroupVar(String group, String key, Object value, Pos at) {
        if (key.equals("ansible_group_priority")) {
            try {
                group(group).priority = value instanceof Number n ? n.intValue()
                        : Integer.parseInt(String.valueOf(value).strip());
            } catch (NumberFormatException e) {
                error("ansible_group_priority of group '" + group + "' must be a whole number, got '" + value + "'",
                        at);
            }
            return;
        }
        group(group).vars.put(key, value);
    }

    /** Adds {@code child} under {@code parent}; refuses self-membership and cycles. Returns false on error. */
    boolean addChild(String parent, String child, Pos at) {
        if (parent.equals(child)) {
            error("group '" + parent + "' cannot be a child of itself; remove it from its own children", at);
            return false;
        }
        if (ancestors(parent).contains(child)) {
            error("adding group '" + child + "' as a child of '" + parent + "' creates a loop ('" + parent
                    + "' is already below '" + child + "'); remove one of the two parent/child links", at);
            return false;
        }
        G p = group(parent);
        G c = group(child);
        if (!p.children.contains(child)) {
            p.children.add(child);
        }
        c.parents.add(parent);
        return true;
    }

    Set<String> ancestors(String group) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(group(group).parents);
        while (!todo.isEmpty()) {
            String g = todo.pop();
            if (seen.add(g)) {
                todo.addAll(groups.get(g).parents);
            }
        }
        return seen;
    }

    /** Ansible's {@code reconcile_inventory}: every group reaches {@code all}; hosts in no group go to {@code ungrouped}. */
    void reconcile() {
        for (G g : new ArrayList<>(groups.values())) {
            if (!g.name.equals("all") && g.parents.isEmpty()) {
                addChild("all", g.name, null);
            }
        }
        G ungrouped = groups.get("ungrouped");
        for (String host : hostVars.keySet()) {
            Set<String> mine = groupsOf(host);
            if (mine.contains("ungrouped")) {
                Set<String> others = new HashSet<>(mine);
                others.remove("all");
                others.remove("ungrouped");
                if (!others.isEmpty()) {
                    ungrouped.hosts.remove(host);
                    direct.get(host).remove("ungrouped");
                }
            } else if (mine.isEmpty() || mine.equals(Set.of("all"))) {
                addHost(host, "ungrouped");
            }
        }
        for (String g : groups.keySet()) {
            if (hostVars.containsKey(g)) {
                warnings.add("Found both group and host with same name: " + g);
            }
        }
    }

    /** Groups a host is in: direct ones and all their ancestors. */
    Set<String> groupsOf(String host) {
        Set<String> out = new LinkedHashSet<>();
        for (String g : direct.getOrDefault(host, Set.of())) {
            out.addAll(ancestors(g));
            out.add(g);
        }
        return out;
    }
}
