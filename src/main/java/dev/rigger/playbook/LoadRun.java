package dev.rigger.playbook;

import dev.rigger.AnsibleBool;
import dev.rigger.Pos;
import dev.rigger.RiggerException;
import dev.rigger.connection.ConnectionVar;
import dev.rigger.module.ModuleRegistry;
import dev.rigger.yaml.YList;
import dev.rigger.yaml.YMap;
import dev.rigger.yaml.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;

/**
 * One load (a playbook, or a task file or role included at run time): walks plays, roles and task files into the
 * model, collecting every problem. Made per call and used by one thread; what outlives it is in {@link Cache}.
 */
final class LoadRun {
    /** Roles and role handlers read once per loader, shared by the loads of all host threads. */
    record Cache(ConcurrentMap<Path, Role> roles, ConcurrentMap<Path, List<Task>> handlers) {
    }

    final Problems problems = new Problems();
    private final TaskFiles files;
    private final Cache cache;
    private final TaskParser parser;
    private final Deque<Path> fileStack = new ArrayDeque<>();
    private final Deque<String> roleStack = new ArrayDeque<>();
    /** Roles already refused for the plugins they ship (said once per load). */
    private final Set<Path> refused = new java.util.HashSet<>();

    private final dev.rigger.vault.Vault vault;

    LoadRun(ModuleRegistry registry, TaskFiles files, Cache cache, dev.rigger.vault.Vault vault) {
        this.vault = vault;
        this.files = files;
        this.cache = cache;
        this.parser = new TaskParser(problems, new ArgumentChecker(registry, problems), new SyntaxChecker(problems));
    }

    void loadPlaybook(Path abs, List<Play> plays) {
        if (fileStack.contains(abs)) {
            problems.add("circular import_playbook of " + abs, new Pos(abs.toString(), 0, 0));
            return;
        }
        Object doc;
        try {
            doc = YamlLoader.load(abs, vault);
        } catch (RiggerException e) {
            problems.add(e);
            return;
        }
        if (doc == null) {
            return;
        }
        List<String> plugins = TaskFiles.plugins(abs.getParent());
        if (!plugins.isEmpty() && refused.add(abs.getParent())) {
            problems.add("the playbook's folder ships Ansible plugins, code that rigger cannot run: "
                    + String.join(", ", plugins) + " in " + abs.getParent() + "; run it with ansible-playbook",
                    new Pos(abs.toString(), 0, 0));
        }
        if (!(doc instanceof YList list)) {
            problems.add("a playbook must be a list of plays, found " + Values.typeName(doc), Values.pos(doc, abs));
            return;
        }
        fileStack.push(abs);
        try {
            for (Object item : list) {
                if (!(item instanceof YMap m)) {
                    problems.add("a play must be a mapping, found " + Values.typeName(item), Values.pos(item, abs));
                    continue;
                }
                Object imp = Values.first(m, "import_playbook", "ansible.builtin.import_playbook", "include");
                if (imp != null) {
                    Path target = abs.getParent().resolve(String.valueOf(imp)).normalize();
                    if (!Files.isRegularFile(target)) {
                        problems.add("import_playbook: " + imp + " could not be found (looked at " + target + ")", m.pos());
                    } else {
                        loadPlaybook(target, plays);
                    }
                    continue;
                }
                Play p = play(m, abs);
                if (p != null) {
                    plays.add(p);
                }
            }
        } finally {
            fileStack.pop();
        }
    }

