package dev.rigger.cli;

import dev.rigger.api.RunOptions;
import dev.rigger.plan.HostSelection;
import dev.rigger.plan.Tags;
import dev.rigger.inventory.Inventory;
import dev.rigger.playbook.Block;
import dev.rigger.playbook.Include;
import dev.rigger.playbook.Play;
import dev.rigger.playbook.Playbook;
import dev.rigger.playbook.Task;
import dev.rigger.playbook.TaskNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** --list-hosts, --list-tasks and --list-tags, in ansible-playbook's format. */
final class Listing {
    private final PrintStream out;
    private final Inventory inventory;
    private final RunOptions options;

    Listing(PrintStream out, Inventory inventory, RunOptions options) {
        this.out = out;
        this.inventory = inventory;
        this.options = options;
    }

    void print(List<Playbook> pbs, boolean hosts, boolean tasks, boolean tags) {
        for (Playbook pb : pbs) {
            out.println();
            out.println("playbook: " + pb.file());
            int n = 0;
            for (Play play : pb.plays()) {
                n++;
                out.println();
                String playTags = play.attrs().tags().isEmpty() ? "" : String.join(", ", play.attrs().tags());
                out.println("  play #" + n + " (" + play.hosts() + "): " + play.displayName() + "\tTAGS: ["
                        + playTags + "]");
                if (hosts) {
                    List<String> hs = HostSelection.of(inventory, play, options.limit()).hosts();
                    out.println("    pattern: ['" + play.hosts() + "']");
                    out.println("    hosts (" + hs.size() + "):");
                    hs.forEach(h -> out.println("      " + h));
                }
                TreeSet<String> allTags = new TreeSet<>();
                List<Task> ts = new ArrayList<>();
                for (List<TaskNode> part : List.of(play.preTasks(), play.tasks(), play.postTasks())) {
                    collect(part, ts);
                }
                if (tasks) {
                    out.println("    tasks:");
                }
                for (Task t : ts) {
                    if (!Tags.shouldRun(t.attrs().tags(), options.tags(), options.skipTags())) {
                        continue;
                    }
                    allTags.addAll(t.attrs().tags());
                    if (tasks) {
                        out.println("      " + t.label() + "\tTAGS: [" + String.join(", ", t.attrs().tags()) + "]");
                    }
                }
                if (tags) {
                    out.println("      TASK TAGS: [" + String.join(", ", allTags) + "]");
                }
            }
        }
    }

    private static void collect(List<TaskNode> nodes, List<Task> out) {
        for (TaskNode n : nodes) {
            if (n instanceof Task t) {
                out.add(t);
            } else if (n instanceof Block b) {
                collect(b.block(), out);
                collect(b.rescue(), out);
                collect(b.always(), out);
            } else if (n instanceof Include i) {
                out.add(i.task());
            }
        }
    }
}
