package dev.rigger.executor;

import dev.rigger.RiggerException;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import dev.rigger.connection.Connection;
import dev.rigger.connection.UnreachableException;
import dev.rigger.playbook.Attrs;
import dev.rigger.playbook.Block;
import dev.rigger.playbook.Include;
import dev.rigger.playbook.PlaybookLoader;
import dev.rigger.playbook.Task;
import dev.rigger.playbook.TaskNode;
import dev.rigger.vars.LazyVars;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one play batch on one host: facts, pre_tasks, roles and tasks, post_tasks and their handler flushes,
 * walking blocks (rescue/always) and includes, stepping through the play's gate before every task.
 */
final class HostRunner implements Runnable {
    private final PlayRun play;
    private final Runner runner;
    private final HostState hs;
    private final Set<Task> notified = new LinkedHashSet<>();
    private final TaskExecutor executor;

    /** The host failed a task (not ignored): caught by rescue, or ends the host's play. */
    static final class HostFailed extends RuntimeException {
        final transient Task task;
        final transient Map<String, Object> result;

        HostFailed(Task task, Map<String, Object> result) {
            super(null, null, false, false);
            this.task = task;
            this.result = result;
        }
    }

    /** The host became unreachable: it is out for the rest of the run. */
    static final class HostUnreachable extends RuntimeException {
        HostUnreachable() {
            super(null, null, false, false);
        }
    }

    /** The play was stopped for this host (abort, end_play, end_host, interrupt). */
    static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    HostRunner(PlayRun play, HostState hs) {
        this.play = play;
        this.runner = play.runner;
        this.hs = hs;
        this.executor = new TaskExecutor(play, hs, this);
    }

    @Override
    public void run() {
        try {
            play.loadVarsFiles(hs);
            if (gatherFacts()) {
                factsStep();
            }
            runNodes(play.play.preTasks(), StepKey.of(1), Map.of());
            flush(StepKey.of(2));
            runNodes(play.play.tasks(), StepKey.of(3), Map.of());
            flush(StepKey.of(4));
            runNodes(play.play.postTasks(), StepKey.of(5), Map.of());
            flush(StepKey.of(6));
        } catch (HostFailed f) {
            hs.failedThisPlay = true;
            runner.markFailed();
            if (PlayRun.truthy(f.task.attrs().anyErrorsFatal() != null
                    ? executor.templated(f.task.attrs().anyErrorsFatal(), Map.of()) : null)
                    || PlayRun.truthy(play.play.attrs().anyErrorsFatal())) {
                play.fatal();
            }
            if (forceHandlers()) {
                try {
                    flush(StepKey.of(7));
                } catch (RuntimeException ignored) {
                    // the host has failed already
                }
            }
        } catch (HostUnreachable u) {
            hs.unreachable = true;
            runner.markUnreachable();
        } catch (Stop s) {
            // the play ended for this host
        } catch (RiggerException e) {
            // an error outside any task (vars_files, facts): report it as a failure of the host
            hostFailed(e.describe());
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // a bug in rigger: this host's failure, reported like any other, never a stack trace or exit 0
            hostFailed(TaskResults.internalError(e));
        } finally {
            play.gate.finish(hs.name);
        }
    }

    private void hostFailed(String message) {
        hs.failedThisPlay = true;
        runner.markFailed();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("msg", message);
        TaskInfo info = new TaskInfo("play", "play", play.play.pos().toString(), false, false, false);
        TaskOutcome o = new TaskOutcome.Failed(hs.name, r, false);
        runner.stats.add(hs.name, Stats.Kind.FAILED);
        runner.bus.taskResult(info, o);
        runner.record(info, o);
    }

    private boolean forceHandlers() {
        return runner.options.forceHandlers() || PlayRun.truthy(play.play.forceHandlers());
    }

    private boolean gatherFacts() {
        Object g = play.play.gatherFacts();
        return g == null || PlayRun.truthy(executor.templated(g, Map.of()));
    }

