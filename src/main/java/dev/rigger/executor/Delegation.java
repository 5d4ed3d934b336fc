package dev.rigger.executor;

import dev.rigger.AnsibleBool;
import dev.rigger.RiggerException;
import dev.rigger.connection.ConnectionVar;
import dev.rigger.playbook.Task;
import dev.rigger.vars.LazyVars;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one module execution runs, as ansible-core 2.14 decides it: {@code delegate_to} (templated per host and loop
 * item; the delegated host's variables pick the connection, as in {@code VariableManager._get_delegated_vars} and
 * {@code PlayContext.set_task_and_variable_override}), {@code delegate_facts}, and a block's or task's own
 * {@code connection} / {@code remote_user} / {@code port} keywords. A host's variables win over these keywords.
 */
final class Delegation {
    /** The settings the callback shows of a delegated host (Ansible's {@code _ansible_delegated_vars}). */
    static final String RESULT_KEY = "_ansible_delegated_vars";
    private static final List<String> SHOWN = List.of("ansible_host", "ansible_port", "ansible_user",
            "ansible_connection");

    /**
     * @param delegate      the delegate_to host, or null when the task runs on its own host
     * @param settings      the connection settings, or null for the host's own connection
     * @param vars          the variables the connection and become settings come from (the delegated host's)
     * @param delegateFacts the facts the module returns go to {@code delegate}
     */
    record Target(String delegate, Map<String, Object> settings, Map<String, Object> vars, boolean delegateFacts) {
        boolean own() {
            return settings == null;
        }

        /** The host the connection goes to. */
        String host(String self) {
            return delegate != null ? delegate : self;
        }

        /** The key a connection to this target is kept under: the host and its effective settings. */
        String key(String self) {
            return host(self) + "\u0000" + settings;
        }
    }

    private final RunContext ctx;
    private final PlayRun play;
    private final HostState hs;

    Delegation(RunContext ctx, PlayRun play, HostState hs) {
        this.ctx = ctx;
        this.play = play;
        this.hs = hs;
    }

    /** Where task {@code t} runs for the variables {@code vars} of this host (and loop item). */
    Target resolve(Task t, LazyVars vars, Map<String, Object> ownSettings) {
        Map<String, Object> runOn = t.attrs().runOn();
        Object d = runOn.get("delegate_to");
        String name = d == null ? null : delegateName(d, vars, t);
        if (name == null || name.isEmpty()) { // an empty delegate_to is none, as Ansible's "if task.delegate_to"
            if (!runOn.containsKey("connection") && !runOn.containsKey("remote_user") && !runOn.containsKey("port")) {
                return new Target(null, null, vars, false);
            }
            Map<String, Object> settings = new LinkedHashMap<>(ConnectionVar.select(vars));
            if (vars.containsKey(PlayRun.MAGIC_CONNECTION)) {
                settings.remove(ConnectionVar.CONNECTION.mainName()); // templating's ansible_connection, no setting
            }
            for (ConnectionVar c : ConnectionVar.values()) {
                keyword(settings, c, t, vars);
            }
            return new Target(null, settings.equals(ownSettings) ? null : settings, vars, false);
        }
        boolean facts = runOn.get("delegate_facts") != null
                && AnsibleBool.strict(ctx.templar().render(runOn.get("delegate_facts"), vars), "delegate_facts");
        LazyVars dv = play.lazy(delegatedVars(name, t));
        Map<String, Object> settings = new LinkedHashMap<>(ConnectionVar.select(dv));
        // what the delegated host's variables leave unset: the task's connection and remote_user, never its port
        keyword(settings, ConnectionVar.CONNECTION, t, vars);
        keyword(settings, ConnectionVar.USER, t, vars);
        boolean same = name.equals(hs.name) && settings.equals(ownSettings);
        return new Target(name, same ? null : settings, dv, facts);
    }

    private String delegateName(Object raw, LazyVars vars, Task t) {
        Object r;
        try {
            r = ctx.templar().render(raw, vars);
        } catch (RiggerException e) {
            throw new RiggerException("The field 'delegate_to' has an invalid value, " + (e.getMessage().contains(
                    "undefined") ? "which includes an undefined variable. " : "") + "The error was: " + e.getMessage(),
                    t.pos());
        }
        if (r == null) {
            throw new RiggerException("Undefined delegate_to host for task:", t.pos());
        }
        if (!(r instanceof String s)) {
            throw new RiggerException("the field 'delegate_to' has an invalid type (" + r.getClass().getSimpleName()
                    + "), and could not be converted to a string type.", t.pos());
        }
        return s;
    }

    /** The task's (else the play's) keyword for {@code c}, where no variable sets it. */
    private void keyword(Map<String, Object> settings, ConnectionVar c, Task t, LazyVars vars) {
        if (c.keyword() == null || c.names().stream().anyMatch(settings::containsKey)) {
            return;
        }
        Object v = t.attrs().runOn().get(c.keyword());
        if (v == null) {
            v = play.play.connectionVars().get(c.mainName());
        }
        if (v != null) {
            settings.put(c.mainName(), ctx.templar().render(v, vars));
        }
    }

    /**
     * The delegated host's variables, as Ansible's {@code get_vars} for it with this task (its own inventory vars,
     * facts and set_facts; the play's, the task's and the extra vars), but {@code inventory_hostname} is still the
     * delegating host's. A name the inventory lacks gets the vars of {@code all} (Ansible's made-up Host).
     */
    private Map<String, Object> delegatedVars(String name, Task t) {
        HostState ds = ctx.hosts().get(name);
        Map<String, Object> m = play.merged(ds != null ? ds : new HostState(name), t.attrs().vars(), t.attrs().role(),
                t.attrs().roleParams(), null);
        m.put("inventory_hostname", hs.name);
        return m;
    }

    /** The task's variables with Ansible's {@code ansible_delegated_vars} (the delegated host's, by its name). */
    LazyVars withDelegatedVars(LazyVars vars, Target target) {
        if (target.delegate() == null) {
            return vars;
        }
        Map<String, Object> raw = new LinkedHashMap<>(vars.raw());
        raw.put("ansible_delegated_vars", Map.of(target.delegate(), target.vars()));
        return play.lazy(raw);
    }

    /** Where the facts a module returns go: the delegated host's state with delegate_facts, else this host's. */
    HostState factsHost(Target target) {
        if (target.delegate() == null || !target.delegateFacts() || target.delegate().equals(hs.name)) {
            return hs;
        }
        return ctx.hosts().computeIfAbsent(target.delegate(), HostState::new);
    }

    /** {@code result} with Ansible's {@code _ansible_delegated_vars} when the task was delegated. */
    static Map<String, Object> marked(Map<String, Object> result, Target target) {
        if (target.delegate() == null) {
            return result;
        }
        Map<String, Object> dv = new LinkedHashMap<>();
        dv.put("ansible_delegated_host", target.delegate());
        for (String k : SHOWN) {
            if (target.vars().containsKey(k)) {
                Object v = target.vars().get(k);
                dv.put(k, v == null ? null : String.valueOf(v));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>(result);
        out.put(RESULT_KEY, dv);
        return out;
    }

    /** {@code result} without the delegation mark (Ansible's strip_internal_keys, for register). */
    static Map<String, Object> unmarked(Map<String, Object> result) {
        if (!result.containsKey(RESULT_KEY)) {
            return result;
        }
        Map<String, Object> out = new LinkedHashMap<>(result);
        out.remove(RESULT_KEY);
        return out;
    }
}
