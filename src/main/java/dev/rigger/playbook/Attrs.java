package dev.rigger.playbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Keywords that blocks, roles, imports and plays pass down to their tasks. Null means "not set here" (inherit).
 *
 * @param when         conditions (all must hold), outermost first
 * @param tags         tags (union with the parent's)
 * @param vars         block/import vars (the child's win)
 * @param become       become on/off
 * @param becomeUser   become_user
 * @param becomeMethod become_method
 * @param becomeFlags  become_flags
 * @param environment  environment (merged, child wins)
 * @param ignoreErrors ignore_errors (a bool or a template)
 * @param noLog        no_log
 * @param checkMode    check_mode (true/false forces; null follows the run)
 * @param diff         diff (per task override)
 * @param anyErrorsFatal any_errors_fatal
 * @param role         the role the tasks came from, or null
 * @param roleParams   role parameters (level 20)
 * @param runOnce      run_once (a bool or a template): the first host of the batch runs it for all
 * @param throttle     throttle (an integer or a template): at most this many hosts run the task at once
 * @param timeout      timeout (raw: seconds the task's module may run), or null
 * @param runOn        where the task runs, as written (raw, may be templates): {@code delegate_to},
 *                     {@code delegate_facts}, and the {@code connection} / {@code remote_user} / {@code port} keywords
 *                     of a block, role entry or task (a play's are {@code Play.connectionVars}); the child's win
 */
public record Attrs(List<String> when, List<String> tags, Map<String, Object> vars, Object become, Object becomeUser,
                    Object becomeMethod, Object becomeFlags, Map<String, Object> environment, Object ignoreErrors,
                    Object noLog, Object checkMode, Object diff, Object anyErrorsFatal, Role role,
                    Map<String, Object> roleParams, Object runOnce, Object throttle,
                    Object timeout, Map<String, Object> runOn) {

    /** The keywords {@link #runOn} holds. */
    public static final List<String> RUN_ON_KEYS = List.of("delegate_to", "delegate_facts", "connection",
            "remote_user", "port");

    public static final Attrs NONE = new Attrs(List.of(), List.of(), Map.of(), null, null, null, null, Map.of(), null,
            null, null, null, null, null, Map.of(), null, null, null, Map.of());

    public Attrs {
        runOn = runOn == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(runOn));
    }

    /** Without run_once, throttle and {@link #runOn}: the task runs where its play sends it, on every host. */
    public Attrs(List<String> when, List<String> tags, Map<String, Object> vars, Object become, Object becomeUser,
                 Object becomeMethod, Object becomeFlags, Map<String, Object> environment, Object ignoreErrors,
                 Object noLog, Object checkMode, Object diff, Object anyErrorsFatal, Role role,
                 Map<String, Object> roleParams) {
        this(when, tags, vars, become, becomeUser, becomeMethod, becomeFlags, environment, ignoreErrors, noLog,
                checkMode, diff, anyErrorsFatal, role, roleParams, null, null, null, Map.of());
    }

    /** These attributes seen from inside {@code this}: the child's own values win, lists and maps combine. */
    public Attrs under(Attrs parent) {
        List<String> w = new ArrayList<>(parent.when);
        w.addAll(when);
        LinkedHashSet<String> t = new LinkedHashSet<>(parent.tags);
        t.addAll(tags);
        Map<String, Object> v = new LinkedHashMap<>(parent.vars);
        v.putAll(vars);
        Map<String, Object> e = new LinkedHashMap<>(parent.environment);
        e.putAll(environment);
        Map<String, Object> rp = new LinkedHashMap<>(parent.roleParams);
        rp.putAll(roleParams);
        Map<String, Object> ro = new LinkedHashMap<>(parent.runOn);
        ro.putAll(runOn);
        return new Attrs(List.copyOf(w), List.copyOf(t), v, or(become, parent.become), or(becomeUser, parent.becomeUser),
                or(becomeMethod, parent.becomeMethod), or(becomeFlags, parent.becomeFlags), e,
                or(ignoreErrors, parent.ignoreErrors), or(noLog, parent.noLog), or(checkMode, parent.checkMode),
                or(diff, parent.diff), or(anyErrorsFatal, parent.anyErrorsFatal), role != null ? role : parent.role, rp,
                or(runOnce, parent.runOnce), or(throttle, parent.throttle), or(timeout, parent.timeout), ro);
    }

    public Attrs withRole(Role r, Map<String, Object> params) {
        return new Attrs(when, tags, vars, become, becomeUser, becomeMethod, becomeFlags, environment, ignoreErrors,
                noLog, checkMode, diff, anyErrorsFatal, r, params, runOnce, throttle, timeout, runOn);
    }

    public Attrs withWhen(List<String> w) {
        return new Attrs(w, tags, vars, become, becomeUser, becomeMethod, becomeFlags, environment, ignoreErrors,
                noLog, checkMode, diff, anyErrorsFatal, role, roleParams, runOnce, throttle, timeout, runOn);
    }

    public Attrs withTags(List<String> t) {
        return new Attrs(when, t, vars, become, becomeUser, becomeMethod, becomeFlags, environment, ignoreErrors,
                noLog, checkMode, diff, anyErrorsFatal, role, roleParams, runOnce, throttle, timeout, runOn);
    }

    public Attrs withVars(Map<String, Object> v) {
        return new Attrs(when, tags, v, become, becomeUser, becomeMethod, becomeFlags, environment, ignoreErrors,
                noLog, checkMode, diff, anyErrorsFatal, role, roleParams, runOnce, throttle, timeout, runOn);
    }

    /** These attributes with {@code r} as {@link #runOn}. */
    public Attrs withRunOn(Map<String, Object> r) {
        return new Attrs(when, tags, vars, become, becomeUser, becomeMethod, becomeFlags, environment, ignoreErrors,
                noLog, checkMode, diff, anyErrorsFatal, role, roleParams, runOnce, throttle, timeout, r);
    }

    private static Object or(Object a, Object b) {
        return a != null ? a : b;
    }
}
