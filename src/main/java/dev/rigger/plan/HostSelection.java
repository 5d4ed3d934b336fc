package dev.rigger.plan;

import dev.rigger.RiggerException;
import dev.rigger.inventory.Inventory;
import dev.rigger.inventory.PatternResult;
import dev.rigger.playbook.Play;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Which hosts a play runs on: its {@code hosts:} pattern, narrowed by {@code --limit}, with the pattern's warnings.
 * The run, the listings and the command line all ask here.
 */
public final class HostSelection {
    private HostSelection() {
    }

    /** The hosts of one play, in inventory order, and what the patterns warned about. */
    public record Selected(List<String> hosts, List<String> warnings) {
    }

    /** The hosts {@code play} runs on under {@code limit} (null: no limit). */
    public static Selected of(Inventory inventory, Play play, String limit) {
        PatternResult pr;
        try {
            pr = inventory.select(play.hosts());
        } catch (RiggerException e) {
            throw new RiggerException("invalid host pattern '" + play.hosts() + "': " + e.getMessage(), play.pos());
        }
        List<String> hosts = new ArrayList<>(pr.hosts());
        if (limit != null && !limit.isBlank()) {
            hosts = new ArrayList<>(new LinkedHashSet<>(inventory.limit(hosts, limit).hosts()));
        }
        return new Selected(List.copyOf(hosts), pr.warnings());
    }

    /** True when {@code --limit} matches no host at all (Ansible stops before the first play then). */
    public static boolean limitMatchesNothing(Inventory inventory, String limit) {
        if (limit == null) {
            return false;
        }
        List<String> candidates = new ArrayList<>(inventory.hosts());
        candidates.add("localhost");
        return inventory.limit(candidates, limit).hosts().isEmpty();
    }
}
