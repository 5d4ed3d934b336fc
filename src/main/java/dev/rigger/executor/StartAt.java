package dev.rigger.executor;

import dev.rigger.playbook.Block;
import dev.rigger.playbook.Include;
import dev.rigger.playbook.Play;
import dev.rigger.playbook.Task;
import dev.rigger.playbook.TaskNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * {@code --start-at-task}, as Ansible's PlayIterator: at the start of each play (each serial batch) until a task has
 * matched, the play's tasks are walked in order as the iterator peeks them (pre_tasks, roles and tasks, post_tasks;
 * a block's tasks then its always; the tasks of static imports, not of dynamic includes); the first whose name or
 * banner label ({@code role : name}) equals the pattern or matches it as fnmatch does is where the play starts
 * (facts are gathered first); every node before it is passed over, unreported. A play without a match runs
 * nothing, facts included. Once matched, later plays run whole.
 */
final class StartAt {
    static final StartAt NONE = new StartAt(false, Set.of());

    private final boolean wholePlay;
    private final Set<TaskNode> passed;

    private StartAt(boolean wholePlay, Set<TaskNode> passed) {
        this.wholePlay = wholePlay;
        this.passed = passed;
    }

    /** What the play's hosts pass over; {@code done} is the run's "a task has matched" flag. */
    static StartAt of(Play play, String pattern, AtomicBoolean done) {
        if (pattern == null || done.get()) {
            return NONE;
        }
        List<TaskNode> order = new ArrayList<>();
        for (List<TaskNode> part : List.of(play.preTasks(), play.tasks(), play.postTasks())) {
            flatten(part, order);
        }
        Pattern glob = fnmatch(pattern);
        Set<TaskNode> before = Collections.newSetFromMap(new IdentityHashMap<>());
        for (TaskNode n : order) {
            Task t = n instanceof Include inc ? inc.task() : (Task) n;
            if (matches(t, pattern, glob)) {
                done.set(true);
                return new StartAt(false, before);
            }
            before.add(n);
        }
        return new StartAt(true, Set.of());
    }

    /** True when the play runs nothing at all (no task matched in it). */
    boolean wholePlay() {
        return wholePlay;
    }

    /** True for a task or include the host passes over. */
    boolean passes(TaskNode node) {
        return wholePlay || passed.contains(node);
    }

    private static void flatten(List<TaskNode> nodes, List<TaskNode> out) {
        for (TaskNode n : nodes) {
            if (n instanceof Block b) {
                flatten(b.block(), out);
                flatten(b.always(), out);
            } else {
                out.add(n);
            }
        }
    }

    private static boolean matches(Task t, String pattern, Pattern glob) {
        String name = t.name();
        String label = t.label();
        return pattern.equals(name) || name != null && !name.isEmpty() && glob.matcher(name).matches()
                || pattern.equals(label) || glob.matcher(label).matches();
    }

    static Pattern fnmatch(String pat) {
        return Pattern.compile(dev.rigger.Fnmatch.translate(pat), Pattern.DOTALL);
    }
}