    Connection connection() {
        if (hs.connection == null) {
            Map<String, Object> vars = play.lazy(play.merged(hs, null, null, null, null));
            Map<String, Object> conn = new LinkedHashMap<>();
            for (String k : List.of("ansible_host", "ansible_port", "ansible_user", "ansible_ssh_private_key_file",
                    "ansible_connection", "ansible_password", "ansible_ssh_pass", "ansible_ssh_timeout",
                    "ansible_timeout", "ansible_ssh_common_args", "ansible_host_key_checking",
                    "ansible_ssh_host_key_checking")) {
                if (vars.containsKey(k)) {
                    conn.put(k, vars.get(k));
                }
            }
            // the play's remote_user / connection / port keywords, where no host variable says otherwise
            play.play.connectionVars().forEach((k, v) -> {
                if (!conn.containsKey(k)) {
                    conn.put(k, runner.templar.render(v, vars));
                }
            });
            try {
                hs.connection = runner.connections.open(hs.name, conn);
                hs.connection.warnings().forEach(w -> runner.bus.warning(hs.name + ": " + w));
            } catch (UnreachableException e) {
                throw new Unreachable(e.getMessage());
            } catch (IOException e) {
                throw new Unreachable("failed to connect to the host: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new Unreachable(e.getMessage()); // a connection setting that cannot be honoured
            }
        }
        return hs.connection;
    }

    /** Closes the host's connection and opens a new one (after a reboot). */
    Connection reconnect() throws IOException {
        if (hs.connection != null) {
            try {
                hs.connection.close();
            } catch (RuntimeException ignored) {
                // the old connection is gone already
            }
            hs.connection = null;
        }
        try {
            return connection();
        } catch (Unreachable u) {
            throw new dev.rigger.connection.UnreachableException(u.getMessage());
        }
    }

    /** The connection could not be opened or was lost. */
    static final class Unreachable extends RuntimeException {
        Unreachable(String msg) {
            super(msg, null, false, false);
        }
    }

    private void factsStep() {
        TaskInfo info = new TaskInfo("Gathering Facts", "gather_facts", play.play.pos().toString(), false, false,
                false);
        enter(StepKey.of(0), "facts", info);
        TaskOutcome o;
        try {
            acquire();
            try {
                Map<String, Object> facts;
                try {
                    facts = runner.factGatherer.gather(connection());
                } catch (UnreachableException e) {
                    throw new Unreachable(e.getMessage());
                } catch (IOException e) {
                    throw new RiggerException("gathering facts failed: " + e.getMessage());
                }
                hs.facts.putAll(dev.rigger.Unsafe.mark(facts)); // a rig's facts are data, never templates
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("changed", false);
                o = new TaskOutcome.Ok(hs.name, r, false);
                runner.stats.add(hs.name, Stats.Kind.OK);
            } catch (Unreachable u) {
                o = unreachable(u.getMessage());
            } catch (RiggerException e) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("msg", e.describe());
                o = new TaskOutcome.Failed(hs.name, r, false);
                runner.stats.add(hs.name, Stats.Kind.FAILED);
            } finally {
                runner.forks.release();
            }
            runner.bus.taskResult(info, o);
            runner.record(info, o);
        } finally {
            play.gate.leave(hs.name);
        }
        if (o instanceof TaskOutcome.Unreachable) {
            throw new HostUnreachable();
        }
        if (o instanceof TaskOutcome.Failed) {
            throw new HostFailed(null, o.result());
        }
    }

