package dev.rigger.playbook;

import dev.rigger.Fqcn;
import dev.rigger.RiggerException;
import dev.rigger.module.Module;
import dev.rigger.module.ModuleRegistry;
import dev.rigger.module.ModuleSpec;
import dev.rigger.template.Templar;
import dev.rigger.Pos;
import dev.rigger.yaml.YList;
import dev.rigger.yaml.YMap;
import dev.rigger.yaml.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads playbooks, task files and roles into the immutable model, validating everything first: every problem
 * found is collected and reported at once as a {@link PlaybookException}, each with file:line:column.
 */
public final class PlaybookLoader {

    static final Set<String> PLAY_KEYS = Set.of("name", "hosts", "vars", "vars_files", "vars_prompt", "roles",
            "pre_tasks", "tasks", "post_tasks", "handlers", "become", "become_user", "become_method", "become_flags",
            "gather_facts", "serial", "strategy", "any_errors_fatal", "max_fail_percentage", "tags", "environment",
            "force_handlers", "ignore_errors", "no_log", "check_mode", "diff", "order", "remote_user", "connection",
            "port", "collections", "module_defaults", "gather_subset", "gather_timeout", "fact_path", "run_once",
            "throttle", "timeout", "debugger", "ignore_unreachable", "become_exe");

    static final Set<String> TASK_KEYS = Set.of("name", "when", "loop", "loop_control", "register", "notify",
            "listen", "tags", "ignore_errors", "ignore_unreachable", "failed_when", "changed_when", "become",
            "become_user", "become_method", "become_flags", "become_exe", "environment", "retries", "until", "delay",
            "check_mode", "diff", "no_log", "vars", "args", "delegate_to", "delegate_facts", "run_once",
            "any_errors_fatal", "throttle", "timeout", "debugger", "collections", "module_defaults", "connection",
            "remote_user", "port", "async", "poll");

    static final Set<String> BLOCK_KEYS = Set.of("block", "rescue", "always", "name", "when", "tags", "become",
            "become_user", "become_method", "become_flags", "environment", "ignore_errors", "no_log", "vars",
            "check_mode", "diff", "any_errors_fatal", "delegate_to", "run_once", "collections", "module_defaults",
            "ignore_unreachable", "throttle", "timeout", "debugger", "notify", "remote_user", "connection", "port",
            "become_exe");

    static final Set<String> ROLE_REF_KEYS = Set.of("role", "name", "vars", "when", "tags", "become", "become_user",
            "become_method", "environment", "ignore_errors", "no_log", "check_mode", "diff", "any_errors_fatal",
            "delegate_to", "collections");

    static final Set<String> SPECIAL_ACTIONS = Set.of("block", "include_tasks", "import_tasks", "include_role",
            "import_role", "meta", "include", "import_playbook", "include_vars_placeholder");

    static final Set<String> META_ACTIONS = Set.of("flush_handlers", "end_play", "end_host", "end_batch", "noop",
            "clear_facts", "clear_host_errors", "refresh_inventory", "reset_connection", "role_complete");

    private final ModuleRegistry registry;
    private final List<Path> rolesPath;
    private final List<RiggerException> errors = new ArrayList<>();
    private final Deque<Path> fileStack = new ArrayDeque<>();
    private final Map<Path, Role> roleCache = new HashMap<>();
    private final Map<Path, List<TaskNode>> roleTasks = new HashMap<>();
    private final Map<Path, List<Task>> roleHandlers = new HashMap<>();
    private final Deque<String> roleStack = new ArrayDeque<>();
    /** For load-time Jinja syntax checks; made on first use. */
    private Templar templar;

    public PlaybookLoader(ModuleRegistry registry, List<Path> rolesPath) {
        this.registry = registry;
        this.rolesPath = List.copyOf(rolesPath);
    }

