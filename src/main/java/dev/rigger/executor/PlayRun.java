package dev.rigger.executor;

import dev.rigger.RiggerException;
import dev.rigger.api.TaskInfo;
import dev.rigger.playbook.Play;
import dev.rigger.playbook.Playbook;
import dev.rigger.playbook.Role;
import dev.rigger.playbook.Task;
import dev.rigger.vars.LazyVars;
import dev.rigger.yaml.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** One batch of one play: a thread per host, the gate that paces them, and the play's variable scopes. */
final class PlayRun {
    static final String OMIT = "__omit_place_holder__rigger__";

    final RunContext ctx;
    final Playbook playbook;
    final Play play;
    final List<String> batch;
    final List<String> playHosts;
    final Gate gate;
    final Map<String, Map<String, Object>> varsFiles = new ConcurrentHashMap<>();
    final List<Role> roles = new CopyOnWriteArrayList<>();
    /** run_once and throttle across the batch's hosts. */
    final RunOnce once = new RunOnce();
    final Throttles throttles = new Throttles();
    /** --start-at-task: what this batch's hosts pass over. */
    final StartAt startAt;
    private final Map<String, Map<String, Object>> inventoryVars = new ConcurrentHashMap<>();
    private volatile boolean abortPlaybook;
    private volatile boolean endPlay;

    PlayRun(RunContext ctx, Playbook playbook, Play play, List<String> batch, List<String> playHosts) {
        this.ctx = ctx;
        this.playbook = playbook;
        this.play = play;
        this.batch = batch;
        this.playHosts = playHosts;
        this.roles.addAll(play.roles());
        this.startAt = StartAt.of(play, ctx.options().startAtTask(), ctx.control().startAtDone);
        if ("free".equals(play.strategy())) {
            this.gate = new FreeGate(ctx.bus()::taskStart);
        } else {
            this.gate = new LockstepGate(batch, ctx.bus()::taskStart, this::shouldAbort);
        }
    }

