package dev.rigger.playbook;

import dev.rigger.Pos;
import dev.rigger.module.UnimplementedModule;
import dev.rigger.template.Lookups;
import dev.rigger.template.Templar;
import dev.rigger.yaml.YMap;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One task mapping into the model: its keywords checked, its action and loop found, its arguments checked. */
final class TaskParser {
    private final Problems problems;
    private final ArgumentChecker arguments;
    private final SyntaxChecker syntax;

    TaskParser(Problems problems, ArgumentChecker arguments, SyntaxChecker syntax) {
        this.problems = problems;
        this.arguments = arguments;
        this.syntax = syntax;
    }

    /** One task mapping (not a block) into a {@link Task}, or null when it has no usable action. */
    Task task(YMap m, Path file, Attrs parent) {
        List<String> unimplemented = Keywords.unimplemented(m);
        for (String k : unimplemented) {
            problems.warn(Keywords.unimplementedMessage(k), m.posOf(k));
        }
        Keywords.warnIgnored(m, problems);
        for (String k : List.of("async", "poll")) {
            String bad = IntField.literalProblem(k.equals("async") ? "async_val" : k, m.get(k));
            if (bad != null) {
                problems.add(bad, m.posOf(k));
            }
        }
        String action = null;
        Object rawArgs = null;
        Pos actionPos = m.pos();
        String loopKind = null;
        Object loop = null;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String k = e.getKey();
            if (Keywords.TASK_KEYS.contains(k)) {
                continue;
            }
            if (k.startsWith("with_")) {
                if (loop != null) {
                    problems.add("a task can have only one loop ('" + loopKind + "' and '" + k + "')", m.posOf(k));
                }
                loopKind = k;
                loop = e.getValue();
                String lookup = k.substring("with_".length());
                if (!Lookups.isAnsibles(lookup)) {
                    problems.add("lookup plugin (" + lookup + ") not found: '" + k + "' is no loop of Ansible's"
                            + Keywords.suggest(lookup, Lookups.names()), m.posOf(k));
                } else if (!Lookups.implemented(lookup)) {
                    problems.warn("the lookup plugin (" + lookup + ") is Ansible's but rigger does not implement it "
                            + "yet: a host that runs this loop fails", m.posOf(k));
                }
                continue;
            }
            if (k.equals("action") || k.equals("local_action")) {
                continue;
            }
            if (action != null) {
                String why = arguments.isAction(k) ? "conflicting action statements: " + action + ", " + k
                        : "'" + k + "' is not a valid attribute for a Task" + Keywords.suggest(k, Keywords.TASK_KEYS);
                problems.add(why, m.posOf(k));
                continue;
            }
            if (!arguments.isAction(k)) {
                problems.add(arguments.unknownAction(k), m.posOf(k));
                return null;
            }
            action = k;
            rawArgs = e.getValue();
            actionPos = m.posOf(k);
        }
        if (m.containsKey("action") && m.containsKey("local_action")) {
            problems.add("action and local_action are mutually exclusive", m.posOf("local_action"));
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
            if (action != null && !arguments.isAction(action)) {
                problems.add(arguments.unknownAction(action), actionPos);
                return null;
            }
        }
        if (action == null) {
            problems.add("no module/action detected in task" + (m.get("name") != null ? " '" + m.get("name") + "'" : ""),
                    m.pos());
            return null;
        }
        if (m.containsKey("loop")) {
            if (loop != null) {
                problems.add("a task can have only one loop ('loop' and '" + loopKind + "')", m.posOf("loop"));
            }
            loopKind = "loop";
            loop = m.get("loop");
        }
        Map<String, Object> args = arguments.args(action, rawArgs, actionPos);
        if (m.get("args") instanceof Map<?, ?> extra) {
            extra.forEach((k, v) -> args.putIfAbsent(String.valueOf(k), v));
        }
        arguments.validate(action, args, actionPos);
        String unimplementedModule = arguments.unimplemented(action);
        if (unimplementedModule != null) {
            problems.warn(UnimplementedModule.message(unimplementedModule), actionPos);
        }
        syntax.checkTask(m, rawArgs instanceof YMap ym ? ym : null, args, actionPos, loopKind);
        Attrs a = attrs(m, file).under(parent);
        if (m.containsKey("local_action")) { // Ansible's parser: local_action is action + delegate_to: localhost
            Map<String, Object> ro = new LinkedHashMap<>(a.runOn());
            ro.put("delegate_to", "localhost");
            a = a.withRunOn(ro);
        }
        Map<String, Object> lc = m.get("loop_control") instanceof Map<?, ?> lcm ? Values.copy(lcm) : Map.of();
        return new Task(Values.str(m.get("name")), action, args, m.pos(), a, loop, loopKind, lc, Values.str(m.get("register")),
                Values.strList(m.get("notify")), Values.strList(m.get("listen")), Values.condList(m.get("failed_when")),
                Values.condList(m.get("changed_when")), Values.condList(m.get("until")), m.get("retries"), m.get("delay"),
                unimplemented, m.get("async"), m.get("poll"));
    }

    /** The keywords a play, block, role entry or task sets that its children inherit. */
    Attrs attrs(YMap m, Path file) {
        String badTimeout = IntField.literalProblem("timeout", m.get("timeout"));
        if (badTimeout != null) {
            problems.add(badTimeout, m.posOf("timeout"));
        }
        checkThrottle(m);
        Map<String, Object> vars = mapOrEmpty(m, "vars");
        Map<String, Object> env = new LinkedHashMap<>();
        Object e = m.get("environment");
        if (e instanceof Map<?, ?> em) {
            em.forEach((k, v) -> env.put(String.valueOf(k), v));
        } else if (e != null) {
            env.put("__template__", e);
        }
        return new Attrs(Values.condList(m.get("when")), Values.tagList(m.get("tags")), vars, m.get("become"), m.get("become_user"),
                m.get("become_method"), m.get("become_flags"), env, m.get("ignore_errors"), m.get("no_log"),
                m.get("check_mode"), m.get("diff"), m.get("any_errors_fatal"), null, Map.of(), m.get("run_once"),
                m.get("throttle"), m.get("timeout"), runOn(m));
    }

    /**
     * A literal throttle must be what Python's int() takes (Ansible fails the run on any other); a template is
     * judged on the host.
     */
    private void checkThrottle(YMap m) {
        Object v = m.get("throttle");
        if (v == null || v instanceof Number || Templar.hasTemplate(v)) {
            return;
        }
        try {
            Integer.parseInt(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            problems.add("Failed to convert the throttle value to an integer: '" + v + "' (throttle takes a whole "
                    + "number of hosts)", m.posOf("throttle"));
        }
    }

    /** The delegate_to / delegate_facts / connection / remote_user / port keywords {@code m} sets, as written. */
    private Map<String, Object> runOn(YMap m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : Attrs.RUN_ON_KEYS) {
            if (m.get(k) != null) {
                out.put(k, m.get(k));
            }
        }
        Object d = m.get("delegate_to");
        if (d != null && !(d instanceof String)) { // Ansible's error, at the start of the play
            problems.add("the field 'delegate_to' has an invalid type (<class '" + pyType(d) + "'>), and could not "
                    + "be converted to a string type.", m.posOf("delegate_to"));
        }
        return out;
    }

    private static String pyType(Object v) {
        return v instanceof Boolean ? "bool" : v instanceof Number n ? (n instanceof Double || n instanceof Float
                ? "float" : "int") : v instanceof List<?> ? "list" : v instanceof Map<?, ?> ? "dict" : "str";
    }

    Map<String, Object> mapOrEmpty(YMap m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> mm) {
            return Values.copy(mm);
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
        problems.add("'" + key + "' must be a mapping, found " + Values.typeName(v), m.posOf(key));
        return Map.of();
    }
}