    private Play play(YMap m, Path file) {
        for (String k : m.keySet()) {
            if (!Keywords.PLAY_KEYS.contains(k)) {
                problems.add("'" + k + "' is not a valid attribute for a Play" + Keywords.suggest(k, Keywords.PLAY_KEYS), m.posOf(k));
            }
        }
        Object hosts = m.get("hosts");
        if (hosts == null) {
            problems.add("the field 'hosts' is required but was not set", m.pos());
            return null;
        }
        String hostsPattern = hosts instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                : String.valueOf(hosts);
        Path dir = file.getParent();
        Attrs playAttrs = parser.attrs(m, file).withRunOn(Map.of()); // a play's keywords: Play.connectionVars
        Map<String, Object> vars = new LinkedHashMap<>(parser.mapOrEmpty(m, "vars"));
        if (m.get("vars_prompt") instanceof List<?> prompts) { // no prompt: each takes its default (-e wins)
            for (Object o : prompts) {
                if (o instanceof Map<?, ?> pm && pm.get("name") != null && pm.containsKey("default")) {
                    vars.putIfAbsent(String.valueOf(pm.get("name")), pm.get("default"));
                }
            }
        }
        List<Object> varsFiles = new ArrayList<>();
        Object vf = m.get("vars_files");
        if (vf instanceof List<?> l) {
            varsFiles.addAll(l);
        } else if (vf != null) {
            varsFiles.add(vf);
        }
        List<TaskNode> pre = taskList(m.get("pre_tasks"), file, dir, playAttrs, m.posOf("pre_tasks"));
        List<Role> roles = new ArrayList<>();
        List<TaskNode> tasks = new ArrayList<>();
        List<Task> handlers = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Object rl = m.get("roles");
        if (rl != null) {
            if (!(rl instanceof List<?> l)) {
                problems.add("'roles' must be a list", m.posOf("roles"));
            } else {
                for (int i = 0; i < l.size(); i++) {
                    Object r = l.get(i);
                    Pos at = l instanceof YList yl ? yl.posOf(i) : Values.pos(r, file);
                    roleRef(r, dir, playAttrs, at, tasks, handlers, roles, seen);
                }
            }
        }
        tasks.addAll(taskList(m.get("tasks"), file, dir, playAttrs, m.posOf("tasks")));
        List<TaskNode> post = taskList(m.get("post_tasks"), file, dir, playAttrs, m.posOf("post_tasks"));
        List<Task> playHandlers = new ArrayList<>();
        for (TaskNode n : taskList(m.get("handlers"), file, dir, playAttrs, m.posOf("handlers"))) {
            collectHandlers(n, playHandlers);
        }
        playHandlers.addAll(0, handlers);
        for (Task h : playHandlers) {
            if (h.attrs().runOnce() != null && !Boolean.FALSE.equals(AnsibleBool.parse(h.attrs().runOnce()))) {
                problems.warn(Keywords.HANDLER_RUN_ONCE, h.pos());
            }
        }
        String strategy = m.get("strategy") == null ? "linear" : String.valueOf(m.get("strategy"));
        if (!Set.of("linear", "free", "host_pinned").contains(strategy)) {
            problems.add("unknown strategy '" + strategy + "' (supported: linear, free, host_pinned)", m.posOf("strategy"));
        }
        // keywords the play sets that rigger does not implement: every task of the play fails where it runs
        List<String> unimplemented = new ArrayList<>(Keywords.unimplemented(m));
        for (String k : unimplemented) {
            problems.warn(Keywords.unimplementedMessage(k), m.posOf(k));
        }
        Keywords.warnIgnored(m, problems);
        if (!unimplemented.isEmpty()) {
            pre = pre.stream().map(n -> Keywords.marked(n, unimplemented)).toList();
            tasks.replaceAll(n -> Keywords.marked(n, unimplemented));
            post = post.stream().map(n -> Keywords.marked(n, unimplemented)).toList();
            playHandlers.replaceAll(h -> h.withUnimplemented(unimplemented));
        }
        return new Play(Values.str(m.get("name")), hostsPattern, m.pos(), dir, playAttrs, vars, List.copyOf(varsFiles),
                List.copyOf(roles), List.copyOf(pre), List.copyOf(tasks), List.copyOf(post), List.copyOf(playHandlers),
                m.get("gather_facts"), m.get("serial"), strategy, m.get("max_fail_percentage"),
                m.get("force_handlers"), m.get("order"), connectionVars(m));
    }

