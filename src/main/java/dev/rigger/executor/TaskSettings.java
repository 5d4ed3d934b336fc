package dev.rigger.executor;

import dev.rigger.AnsibleBool;
import dev.rigger.api.RunOptions;
import dev.rigger.connection.Become;
import dev.rigger.playbook.Task;
import dev.rigger.template.Templar;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A task's settings, resolved once before its module runs (Ansible's PlayContext): check and diff mode, become
 * (user, method, password, flags) and the environment. Keyword first, then the host's {@code ansible_become*}
 * variables, then the command line.
 */
record TaskSettings(boolean check, boolean diff, Become become, Map<String, String> environment) {

    static TaskSettings resolve(Task t, Map<String, Object> vars, RunOptions options, Templar templar) {
        return resolve(t, vars, vars, options, templar);
    }

    /**
     * @param hostVars the variables the {@code ansible_become*} settings come from: a delegated task's are the
     *                 delegated host's, as in Ansible's PlayContext; the keywords render with {@code vars}
     */
    static TaskSettings resolve(Task t, Map<String, Object> vars, Map<String, Object> hostVars, RunOptions options,
                                Templar templar) {
        Keywords k = new Keywords(vars, templar);
        boolean check = k.bool(t.attrs().checkMode(), "check_mode", options.check());
        boolean diff = k.bool(t.attrs().diff(), "diff", options.diff());
        return new TaskSettings(check, diff, become(t, hostVars, options, k), environment(t, vars, templar));
    }

    private static Become become(Task t, Map<String, Object> vars, RunOptions options, Keywords k) {
        boolean on;
        if (t.attrs().become() != null) {
            on = k.bool(t.attrs().become(), "become", false);
        } else if (vars.containsKey("ansible_become")) {
            on = AnsibleBool.strict(vars.get("ansible_become"), "ansible_become");
        } else {
            on = Boolean.TRUE.equals(options.become());
        }
        if (!on) {
            return null;
        }
        String user = k.text(t.attrs().becomeUser(), vars.get("ansible_become_user"), options.becomeUser());
        String method = k.text(t.attrs().becomeMethod(), vars.get("ansible_become_method"), options.becomeMethod());
        String pw = options.becomePassword();
        if (pw == null) {
            Object p = vars.containsKey("ansible_become_password") ? vars.get("ansible_become_password")
                    : vars.get("ansible_become_pass");
            pw = p == null ? null : String.valueOf(p);
        }
        String flags = k.text(t.attrs().becomeFlags(), null, null);
        return new Become(user, method, pw, flags);
    }

    private static Map<String, String> environment(Task t, Map<String, Object> vars, Templar templar) {
        Map<String, Object> env = t.attrs().environment();
        if (env.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (env.containsKey("__template__")) {
            Object e = templar.render(env.get("__template__"), vars);
            if (e instanceof Map<?, ?> m) {
                m.forEach((key, v) -> out.put(String.valueOf(key), String.valueOf(v)));
            }
        }
        for (Map.Entry<String, Object> e : env.entrySet()) {
            if (!e.getKey().equals("__template__")) {
                Object v = templar.render(e.getValue(), vars);
                if (!PlayRun.OMIT.equals(v)) {
                    out.put(e.getKey(), String.valueOf(v));
                }
            }
        }
        return out;
    }

    /** A keyword's value, rendered: a boolean (Ansible's strict conversion) or text. */
    record Keywords(Map<String, Object> vars, Templar templar) {
        boolean bool(Object raw, String keyword, boolean dflt) {
            return raw == null ? dflt : AnsibleBool.strict(templar.render(raw, vars), keyword);
        }

        /** The keyword rendered, else the variable, else the command line's value; null when none is set. */
        String text(Object keyword, Object variable, String cli) {
            Object v = keyword != null ? templar.render(keyword, vars) : variable != null ? variable : cli;
            return v == null ? null : String.valueOf(v);
        }
    }
}