    /** Loads a playbook, or throws a {@link PlaybookException} listing every problem found. */
    public Playbook load(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new PlaybookException(List.of(new RiggerException("the playbook " + file + " could not be found",
                    new Pos(file.toString(), 0, 0))));
        }
        List<Play> plays = new ArrayList<>();
        loadPlaybook(abs, plays);
        if (!errors.isEmpty()) {
            throw new PlaybookException(errors);
        }
        return new Playbook(abs, List.copyOf(plays));
    }

    /**
     * Loads a task file at run time (include_tasks / include_role), with the same validation.
     *
     * @throws PlaybookException when the file has problems
     */
    public List<TaskNode> loadTaskFile(Path file, Attrs attrs) {
        List<TaskNode> nodes = taskFile(file.toAbsolutePath().normalize(), attrs, Pos.UNKNOWN);
        if (!errors.isEmpty()) {
            List<RiggerException> copy = List.copyOf(errors);
            errors.clear();
            throw new PlaybookException(copy);
        }
        return nodes;
    }

    /** Loads a role at run time (include_role): its tasks (from tasks_from), handlers, defaults and vars. */
    public LoadedRole loadRoleAtRunTime(String name, String tasksFrom, Path baseDir, Attrs attrs, Pos pos) {
        List<TaskNode> tasks = new ArrayList<>();
        List<Task> handlers = new ArrayList<>();
        List<Role> roles = new ArrayList<>();
        loadRole(name, tasksFrom, baseDir, attrs, Map.of(), pos, tasks, handlers, roles, new LinkedHashSet<>(), false);
        if (!errors.isEmpty()) {
            List<RiggerException> copy = List.copyOf(errors);
            errors.clear();
            throw new PlaybookException(copy);
        }
        return new LoadedRole(roles, tasks, handlers);
    }

    /** A role loaded at run time, with the roles it depends on. */
    public record LoadedRole(List<Role> roles, List<TaskNode> tasks, List<Task> handlers) {
    }

    // ---------------------------------------------------------------- playbooks and plays

    private void loadPlaybook(Path abs, List<Play> plays) {
        if (fileStack.contains(abs)) {
            error("circular import_playbook of " + abs, new Pos(abs.toString(), 0, 0));
            return;
        }
        Object doc;
        try {
            doc = YamlLoader.load(abs);
        } catch (RiggerException e) {
            errors.add(e);
            return;
        }
        if (doc == null) {
            return;
        }
        if (!(doc instanceof YList list)) {
            error("a playbook must be a list of plays, found " + typeName(doc), pos(doc, abs));
            return;
        }
        fileStack.push(abs);
        try {
            for (Object item : list) {
                if (!(item instanceof YMap m)) {
                    error("a play must be a mapping, found " + typeName(item), pos(item, abs));
                    continue;
                }
                Object imp = first(m, "import_playbook", "ansible.builtin.import_playbook", "include");
                if (imp != null) {
                    Path target = abs.getParent().resolve(String.valueOf(imp)).normalize();
                    if (!Files.isRegularFile(target)) {
                        error("import_playbook: " + imp + " could not be found (looked at " + target + ")", m.pos());
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
            if (!PLAY_KEYS.contains(k)) {
                error("'" + k + "' is not a valid attribute for a Play" + suggest(k, PLAY_KEYS), m.posOf(k));
            }
        }
        Object hosts = m.get("hosts");
        if (hosts == null) {
            error("the field 'hosts' is required but was not set", m.pos());
            return null;
        }
        String hostsPattern = hosts instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                : String.valueOf(hosts);
        Path dir = file.getParent();
        Attrs playAttrs = attrs(m, file);
        Map<String, Object> vars = mapOrEmpty(m, "vars");
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
                error("'roles' must be a list", m.posOf("roles"));
            } else {
                for (int i = 0; i < l.size(); i++) {
                    Object r = l.get(i);
                    Pos at = l instanceof YList yl ? yl.posOf(i) : pos(r, file);
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
        String strategy = m.get("strategy") == null ? "linear" : String.valueOf(m.get("strategy"));
        if (!Set.of("linear", "free", "host_pinned").contains(strategy)) {
            error("unknown strategy '" + strategy + "' (supported: linear, free, host_pinned)", m.posOf("strategy"));
        }
        return new Play(str(m.get("name")), hostsPattern, m.pos(), dir, playAttrs, vars, List.copyOf(varsFiles),
                List.copyOf(roles), List.copyOf(pre), List.copyOf(tasks), List.copyOf(post), List.copyOf(playHandlers),
                m.get("gather_facts"), m.get("serial"), strategy, m.get("max_fail_percentage"),
                m.get("force_handlers"), m.get("order"), connectionVars(m));
    }

    private static Map<String, Object> connectionVars(YMap m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String[] kv : new String[][] {{"remote_user", "ansible_user"}, {"connection", "ansible_connection"},
            {"port", "ansible_port"}}) {
            if (m.get(kv[0]) != null) {
                out.put(kv[1], m.get(kv[0]));
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
            error("include_* inside handlers is not supported by rigger; use import_tasks", i.pos());
        }
    }

    // ---------------------------------------------------------------- roles

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
                error("a role entry needs 'role:' (or 'name:')", m.pos());
                return;
            }
            name = String.valueOf(n);
            a = attrs(m, Path.of(pos.file())).under(parent);
            for (Map.Entry<String, Object> e : m.entrySet()) {
                if (!ROLE_REF_KEYS.contains(e.getKey())) {
                    params.put(e.getKey(), e.getValue());
                }
            }
            if (m.get("vars") instanceof Map<?, ?> v) {
                v.forEach((k, val) -> params.put(String.valueOf(k), val));
            }
            a = new Attrs(a.when(), a.tags(), Map.of(), a.become(), a.becomeUser(), a.becomeMethod(), a.becomeFlags(),
                    a.environment(), a.ignoreErrors(), a.noLog(), a.checkMode(), a.diff(), a.anyErrorsFatal(), a.role(),
                    a.roleParams());
        } else {
            error("a role entry must be a name or a mapping, found " + typeName(r), pos);
            return;
        }
        loadRole(name, null, baseDir, a, params, pos, tasks, handlers, roles, seen, true);
    }

    private Path findRole(String name, Path baseDir) {
        List<Path> candidates = new ArrayList<>();
        Path direct = Path.of(name);
        if (direct.isAbsolute()) {
            candidates.add(direct);
        }
        candidates.add(baseDir.resolve("roles").resolve(name));
        for (Path p : rolesPath) {
            candidates.add(p.resolve(name));
        }
        candidates.add(baseDir.resolve(name));
        for (Path c : candidates) {
            if (Files.isDirectory(c)) {
                return c.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    private void loadRole(String name, String tasksFrom, Path baseDir, Attrs attrs, Map<String, Object> params, Pos pos,
                          List<TaskNode> tasks, List<Task> handlers, List<Role> roles, Set<String> seen,
                          boolean dedupe) {
        Path dir = findRole(name, baseDir);
        if (dir == null) {
            List<String> searched = new ArrayList<>();
            searched.add(baseDir.resolve("roles").toString());
            rolesPath.forEach(p -> searched.add(p.toString()));
            searched.add(baseDir.toString());
            error("the role '" + name + "' was not found in " + String.join(":", searched), pos);
            return;
        }
        if (roleStack.contains(dir.toString())) {
            List<String> chain = new ArrayList<>();
            roleStack.descendingIterator().forEachRemaining(s -> chain.add(Path.of(s).getFileName().toString()));
            error("circular role dependency: " + String.join(" -> ", chain) + " -> " + dir.getFileName(), pos);
            return;
        }
        String key = dir + "|" + params + "|" + tasksFrom;
        if (dedupe && !seen.add(key)) {
            return;
        }
        roleStack.push(dir.toString());
        try {
            Role role = roleCache.computeIfAbsent(dir, d -> new Role(d.getFileName().toString(), d,
                    mainMap(d.resolve("defaults")), mainMap(d.resolve("vars"))));
            Attrs roleAttrs = attrs.withRole(role, params);
            // meta dependencies run first
            Path meta = mainFile(dir.resolve("meta"));
            if (meta != null) {
                Object doc = loadYaml(meta);
                if (doc instanceof YMap mm && mm.get("dependencies") instanceof List<?> deps) {
                    for (int di = 0; di < deps.size(); di++) {
                        Object d = deps.get(di);
                        Attrs depParent = Attrs.NONE.under(new Attrs(attrs.when(), attrs.tags(), Map.of(),
                                attrs.become(), attrs.becomeUser(), attrs.becomeMethod(), attrs.becomeFlags(),
                                attrs.environment(), attrs.ignoreErrors(), attrs.noLog(), attrs.checkMode(), attrs.diff(),
                                attrs.anyErrorsFatal(), null, Map.of()));
                        roleRef(d, baseDir, depParent, deps instanceof YList yl ? yl.posOf(di) : pos(d, meta), tasks,
                                handlers, roles, seen);
                    }
                } else if (doc != null && !(doc instanceof YMap)) {
                    error("meta/main.yml must be a mapping", pos(doc, meta));
                }
            }
            if (!roles.contains(role)) {
                roles.add(role);
            }
            Path tasksFile = tasksFrom == null ? mainFile(dir.resolve("tasks")) : taskFromFile(dir, tasksFrom);
            if (tasksFrom != null && tasksFile == null) {
                error("tasks_from: " + tasksFrom + " not found in role " + name, pos);
            }
            if (tasksFile != null) {
                tasks.addAll(taskFile(tasksFile, roleAttrs, pos));
            }
            Path hf = mainFile(dir.resolve("handlers"));
            if (hf != null) {
                List<Task> hs = roleHandlers.get(hf);
                if (hs == null) {
                    hs = new ArrayList<>();
                    for (TaskNode n : taskFile(hf, Attrs.NONE.withRole(role, params), pos)) {
                        collectHandlers(n, hs);
                    }
                    roleHandlers.put(hf, hs);
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

    private static Path taskFromFile(Path dir, String from) {
        for (String cand : List.of(from, from + ".yml", from + ".yaml")) {
            Path p = dir.resolve("tasks").resolve(cand);
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    private static Path mainFile(Path dir) {
        for (String n : List.of("main.yml", "main.yaml", "main")) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    private Map<String, Object> mainMap(Path dir) {
        Path f = mainFile(dir);
        if (f == null) {
            return Map.of();
        }
        Object doc = loadYaml(f);
        if (doc == null) {
            return Map.of();
        }
        if (!(doc instanceof YMap m)) {
            error("expected a mapping of variables, found " + typeName(doc), pos(doc, f));
            return Map.of();
        }
        return m;
    }

    private Object loadYaml(Path f) {
        try {
            return YamlLoader.load(f);
        } catch (RiggerException e) {
            errors.add(e);
            return null;
        }
    }

    // ---------------------------------------------------------------- tasks

    private List<TaskNode> taskFile(Path file, Attrs attrs, Pos from) {
        if (fileStack.contains(file)) {
            error("circular import of " + file, from);
            return List.of();
        }
        if (!Files.isRegularFile(file)) {
            error("could not find or access '" + file + "'", from);
            return List.of();
        }
        Object doc = loadYaml(file);
        if (doc == null) {
            return List.of();
        }
        fileStack.push(file);
        try {
            if (!(doc instanceof YList)) {
                error("a task file must contain a list of tasks, found " + typeName(doc), pos(doc, file));
                return List.of();
            }
            return taskList(doc, file, file.getParent(), attrs, pos(doc, file));
        } finally {
            fileStack.pop();
        }
    }

    private List<TaskNode> taskList(Object value, Path file, Path dir, Attrs parent, Pos at) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            error("expected a list of tasks, found " + typeName(value), at);
            return List.of();
        }
        List<TaskNode> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (!(item instanceof YMap m)) {
                error("a task must be a mapping, found " + typeName(item) + " '" + item + "'",
                        list instanceof YList yl ? yl.posOf(i) : pos(item, file));
                continue;
            }
            node(m, file, dir, parent, out);
        }
        return out;
    }

    private void node(YMap m, Path file, Path dir, Attrs parent, List<TaskNode> out) {
        if (m.containsKey("block")) {
            for (String k : m.keySet()) {
                if (!BLOCK_KEYS.contains(k)) {
                    error("'" + k + "' is not a valid attribute for a Block" + suggest(k, BLOCK_KEYS), m.posOf(k));
                }
            }
            for (String k : m.keySet()) {
                if (UNSUPPORTED.contains(k)) {
                    error("'" + k + "' is not supported by rigger yet; remove it or run this play with "
                            + "ansible-playbook", m.posOf(k));
                }
            }
            Attrs a = attrs(m, file).under(parent);
            out.add(new Block(str(m.get("name")), m.pos(), a,
                    List.copyOf(taskList(m.get("block"), file, dir, a, m.posOf("block"))),
                    List.copyOf(taskList(m.get("rescue"), file, dir, a, m.posOf("rescue"))),
                    List.copyOf(taskList(m.get("always"), file, dir, a, m.posOf("always")))));
            return;
        }
        Task t = task(m, file, parent);
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
                    error("import_tasks cannot use a templated file name ('" + f + "'); use include_tasks", t.pos());
                    return;
                }
                if (t.loop() != null) {
                    error("import_tasks cannot be used with a loop; use include_tasks", t.pos());
                    return;
                }
                Attrs a = t.attrs();
                Map<String, Object> extra = new LinkedHashMap<>(t.args());
                extra.remove("_raw_params");
                extra.remove("file");
                if (!extra.isEmpty()) {
                    Map<String, Object> v = new LinkedHashMap<>(a.vars());
                    v.putAll(extra);
                    a = new Attrs(a.when(), a.tags(), v, a.become(), a.becomeUser(), a.becomeMethod(), a.becomeFlags(),
                            a.environment(), a.ignoreErrors(), a.noLog(), a.checkMode(), a.diff(), a.anyErrorsFatal(),
                            a.role(), a.roleParams());
                }
                out.addAll(taskFile(resolveTaskFile(dir, f, t.attrs().role()), a, t.pos()));
            }
            case "import_role" -> {
                Object name = t.args().get("name");
                if (name == null) {
                    error("import_role needs 'name'", t.pos());
                    return;
                }
                List<Task> hs = new ArrayList<>();
                loadRole(String.valueOf(name), str(t.args().get("tasks_from")), playDir(dir),
                        t.attrs().withRole(null, Map.of()), Map.of(), t.pos(), out, hs, new ArrayList<>(),
                        new LinkedHashSet<>(), false);
            }
            case "include_tasks" -> {
                String f = fileArg(t);
                if (f == null) {
                    return;
                }
                if (!f.contains("{{")) {
                    Path target = resolveTaskFile(dir, f, t.attrs().role());
                    if (!Files.isRegularFile(target)) {
                        error("could not find or access '" + f + "' (looked at " + target + ")", t.pos());
                        return;
                    }
                    if (fileStack.contains(target)) {
                        error("circular include of " + target, t.pos());
                        return;
                    }
                    taskFile(target, Attrs.NONE, t.pos()); // validate now, load again when reached
                }
                out.add(new Include("include_tasks", t, dir));
            }
            case "include_role" -> {
                if (t.args().get("name") == null) {
                    error("include_role needs 'name'", t.pos());
                    return;
                }
                String n = String.valueOf(t.args().get("name"));
                if (!n.contains("{{") && findRole(n, playDir(dir)) == null) {
                    error("the role '" + n + "' was not found", t.pos());
                    return;
                }
                out.add(new Include("include_role", t, playDir(dir)));
            }
            default -> out.add(t);
        }
    }

    private Path playDir(Path dir) {
        // inside a role's tasks/ folder, roles resolve against the playbook's folder: walk up to a folder holding roles/
        Path d = dir;
        for (int i = 0; i < 4 && d != null; i++) {
            if (Files.isDirectory(d.resolve("roles"))) {
                return d;
            }
            d = d.getParent();
        }
        return dir;
    }

    private static Path resolveTaskFile(Path dir, String f, Role role) {
        Path p = Path.of(f);
        if (p.isAbsolute()) {
            return p.normalize();
        }
        if (role != null) {
            Path inRole = role.path().resolve("tasks").resolve(f);
            if (Files.isRegularFile(inRole)) {
                return inRole.normalize();
            }
        }
        return dir.resolve(f).normalize();
    }

    private String fileArg(Task t) {
        Object f = t.args().containsKey("file") ? t.args().get("file") : t.args().get("_raw_params");
        if (f == null) {
            error(t.shortAction() + " needs a file name", t.pos());
            return null;
        }
        return String.valueOf(f);
    }

    /** Keywords Ansible has that rigger does not run yet: refused at load time rather than silently ignored. */
    static final Set<String> UNSUPPORTED = Set.of("delegate_to", "delegate_facts", "run_once", "async", "poll",
            "local_action", "connection", "remote_user", "port", "timeout", "ignore_unreachable",
            "module_defaults");

    private Task task(YMap m, Path file, Attrs parent) {
        for (String k : m.keySet()) {
            if (UNSUPPORTED.contains(k)) {
                error("'" + k + "' is not supported by rigger yet (the task would run differently than under "
                        + "Ansible); remove it or run this play with ansible-playbook", m.posOf(k));
            }
        }
        String action = null;
        Object rawArgs = null;
        Pos actionPos = m.pos();
        String loopKind = null;
        Object loop = null;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String k = e.getKey();
            if (TASK_KEYS.contains(k)) {
                continue;
            }
            if (k.startsWith("with_")) {
                if (loop != null) {
                    error("a task can have only one loop ('" + loopKind + "' and '" + k + "')", m.posOf(k));
                }
                loopKind = k;
                loop = e.getValue();
                continue;
            }
            if (k.equals("action") || k.equals("local_action")) {
                continue;
            }
            if (action != null) {
                String why = isAction(k) ? "conflicting action statements: " + action + ", " + k
                        : "'" + k + "' is not a valid attribute for a Task" + suggest(k, TASK_KEYS);
                error(why, m.posOf(k));
                continue;
            }
            if (!isAction(k)) {
                error("couldn't resolve module/action '" + k + "'. rigger supports: "
                        + String.join(", ", new TreeSet<>(registry.names())) + ", and block, import_tasks, "
                        + "include_tasks, import_role, include_role, meta", m.posOf(k));
                return null;
            }
            action = k;
            rawArgs = e.getValue();
            actionPos = m.posOf(k);
        }
        if (action == null && (m.containsKey("action") || m.containsKey("local_action"))) {
            Object a = m.containsKey("action") ? m.get("action") : m.get("local_action");
            actionPos = m.posOf(m.containsKey("action") ? "action" : "local_action");
            if (a instanceof Map<?, ?> am && am.get("module") != null) {
                action = String.valueOf(am.get("module"));
                Map<String, Object> rest = new LinkedHashMap<>();
                am.forEach((k, v) -> {
                    if (!"module".equals(k)) {
                        rest.put(String.valueOf(k), v);
                    }
                });
                rawArgs = rest;
            } else if (a != null) {
                String s = String.valueOf(a).trim();
                int sp = s.indexOf(' ');
                action = sp < 0 ? s : s.substring(0, sp);
                rawArgs = sp < 0 ? null : s.substring(sp + 1);
            }
            if (action != null && !isAction(action)) {
                error("couldn't resolve module/action '" + action + "'", actionPos);
                return null;
            }
        }
        if (action == null) {
            error("no module/action detected in task" + (m.get("name") != null ? " '" + m.get("name") + "'" : ""),
                    m.pos());
            return null;
        }
        if (m.containsKey("loop")) {
            if (loop != null) {
                error("a task can have only one loop ('loop' and '" + loopKind + "')", m.posOf("loop"));
            }
            loopKind = "loop";
            loop = m.get("loop");
        }
        String shortName = Fqcn.strip(action);
        Map<String, Object> args = args(shortName, rawArgs, m, actionPos);
        if (m.get("args") instanceof Map<?, ?> extra) {
            extra.forEach((k, v) -> args.putIfAbsent(String.valueOf(k), v));
        }
        validateArgs(shortName, args, actionPos);
        checkJinja(m, rawArgs instanceof YMap ym ? ym : null, args, actionPos, loopKind);
        Attrs a = attrs(m, file).under(parent);
        Map<String, Object> lc = m.get("loop_control") instanceof Map<?, ?> lcm ? copy(lcm) : Map.of();
        return new Task(str(m.get("name")), action, args, m.pos(), a, loop, loopKind, lc, str(m.get("register")),
                strList(m.get("notify")), strList(m.get("listen")), condList(m.get("failed_when")),
                condList(m.get("changed_when")), condList(m.get("until")), m.get("retries"), m.get("delay"),
                m.get("delegate_to"), m.get("run_once"));
    }

    private Map<String, Object> args(String action, Object raw, YMap m, Pos at) {
        Map<String, Object> args = new LinkedHashMap<>();
        if (raw == null) {
            return args;
        }
        if (raw instanceof Map<?, ?> rm) {
            rm.forEach((k, v) -> args.put(String.valueOf(k), v));
            return args;
        }
        if (raw instanceof List<?>) {
            error("the arguments of '" + action + "' must be a mapping or key=value text, not a list", at);
            return args;
        }
        String text = String.valueOf(raw);
        if (action.equals("meta")) {
            args.put("_raw_params", text.trim());
            return args;
        }
        Module mod = registry.find(action);
        boolean freeForm = mod == null || mod.spec().freeForm();
        Set<String> keys = mod == null ? Set.of("file", "apply", "name") : KeyValue.COMMAND_KEYS;
        if (mod == null && (action.equals("include_tasks") || action.equals("import_tasks")
                || action.equals("include"))) {
            keys = Set.of();
        }
        try {
            args.putAll(KeyValue.parse(text, freeForm, keys));
        } catch (IllegalArgumentException e) {
            error("'" + action + "': " + e.getMessage(), at);
        }
        return args;
    }

    private void validateArgs(String action, Map<String, Object> args, Pos at) {
        if (action.equals("meta")) {
            Object what = args.get("_raw_params");
            if (what == null || !META_ACTIONS.contains(String.valueOf(what))) {
                error("invalid meta action '" + what + "' (supported: " + String.join(", ",
                        new TreeSet<>(META_ACTIONS)) + ")", at);
            }
            return;
        }
        Module mod = registry.find(action);
        if (mod == null) {
            return;
        }
        ModuleSpec spec = mod.spec();
        Map<String, Object> canon = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : args.entrySet()) {
            String c = spec.canonical(e.getKey());
            if (c == null) {
                if (e.getKey().equals("_raw_params")) {
                    error("'" + action + "' does not take free-form arguments: use key=value or a mapping", at);
                } else {
                    error("unsupported parameter for " + action + ": '" + e.getKey() + "'. Supported parameters: "
                            + String.join(", ", new TreeSet<>(spec.args())), at);
                }
                continue;
            }
            canon.put(c, e.getValue());
        }
        for (String r : spec.required()) {
            if (!canon.containsKey(r)) {
                error("missing required argument for " + action + ": " + r, at);
            }
        }
        for (String problem : spec.problems(action, canon)) {
            error(problem, at);
        }
        args.clear();
        args.putAll(canon);
    }

    private boolean isAction(String k) {
        return SPECIAL_ACTIONS.contains(Fqcn.strip(k)) || registry.isModule(k);
    }

    private Attrs attrs(YMap m, Path file) {
        Map<String, Object> vars = mapOrEmpty(m, "vars");
        Map<String, Object> env = new LinkedHashMap<>();
        Object e = m.get("environment");
        if (e instanceof Map<?, ?> em) {
            em.forEach((k, v) -> env.put(String.valueOf(k), v));
        } else if (e != null) {
            env.put("__template__", e);
        }
        return new Attrs(condList(m.get("when")), tagList(m.get("tags")), vars, m.get("become"), m.get("become_user"),
                m.get("become_method"), m.get("become_flags"), env, m.get("ignore_errors"), m.get("no_log"),
                m.get("check_mode"), m.get("diff"), m.get("any_errors_fatal"), null, Map.of());
    }

    private Map<String, Object> mapOrEmpty(YMap m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> mm) {
            return copy(mm);
        }
        if (v instanceof List<?> l && key.equals("vars")) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Object o : l) {
                if (o instanceof Map<?, ?> om) {
                    om.forEach((k, val) -> out.put(String.valueOf(k), val));
                }
            }
            return out;
        }
        error("'" + key + "' must be a mapping, found " + typeName(v), m.posOf(key));
        return Map.of();
    }

    private static Map<String, Object> copy(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    static List<String> condList(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(PlaybookLoader::condString).toList();
        }
        return List.of(condString(v));
    }

    private static String condString(Object o) {
        if (o instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return String.valueOf(o);
    }

    static List<String> strList(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(v));
    }

    static List<String> tagList(Object v) {
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : strList(v)) {
            for (String p : s.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.trim());
                }
            }
        }
        return out;
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static Object first(Map<String, Object> m, String... keys) {
        for (String k : keys) {
            if (m.containsKey(k)) {
                return m.get(k);
            }
        }
        return null;
    }

    private static Pos pos(Object o, Path file) {
        return o instanceof dev.rigger.yaml.Located l ? l.pos() : new Pos(file.toString(), 0, 0);
    }

    static String typeName(Object o) {
        if (o == null) {
            return "nothing";
        }
        if (o instanceof Map) {
            return "a mapping";
        }
        if (o instanceof List) {
            return "a list";
        }
        if (o instanceof String) {
            return "a string";
        }
        if (o instanceof Boolean) {
            return "a boolean";
        }
        if (o instanceof Number) {
            return "a number";
        }
        return o.getClass().getSimpleName();
    }

    private static String suggest(String k, Set<String> valid) {
        String best = null;
        int bestD = 3;
        for (String v : valid) {
            int d = distance(k, v);
            if (d < bestD) {
                bestD = d;
                best = v;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The Jinja in a task's static strings parses: name, arguments, loop and conditions (nothing is rendered). */
    private void checkJinja(YMap m, YMap rawArgs, Map<String, Object> args, Pos argsPos, String loopKind) {
        checkTemplates(m.get("name"), m.posOf("name"));
        for (Map.Entry<String, Object> e : args.entrySet()) {
            Pos at = rawArgs != null && rawArgs.containsKey(e.getKey()) ? rawArgs.posOf(e.getKey()) : argsPos;
            checkTemplates(e.getValue(), at == null ? argsPos : at);
        }
        if (loopKind != null) {
            checkTemplates(m.get(loopKind), m.posOf(loopKind));
        }
        for (String k : List.of("when", "failed_when", "changed_when", "until")) {
            checkConditions(m, k);
        }
    }

    private void checkConditions(YMap m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return;
        }
        List<?> items = v instanceof List<?> l ? l : List.of(v);
        for (Object o : items) {
            if (o instanceof Map<?, ?> || o instanceof List<?>) {
                error("'" + key + "' must be a condition (a string such as \"x is defined\", a boolean, or a list of "
                        + "them), found " + typeName(o), m.posOf(key));
                return;
            }
            if (o instanceof String s) {
                try {
                    templar().checkExpressionSyntax(s);
                } catch (RiggerException e) {
                    error("in '" + key + "': " + e.getMessage(), m.posOf(key));
                    return;
                }
            }
        }
    }

    private void checkTemplates(Object v, Pos at) {
        if (v instanceof String s) {
            try {
                templar().checkSyntax(s);
            } catch (RiggerException e) {
                error(e.getMessage(), at);
            }
        } else if (v instanceof Map<?, ?> mm) {
            for (Map.Entry<?, ?> e : mm.entrySet()) {
                Pos p = mm instanceof YMap ym && e.getKey() instanceof String k ? ym.posOf(k) : at;
                checkTemplates(e.getKey(), at);
                checkTemplates(e.getValue(), p == null ? at : p);
            }
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                Pos p = l instanceof YList yl ? yl.posOf(i) : at;
                checkTemplates(l.get(i), p == null ? at : p);
            }
        }
    }

    private Templar templar() {
        if (templar == null) {
            templar = new Templar();
        }
        return templar;
    }

    private void error(String msg, Pos at) {
        errors.add(new RiggerException(msg, at));
    }
}