    /** The play's connection keywords (remote_user, connection, port) as the variables they stand for. */
    private static Map<String, Object> connectionVars(YMap m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ConnectionVar v : ConnectionVar.values()) {
            if (v.keyword() != null && m.get(v.keyword()) != null) {
                out.put(v.mainName(), m.get(v.keyword()));
            }
        }
        return Map.copyOf(out);
    }


    private void collectHandlers(TaskNode n, List<Task> out) {
        if (n instanceof Task t) {
            out.add(t);
        } else if (n instanceof Block b) {
            for (List<TaskNode> part : List.of(b.block(), b.rescue(), b.always())) {
                for (TaskNode c : part) {
                    collectHandlers(c, out);
                }
            }
        } else if (n instanceof Include i) {
            problems.add("include_* inside handlers is not supported by rigger; use import_tasks", i.pos());
        }
    }

    private void roleRef(Object r, Path baseDir, Attrs parent, Pos pos, List<TaskNode> tasks, List<Task> handlers,
                         List<Role> roles, Set<String> seen) {
        String name;
        Attrs a;
        Map<String, Object> params = new LinkedHashMap<>();
        if (r instanceof String s) {
            name = s;
            a = Attrs.NONE.under(parent);
        } else if (r instanceof YMap m) {
            Object n = m.containsKey("role") ? m.get("role") : m.get("name");
            if (n == null) {
                problems.add("a role entry needs 'role:' (or 'name:')", m.pos());
                return;
            }
            name = String.valueOf(n);
            a = parser.attrs(m, Path.of(pos.file())).under(parent);
            for (Map.Entry<String, Object> e : m.entrySet()) {
                if (!Keywords.ROLE_REF_KEYS.contains(e.getKey())) {
                    params.put(e.getKey(), e.getValue());
                }
            }
            if (m.get("vars") instanceof Map<?, ?> v) {
                v.forEach((k, val) -> params.put(String.valueOf(k), val));
            }
            a = new Attrs(a.when(), a.tags(), Map.of(), a.become(), a.becomeUser(), a.becomeMethod(), a.becomeFlags(),
                    a.environment(), a.ignoreErrors(), a.noLog(), a.checkMode(), a.diff(), a.anyErrorsFatal(), a.role(),
                    a.roleParams(), a.runOnce(), a.throttle(), a.timeout(), a.runOn());
        } else {
            problems.add("a role entry must be a name or a mapping, found " + Values.typeName(r), pos);
            return;
        }
        loadRole(name, null, baseDir, a, params, pos, tasks, handlers, roles, seen, true);
    }

    void loadRole(String name, String tasksFrom, Path baseDir, Attrs attrs, Map<String, Object> params, Pos pos,
                          List<TaskNode> tasks, List<Task> handlers, List<Role> roles, Set<String> seen,
                          boolean dedupe) {
        Path dir = files.findRole(name, baseDir);
        if (dir == null) {
            problems.add("the role '" + name + "' was not found in " + String.join(":", files.searched(baseDir)), pos);
            return;
        }
        List<String> plugins = TaskFiles.plugins(dir);
        if (!plugins.isEmpty()) {
            if (refused.add(dir)) {
                problems.add("the role '" + name + "' ships Ansible plugins, code that rigger cannot run (it runs no "
                        + "Python on the controller or the rig): " + String.join(", ", plugins) + " in " + dir
                        + "; run this role with ansible-playbook", pos);
            }
            return;
        }
        if (roleStack.contains(dir.toString())) {
            List<String> chain = new ArrayList<>();
            roleStack.descendingIterator().forEachRemaining(s -> chain.add(Path.of(s).getFileName().toString()));
            problems.add("circular role dependency: " + String.join(" -> ", chain) + " -> " + dir.getFileName(), pos);
            return;
        }
        String key = dir + "|" + params + "|" + tasksFrom;
        if (dedupe && !seen.add(key)) {
            return;
        }
        roleStack.push(dir.toString());
        try {
            Role role = cache.roles().computeIfAbsent(dir, d -> new Role(TaskFiles.roleName(name, d), d,
                    mainMap(d.resolve("defaults")), mainMap(d.resolve("vars"))));
            Attrs roleAttrs = attrs.withRole(role, params);
            // meta dependencies run first
            Path meta = TaskFiles.mainFile(dir.resolve("meta"));
            if (meta != null) {
                Object doc = loadYaml(meta);
                if (doc instanceof YMap mm && mm.get("dependencies") instanceof List<?> deps) {
                    for (int di = 0; di < deps.size(); di++) {
                        Object d = deps.get(di);
                        Attrs depParent = Attrs.NONE.under(new Attrs(attrs.when(), attrs.tags(), Map.of(),
                                attrs.become(), attrs.becomeUser(), attrs.becomeMethod(), attrs.becomeFlags(),
                                attrs.environment(), attrs.ignoreErrors(), attrs.noLog(), attrs.checkMode(), attrs.diff(),
                                attrs.anyErrorsFatal(), null, Map.of(), attrs.runOnce(), attrs.throttle(),
                                attrs.timeout(), attrs.runOn()));
                        roleRef(d, baseDir, depParent, deps instanceof YList yl ? yl.posOf(di) : Values.pos(d, meta), tasks,
                                handlers, roles, seen);
                    }
                } else if (doc != null && !(doc instanceof YMap)) {
                    problems.add("meta/main.yml must be a mapping", Values.pos(doc, meta));
                }
            }
            if (!roles.contains(role)) {
                roles.add(role);
            }
            Path tasksFile = tasksFrom == null ? TaskFiles.mainFile(dir.resolve("tasks")) : TaskFiles.taskFromFile(dir, tasksFrom);
            if (tasksFrom != null && tasksFile == null) {
                problems.add("tasks_from: " + tasksFrom + " not found in role " + name, pos);
            }
            if (tasksFile != null) {
                tasks.addAll(taskFile(tasksFile, roleAttrs, pos));
            }
            Path hf = TaskFiles.mainFile(dir.resolve("handlers"));
            if (hf != null) {
                List<Task> hs = cache.handlers().get(hf);
                if (hs == null) {
                    List<Task> read = new ArrayList<>();
                    for (TaskNode n : taskFile(hf, Attrs.NONE.withRole(role, params), pos)) {
                        collectHandlers(n, read);
                    }
                    hs = List.copyOf(read);
                    cache.handlers().putIfAbsent(hf, hs);
                }
                for (Task h : hs) {
                    if (!handlers.contains(h)) {
                        handlers.add(h);
                    }
                }
            }
        } finally {
            roleStack.pop();
        }
    }

    private Map<String, Object> mainMap(Path dir) {
        Path f = TaskFiles.mainFile(dir);
        if (f == null) {
            return Map.of();
        }
        Object doc = loadYaml(f);
        if (doc == null) {
            return Map.of();
        }
        if (!(doc instanceof YMap m)) {
            problems.add("expected a mapping of variables, found " + Values.typeName(doc), Values.pos(doc, f));
            return Map.of();
        }
        return m;
    }

    private Object loadYaml(Path f) {
        try {
            return YamlLoader.load(f, vault);
        } catch (RiggerException e) {
            problems.add(e);
            return null;
        }
    }

    List<TaskNode> taskFile(Path file, Attrs attrs, Pos from) {
        if (fileStack.contains(file)) {
            problems.add("circular import of " + file, from);
            return List.of();
        }
        if (!Files.isRegularFile(file)) {
            problems.add("could not find or access '" + file + "'", from);
            return List.of();
        }
        Object doc = loadYaml(file);
        if (doc == null) {
            return List.of();
        }
        fileStack.push(file);
        try {
            if (!(doc instanceof YList)) {
                problems.add("a task file must contain a list of tasks, found " + Values.typeName(doc), Values.pos(doc, file));
                return List.of();
            }
            return taskList(doc, file, file.getParent(), attrs, Values.pos(doc, file));
        } finally {
            fileStack.pop();
        }
    }

    private List<TaskNode> taskList(Object value, Path file, Path dir, Attrs parent, Pos at) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            problems.add("expected a list of tasks, found " + Values.typeName(value), at);
            return List.of();
        }
        List<TaskNode> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (!(item instanceof YMap m)) {
                problems.add("a task must be a mapping, found " + Values.typeName(item) + " '" + item + "'",
                        list instanceof YList yl ? yl.posOf(i) : Values.pos(item, file));
                continue;
            }
            node(m, file, dir, parent, out);
        }
        return out;
    }

    private void node(YMap m, Path file, Path dir, Attrs parent, List<TaskNode> out) {
        if (m.containsKey("block")) {
            for (String k : m.keySet()) {
                if (!Keywords.BLOCK_KEYS.contains(k)) {
                    problems.add("'" + k + "' is not a valid attribute for a Block" + Keywords.suggest(k, Keywords.BLOCK_KEYS), m.posOf(k));
                }
            }
            List<String> unimplemented = Keywords.unimplemented(m);
            for (String k : unimplemented) {
                problems.warn(Keywords.unimplementedMessage(k), m.posOf(k));
            }
            Keywords.warnIgnored(m, problems);
            Attrs a = parser.attrs(m, file).under(parent);
            out.add(Keywords.marked(new Block(Values.str(m.get("name")), m.pos(), a,
                    List.copyOf(taskList(m.get("block"), file, dir, a, m.posOf("block"))),
                    List.copyOf(taskList(m.get("rescue"), file, dir, a, m.posOf("rescue"))),
                    List.copyOf(taskList(m.get("always"), file, dir, a, m.posOf("always")))), unimplemented));
            return;
        }
        Task t = parser.task(m, file, parent);
        if (t == null) {
            return;
        }
        String action = t.shortAction();
        switch (action) {
            case "import_tasks", "include" -> {
                String f = fileArg(t);
                if (f == null) {
                    return;
                }
                if (f.contains("{{")) {
                    problems.add("import_tasks cannot use a templated file name ('" + f + "'); use include_tasks", t.pos());
                    return;
                }
                if (t.loop() != null) {
                    problems.add("import_tasks cannot be used with a loop; use include_tasks", t.pos());
                    return;
                }
                Attrs a = t.attrs();
                Map<String, Object> extra = new LinkedHashMap<>(t.args());
                extra.remove("_raw_params");
                extra.remove("file");
                if (!extra.isEmpty()) {
                    Map<String, Object> v = new LinkedHashMap<>(a.vars());
                    v.putAll(extra);
                    a = a.withVars(v);
                }
                out.addAll(taskFile(TaskFiles.taskFile(dir, f, t.attrs().role()), a, t.pos()));
            }
            case "import_role" -> {
                Object name = t.args().get("name");
                if (name == null) {
                    problems.add("import_role needs 'name'", t.pos());
                    return;
                }
                List<Task> hs = new ArrayList<>();
                loadRole(String.valueOf(name), Values.str(t.args().get("tasks_from")), TaskFiles.playDir(dir),
                        t.attrs().withRole(null, Map.of()), Map.of(), t.pos(), out, hs, new ArrayList<>(),
                        new LinkedHashSet<>(), false);
            }
            case "include_tasks" -> {
                String f = fileArg(t);
                if (f == null) {
                    return;
                }
                // dynamic, as in Ansible: a missing file (or role) fails only a host that reaches the include, and
                // an include of a file being read is a recursion guarded by its when; a file that is there is
                // checked now and loaded again when reached
                if (!f.contains("{{")) {
                    Path target = TaskFiles.taskFile(dir, f, t.attrs().role());
                    if (Files.isRegularFile(target) && !fileStack.contains(target)) {
                        taskFile(target, Attrs.NONE, t.pos());
                    }
                }
                out.add(new Include("include_tasks", t, dir));
            }
            case "include_role" -> {
                if (t.args().get("name") == null) {
                    problems.add("include_role needs 'name'", t.pos());
                    return;
                }
                out.add(new Include("include_role", t, TaskFiles.playDir(dir)));
            }
            default -> out.add(t);
        }
    }

    private String fileArg(Task t) {
        Object f = t.args().containsKey("file") ? t.args().get("file") : t.args().get("_raw_params");
        if (f == null) {
            problems.add(t.shortAction() + " needs a file name", t.pos());
            return null;
        }
        return String.valueOf(f);
    }
}