    TaskOutcome unreachable(String msg) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("changed", false);
        r.put("msg", msg);
        r.put("unreachable", true);
        runner.stats.add(hs.name, Stats.Kind.UNREACHABLE);
        return new TaskOutcome.Unreachable(hs.name, r);
    }

    void acquire() {
        try {
            runner.forks.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            play.gate.leave(hs.name);
            throw new Stop();
        }
    }

    void enter(StepKey key, String group, TaskInfo info) {
        if (runner.interrupted || play.ended() || hs.endedThisPlay) {
            throw new Stop();
        }
        try {
            if (!play.gate.enter(hs.name, key, group, info)) {
                throw new Stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stop();
        }
    }

    // ------------------------------------------------------------------ walking the task tree

    void runNodes(List<TaskNode> nodes, StepKey base, Map<String, Object> scope) {
        for (int i = 0; i < nodes.size(); i++) {
            runNode(nodes.get(i), base.child(i), scope);
        }
    }

    private void runNode(TaskNode node, StepKey key, Map<String, Object> scope) {
        if (node instanceof Task t) {
            if (t.shortAction().equals("meta")) {
                meta(t, key, scope);
            } else {
                runTask(t, key, scope, false);
            }
        } else if (node instanceof Block b) {
            runBlock(b, key, scope);
        } else if (node instanceof Include inc) {
            runInclude(inc, key, scope);
        }
    }

    private void runBlock(Block b, StepKey key, Map<String, Object> scope) {
        HostFailed pending = null;
        try {
            runNodes(b.block(), key.child(0), scope);
        } catch (HostFailed f) {
            if (!b.rescue().isEmpty()) {
                runner.stats.remove(hs.name, Stats.Kind.FAILED);
                runner.stats.add(hs.name, Stats.Kind.RESCUED);
                Map<String, Object> s = new LinkedHashMap<>(scope);
                s.put("ansible_failed_task", f.task == null ? Map.of() : Map.of("name",
                        f.task.name() == null ? f.task.shortAction() : f.task.name(), "action", f.task.shortAction()));
                s.put("ansible_failed_result", f.result);
                try {
                    runNodes(b.rescue(), key.child(1), s);
                } catch (HostFailed f2) {
                    pending = f2;
                }
            } else {
                pending = f;
            }
        }
        try {
            runNodes(b.always(), key.child(2), scope);
        } catch (HostFailed f3) {
            pending = f3;
        }
        if (pending != null) {
            throw pending;
        }
    }

    private void runInclude(Include inc, StepKey key, Map<String, Object> scope) {
        Task t = inc.task();
        if (!Tags.shouldRun(t.attrs().tags(), runner.options.tags(), runner.options.skipTags())) {
            return;
        }
        // an include is a task step of its own, as in Ansible: its header, then "included" or "skipping"
        TaskInfo info = play.info(t, executor.label(t, scope), false);
        enter(key, t.pos().toString(), info);
        List<Map<String, Object>> scopes;
        List<Map<String, Object>> argsPerItem = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try {
            scopes = executor.includeScopes(t, scope);
            if (scopes == null || scopes.isEmpty()) {
                executor.includeSkipped(info, scopes == null, t);
                return;
            }
            for (Map<String, Object> s : scopes) {
                Map<String, Object> args = executor.renderArgs(t, s);
                argsPerItem.add(args);
                if (inc.kind().equals("include_tasks")) { // every item's file is announced in this step
                    Object f = args.containsKey("file") ? args.get("file") : args.get("_raw_params");
                    Path file = resolveInclude(inc, String.valueOf(f));
                    files.add(file);
                    runner.bus.included(file.toString(), List.of(hs.name));
                    runner.stats.add(hs.name, Stats.Kind.OK); // Ansible counts every included file as ok
                }
            }
        } finally {
            play.gate.leave(hs.name);
        }
        for (int i = 0; i < scopes.size(); i++) {
            Map<String, Object> args = argsPerItem.get(i);
            Attrs applied = applyAttrs(t, args);
            Map<String, Object> inner = new LinkedHashMap<>(scopes.get(i));
            if (inc.kind().equals("include_tasks")) {
                List<TaskNode> nodes;
                synchronized (runner.loader) {
                    nodes = runner.loader.loadTaskFile(files.get(i), applied);
                }
                runNodes(nodes, key.child(i), inner);
            } else {
                String name = String.valueOf(args.get("name"));
                Object from = args.get("tasks_from");
                PlaybookLoader.LoadedRole lr;
                synchronized (runner.loader) {
                    lr = runner.loader.loadRoleAtRunTime(name, from == null ? null : String.valueOf(from),
                            inc.baseDir(), applied, t.pos());
                }
                for (var r : lr.roles()) {
                    if (!play.roles.contains(r)) {
                        play.roles.add(r);
                    }
                }
                runNodes(lr.tasks(), key.child(i), inner);
            }
        }
    }

    private Attrs applyAttrs(Task t, Map<String, Object> args) {
        Attrs base = Attrs.NONE.under(new Attrs(List.of(), List.of(), t.attrs().vars(), t.attrs().become(),
                t.attrs().becomeUser(), t.attrs().becomeMethod(), t.attrs().becomeFlags(), t.attrs().environment(),
                t.attrs().ignoreErrors(), t.attrs().noLog(), t.attrs().checkMode(), t.attrs().diff(),
                t.attrs().anyErrorsFatal(), t.attrs().role(), t.attrs().roleParams()));
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

    private Path resolveInclude(Include inc, String f) {
        Path p = Path.of(f);
        if (p.isAbsolute()) {
            return p;
        }
        if (inc.task().attrs().role() != null) {
            Path inRole = inc.task().attrs().role().path().resolve("tasks").resolve(f);
            if (java.nio.file.Files.isRegularFile(inRole)) {
                return inRole;
            }
        }
        return inc.baseDir().resolve(f).normalize();
    }

    private void meta(Task t, StepKey key, Map<String, Object> scope) {
        String what = String.valueOf(t.args().get("_raw_params"));
        if (!t.attrs().when().isEmpty() && !executor.when(t, scope)) {
            return;
        }
        switch (what) {
            case "flush_handlers" -> flush(key);
            case "end_play" -> {
                play.endPlay();
                throw new Stop();
            }
            case "end_host", "end_batch" -> {
                hs.endedThisPlay = true;
                throw new Stop();
            }
            case "clear_facts" -> hs.facts.clear();
            case "clear_host_errors" -> hs.failedThisPlay = false;
            case "reset_connection" -> {
                if (hs.connection != null) {
                    hs.connection.close();
                    hs.connection = null;
                }
            }
            default -> {
                // noop, refresh_inventory, role_complete: nothing to do
            }
        }
    }

    void runTask(Task t, StepKey key, Map<String, Object> scope, boolean handler) {
        if (!handler && !Tags.shouldRun(t.attrs().tags(), runner.options.tags(), runner.options.skipTags())) {
            return;
        }
        String label = executor.label(t, scope);
        TaskInfo info = play.info(t, handler ? label : label, handler);
        enter(key, t.pos().toString(), info);
        TaskOutcome o;
        try {
            acquire();
            try {
                o = executor.execute(t, info, scope);
            } finally {
                runner.forks.release();
            }
        } finally {
            play.gate.leave(hs.name);
        }
        if (o instanceof TaskOutcome.Unreachable) {
            throw new HostUnreachable();
        }
        if (o instanceof TaskOutcome.Failed f && !f.ignored()) {
            throw new HostFailed(t, f.result());
        }
        if (o instanceof TaskOutcome.Changed
                || !(o instanceof TaskOutcome.Failed) && o.result().get("changed") == Boolean.TRUE) {
            notifyHandlers(t, scope);
        }
    }

    private void notifyHandlers(Task t, Map<String, Object> scope) {
        for (String n : t.notifies()) {
            String name = String.valueOf(executor.templated(n, scope));
            boolean found = false;
            for (Task h : play.play.handlers()) {
                String hn = h.name();
                if (name.equals(hn) || h.listen().contains(name)
                        || (h.attrs().role() != null && name.equals(h.attrs().role().name() + " : " + hn))) {
                    notified.add(h);
                    found = true;
                }
            }
            if (!found) {
                throw new RiggerException("The requested handler '" + name + "' was not found in either the main "
                        + "handlers list nor in the listening handlers list", t.pos());
            }
        }
    }

    private void flush(StepKey key) {
        List<Task> handlers = play.play.handlers();
        for (int i = 0; i < handlers.size(); i++) {
            Task h = handlers.get(i);
            if (notified.remove(h)) {
                runTask(h, key.child(1_000_000 + i), Map.of(), true);
            }
        }
    }
}
