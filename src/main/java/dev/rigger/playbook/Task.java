package dev.rigger.playbook;

import dev.rigger.Fqcn;
import dev.rigger.Pos;
import java.util.List;
import java.util.Map;

/**
 * One task, with everything inherited from enclosing blocks, roles and imports already applied in {@code attrs}.
 *
 * @param name        the task's name (may contain Jinja), or null
 * @param action      module name as written (ansible.builtin.copy) or "meta"
 * @param args        raw, untemplated module arguments (free-form text under _raw_params)
 * @param loop        loop / with_* value (raw), or null
 * @param loopKind    "loop", "with_items", "with_dict", ... or null
 * @param loopControl loop_control mapping
 * @param register    variable name or null
 * @param notifies    handler names / listen topics
 * @param listen      (handlers) topics this handler listens to
 * @param failedWhen  conditions or null
 * @param changedWhen conditions or null
 * @param until       conditions or null
 * @param retries     retries (raw) or null
 * @param delay       delay (raw) or null
 * @param unimplemented keywords of Ansible's that rigger does not implement yet, set on the task or a block
 *                    around it: a host that runs the task fails, saying so (Keywords.UNSUPPORTED)
 * @param async       async (raw: seconds the job may run; 0 or null runs it synchronously)
 * @param poll        poll (raw: seconds between polls, 0 fire-and-forget; null is Ansible's 15)
 */
public record Task(String name, String action, Map<String, Object> args, Pos pos, Attrs attrs, Object loop,
                   String loopKind, Map<String, Object> loopControl, String register, List<String> notifies,
                   List<String> listen, List<String> failedWhen, List<String> changedWhen, List<String> until,
                   Object retries, Object delay, List<String> unimplemented, Object async, Object poll)
        implements TaskNode {

    public Task {
        unimplemented = unimplemented == null ? List.of() : List.copyOf(unimplemented);
    }

    /** The banner label: "role : name", "name", or the action as written (an FQCN stays one, as in Ansible). */
    public String label() {
        String n = name != null && !name.isBlank() ? name : action;
        if ((name == null || name.isBlank()) && shortAction().equals("include_role") && args.get("name") != null) {
            n = action + " : " + args.get("name"); // Ansible's name for an unnamed include_role
        }
        return attrs.role() != null ? attrs.role().name() + " : " + n : n;
    }

    public String shortAction() {
        return Fqcn.strip(action);
    }

    public Task withAttrs(Attrs a) {
        return new Task(name, action, args, pos, a, loop, loopKind, loopControl, register, notifies, listen, failedWhen,
                changedWhen, until, retries, delay, unimplemented, async, poll);
    }

    /** This task with {@code keywords} (Ansible's, set on it or an enclosing block, not rigger's yet) added. */
    public Task withUnimplemented(List<String> keywords) {
        List<String> all = new java.util.ArrayList<>(unimplemented);
        keywords.stream().filter(k -> !all.contains(k)).forEach(all::add);
        return new Task(name, action, args, pos, attrs, loop, loopKind, loopControl, register, notifies, listen,
                failedWhen, changedWhen, until, retries, delay, all, async, poll);
    }
}
