package dev.rigger.executor;

import dev.rigger.RiggerException;
import dev.rigger.api.TaskInfo;
import dev.rigger.playbook.Attrs;
import dev.rigger.playbook.Include;
import dev.rigger.playbook.PlaybookLoader;
import dev.rigger.playbook.TaskFiles;
import dev.rigger.playbook.Task;
import dev.rigger.playbook.TaskNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An include_tasks / include_role on one host: its own step (header, then "included" or "skipping"), the file or
 * role of every loop item resolved, loaded with the include's keywords applied, and handed back to be walked.
 */
final class IncludeStep {
    private final RunContext ctx;
    private final PlayRun play;
    private final HostState hs;
    private final TaskExecutor executor;

    /** What one loop item of an include runs: its tasks and their scope. */
    record Included(List<TaskNode> nodes, Map<String, Object> scope) {
    }

    IncludeStep(RunContext ctx, PlayRun play, HostState hs, TaskExecutor executor) {
        this.ctx = ctx;
        this.play = play;
        this.hs = hs;
        this.executor = executor;
    }

    /** Inside the include's step: what each item includes, or an empty list when it does not run here. */
    List<Included> prepare(Include inc, TaskInfo info, Map<String, Object> scope) {
        Task t = inc.task();
        List<Map<String, Object>> scopes = executor.includeScopes(t, scope);
        if (scopes == null || scopes.isEmpty()) {
            executor.includeSkipped(info, scopes == null);
            return List.of();
        }
        if (!t.unimplemented().isEmpty()) {
            throw new RiggerException("rigger does not implement " + String.join(", ", t.unimplemented())
                    + " on an include yet, so it cannot run as Ansible runs it", t.pos());
        }
        List<Map<String, Object>> argsPerItem = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Map<String, Object> s : scopes) {
            Map<String, Object> args = executor.renderArgs(t, s);
            argsPerItem.add(args);
            if (inc.kind().equals("include_tasks")) { // every item's file is announced in this step
                Object f = args.containsKey("file") ? args.get("file") : args.get("_raw_params");
                Path file = TaskFiles.taskFile(inc.baseDir(), String.valueOf(f), t.attrs().role());
                if (!Files.isRegularFile(file)) { // before it is announced or counted, as in Ansible
                    throw new RiggerException("Could not find or access '" + file + "' on the Ansible Controller.",
                            t.pos());
                }
                files.add(file);
                ctx.bus().included(file.toString(), List.of(hs.name));
                ctx.stats().add(hs.name, Stats.Kind.OK); // Ansible counts every included file as ok
            }
        }
        List<Included> out = new ArrayList<>();
        for (int i = 0; i < scopes.size(); i++) {
            Map<String, Object> args = argsPerItem.get(i);
            Attrs applied = applyAttrs(t, args);
            Map<String, Object> inner = new LinkedHashMap<>(scopes.get(i));
            if (inc.kind().equals("include_tasks")) {
                List<TaskNode> nodes;
                nodes = ctx.loader().loadTaskFile(files.get(i), applied);
                out.add(new Included(nodes, inner));
            } else {
                Object from = args.get("tasks_from");
                PlaybookLoader.LoadedRole lr;
                lr = ctx.loader().loadRoleAtRunTime(String.valueOf(args.get("name")),
                        from == null ? null : String.valueOf(from), inc.baseDir(), applied, t.pos());
                for (var r : lr.roles()) {
                    if (!play.roles.contains(r)) {
                        play.roles.add(r);
                    }
                }
                out.add(new Included(lr.tasks(), inner));
            }
        }
        return out;
    }

    private static Attrs applyAttrs(Task t, Map<String, Object> args) {
        Attrs base = Attrs.NONE.under(new Attrs(List.of(), List.of(), t.attrs().vars(), t.attrs().become(),
                t.attrs().becomeUser(), t.attrs().becomeMethod(), t.attrs().becomeFlags(), t.attrs().environment(),
                t.attrs().ignoreErrors(), t.attrs().noLog(), t.attrs().checkMode(), t.attrs().diff(),
                t.attrs().anyErrorsFatal(), t.attrs().role(), t.attrs().roleParams(), t.attrs().runOnce(),
                t.attrs().throttle(), t.attrs().timeout(), t.attrs().runOn()));
        if (args.get("apply") instanceof Map<?, ?> ap) {
            List<String> tags = new ArrayList<>();
            Object tg = ap.get("tags");
            if (tg instanceof List<?> l) {
                l.forEach(x -> tags.add(String.valueOf(x)));
            } else if (tg != null) {
                tags.add(String.valueOf(tg));
            }
            base = base.withTags(tags);
        }
        return base;
    }
}