    void execute() {
        for (String h : batch) {
            HostState st = ctx.hosts().get(h);
            st.failedThisPlay = false;
            st.endedThisPlay = false; // no recap line until something is counted (Ansible's stats.processed)
        }
        List<Thread> threads = new ArrayList<>();
        for (String h : batch) {
            HostRunner hr = new HostRunner(ctx, this, ctx.hosts().get(h));
            Thread t = new Thread(hr, "rigger-" + h);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(ctx.control()::register);
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                ctx.control().cancel();
                Thread.currentThread().interrupt();
                gate.abort();
            } finally {
                ctx.control().unregister(t);
            }
        }
    }

    boolean abortedPlaybook() {
        return abortPlaybook;
    }

    void endPlay() {
        endPlay = true;
        gate.abort();
    }

    boolean ended() {
        return endPlay;
    }

    /** Checked by the linear gate between steps: any_errors_fatal and max_fail_percentage. */
    private boolean shouldAbort() {
        if (ctx.control().interrupted() || endPlay) {
            return true;
        }
        long failed = batch.stream().filter(h -> {
            HostState s = ctx.hosts().get(h);
            return s.failedThisPlay || s.unreachable;
        }).count();
        if (failed == 0) {
            return false;
        }
        if (fatalSeen) {
            abortPlaybook = true;
            return true;
        }
        Object mfp = play.maxFailPercentage();
        if (mfp != null) {
            double limit = Double.parseDouble(String.valueOf(mfp));
            if (failed * 100.0 / batch.size() > limit) {
                abortPlaybook = true;
                ctx.control().markFailed();
                return true;
            }
        }
        return false;
    }

    private volatile boolean fatalSeen;

    /** A host failed a task with any_errors_fatal: every host stops after this step. */
    void fatal() {
        fatalSeen = true;
        ctx.control().markFailed();
        if (gate instanceof FreeGate) {
            abortPlaybook = true;
            gate.abort();
        }
    }

    TaskInfo info(Task t, String label, boolean handler, boolean noLog) {
        return new TaskInfo(label, t.shortAction(), t.pos().toString(), handler, noLog,
                t.shortAction().equals("debug"));
    }

    // ------------------------------------------------------------------ variables

    Map<String, Object> inventoryVars(String host) {
        // a delegate_to target may be no inventory host: Ansible gives it the vars of all
        return inventoryVars.computeIfAbsent(host, h -> ctx.inventory().varsForAnyHost(h, playbook.file().getParent()));
    }

    /**
     * The merged, untemplated variables of {@code host} in Ansible's precedence order, for a task with
     * {@code taskVars} (block/task vars), {@code roleParams} and {@code scope} (include params, loop vars).
     */
    Map<String, Object> merged(HostState hs, Map<String, Object> taskVars, Role role, Map<String, Object> roleParams,
                               Map<String, Object> scope) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Role r : roles) {
            m.putAll(r.defaults());
        }
        m.putAll(inventoryVars(hs.name));
        m.putAll(hs.factVars());
        m.put("ansible_facts", HostState.copy(hs.facts));
        m.putAll(play.vars());
        Map<String, Object> vf = varsFiles.get(hs.name);
        if (vf != null) {
            m.putAll(vf);
        }
        for (Role r : roles) {
            m.putAll(r.vars());
        }
        if (taskVars != null) {
            m.putAll(taskVars);
        }
        m.putAll(HostState.copy(hs.includeVars));
        m.putAll(HostState.copy(hs.setFacts));
        if (roleParams != null) {
            m.putAll(roleParams);
        }
        if (scope != null) {
            m.putAll(scope);
        }
        m.putAll(ctx.options().extraVars());
        magic(m, hs, role);
        return m;
    }

    private void magic(Map<String, Object> m, HostState hs, Role role) {
        String h = hs.name;
        m.put("inventory_hostname", h);
        m.put("inventory_hostname_short", h.contains(".") ? h.substring(0, h.indexOf('.')) : h);
        m.put("group_names", ctx.inventory().has(h) ? ctx.inventory().groupNames(h) : List.of());
        m.put("groups", ctx.inventory().groups());
        m.put("hostvars", new HostVarsView());
        List<String> active = playHosts.stream().filter(x -> {
            HostState s = ctx.hosts().get(x);
            return s != null && !s.failedThisPlay && !s.unreachable;
        }).toList();
        m.put("ansible_play_hosts", active);
        m.put("ansible_play_hosts_all", playHosts);
        m.put("ansible_play_batch", batch);
        m.put("play_hosts", batch);
        m.put("ansible_play_name", play.displayName());
        m.put("playbook_dir", playbook.file().getParent().toString());
        if (role != null) {
            m.put("role_path", role.path().toString());
            m.put("role_name", role.name());
        }
        m.put("ansible_check_mode", ctx.options().check());
        m.put("ansible_diff_mode", ctx.options().diff());
        m.put("ansible_verbosity", ctx.options().verbosity());
        m.put("ansible_run_tags", List.copyOf(ctx.options().tags()));
        m.put("ansible_skip_tags", List.copyOf(ctx.options().skipTags()));
        m.put("omit", OMIT);
        m.put("ansible_version", Map.of("full", "2.14.18", "major", 2, "minor", 14, "revision", 18,
                "string", "2.14.18"));
        m.put("rigger_version", dev.rigger.api.Version.VERSION);
    }

    /**
     * Ansible's PlayContext.update_vars for what a task templates (not for choosing its connection): the connection
     * in use as {@code ansible_connection} where no variable sets it ({@code ssh} for an SSH host, {@code smart} read
     * as {@code ssh}).
     */
    static void connectionMagic(Map<String, Object> m, Map<String, Object> playConnectionVars) {
        if (m.containsKey("ansible_connection")) {
            return;
        }
        Object c = playConnectionVars.getOrDefault("ansible_connection", "ssh");
        m.put("ansible_connection", "smart".equals(String.valueOf(c)) ? "ssh" : c);
        m.put(MAGIC_CONNECTION, true);
    }

    /** Marks task variables whose ansible_connection is {@link #connectionMagic}'s, not a setting of the host's. */
    static final String MAGIC_CONNECTION = "__rigger_magic_ansible_connection";

    LazyVars lazy(Map<String, Object> merged) {
        return new LazyVars(merged, ctx.templar()::render);
    }

    /** Loads the play's vars_files for a host (names may be templated); the first existing file of a list wins. */
    void loadVarsFiles(HostState hs) {
        if (play.varsFiles().isEmpty()) {
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object entry : play.varsFiles()) {
            List<Object> candidates = entry instanceof List<?> l ? new ArrayList<>(l) : List.of(entry);
            boolean found = false;
            for (Object c : candidates) {
                Object name = ctx.templar().render(c, lazy(merged(hs, null, null, null, null)));
                Path p = play.dir().resolve(String.valueOf(name)).normalize();
                if (Files.isRegularFile(p)) {
                    Object doc = YamlLoader.load(p, ctx.options().vault());
                    if (doc instanceof Map<?, ?> dm) {
                        dm.forEach((k, v) -> out.put(String.valueOf(k), v));
                    } else if (doc != null) {
                        throw new RiggerException("vars file " + p + " must contain a mapping");
                    }
                    found = true;
                    break;
                }
            }
            if (!found) {
                throw new RiggerException("vars file " + entry + " was not found (relative to " + play.dir() + ")",
                        play.pos());
            }
            varsFiles.put(hs.name, out);
        }
        varsFiles.put(hs.name, out);
    }

    /** {@code hostvars}: every host's variables, computed when read. */
    private final class HostVarsView extends AbstractMap<String, Object> {
        @Override
        public Object get(Object key) {
            if (!(key instanceof String h) || !ctx.inventory().has(h) && !ctx.hosts().containsKey(h)) {
                return null;
            }
            HostState st = ctx.hosts().computeIfAbsent(h, HostState::new);
            Map<String, Object> m = new LinkedHashMap<>();
            for (Role r : roles) {
                m.putAll(r.defaults());
            }
            m.putAll(inventoryVars(h));
            m.putAll(st.factVars());
            m.put("ansible_facts", HostState.copy(st.facts));
            m.putAll(play.vars());
            m.putAll(HostState.copy(st.includeVars));
            m.putAll(HostState.copy(st.setFacts));
            m.putAll(ctx.options().extraVars());
            m.put("inventory_hostname", h);
            m.put("group_names", ctx.inventory().groupNames(h));
            return lazy(m);
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String h && (ctx.inventory().has(h) || ctx.hosts().containsKey(h));
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            List<String> names = ctx.inventory().hosts();
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    Iterator<String> it = names.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Entry<String, Object> next() {
                            String n = it.next();
                            return new SimpleImmutableEntry<>(n, get(n));
                        }
                    };
                }

                @Override
                public int size() {
                    return names.size();
                }
            };
        }
    }
}
