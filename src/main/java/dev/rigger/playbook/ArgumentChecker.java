package dev.rigger.playbook;

import dev.rigger.Fqcn;
import dev.rigger.Pos;
import dev.rigger.module.AnsibleCatalog;
import dev.rigger.module.Module;
import dev.rigger.module.ModuleRegistry;
import dev.rigger.module.ModuleSpec;
import dev.rigger.module.UnimplementedModule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A task's action and arguments, read and checked against the module registry before any host is touched. */
final class ArgumentChecker {
    private final ModuleRegistry registry;
    private final Problems problems;

    ArgumentChecker(ModuleRegistry registry, Problems problems) {
        this.registry = registry;
        this.problems = problems;
    }

    /** A task's arguments as given: a mapping, or key=value / free-form text parsed as Ansible's parse_kv does. */
    Map<String, Object> args(String fullAction, Object raw, Pos at) {
        String action = Fqcn.strip(fullAction);
        Map<String, Object> args = new LinkedHashMap<>();
        if (raw == null) {
            return args;
        }
        if (raw instanceof Map<?, ?> rm) {
            rm.forEach((k, v) -> args.put(String.valueOf(k), v));
            return args;
        }
        if (raw instanceof List<?>) {
            problems.add("the arguments of '" + action + "' must be a mapping or key=value text, not a list", at);
            return args;
        }
        String text = String.valueOf(raw);
        if (action.equals("meta")) {
            args.put("_raw_params", text.trim());
            return args;
        }
        Module mod = moduleOf(fullAction);
        // include_role / import_role are not among Ansible's free-form actions: every key=value is an argument
        boolean roleAction = mod == null && (action.equals("include_role") || action.equals("import_role"));
        boolean freeForm = !roleAction && (mod == null || mod.spec().freeForm());
        Set<String> keys = mod == null ? Set.of("file", "apply", "name") : KeyValue.COMMAND_KEYS;
        if (mod == null && (action.equals("include_tasks") || action.equals("import_tasks")
                || action.equals("include"))) {
            keys = Set.of();
        }
        try {
            args.putAll(KeyValue.parse(text, freeForm, keys));
        } catch (IllegalArgumentException e) {
            problems.add("'" + action + "': " + e.getMessage(), at);
        }
        return args;
    }

    /**
     * Checks {@code args} against the module's spec (names, required, types) and replaces them by their canonical
     * names.
     */
    void validate(String fullAction, Map<String, Object> args, Pos at) {
        String action = Fqcn.strip(fullAction);
        if (action.equals("meta")) {
            Object what = args.get("_raw_params");
            if (what == null || !Keywords.META_ACTIONS.contains(String.valueOf(what))) {
                problems.add("invalid meta action '" + what + "' (supported: " + String.join(", ",
                        new TreeSet<>(Keywords.META_ACTIONS)) + ")", at);
            }
            return;
        }
        Module mod = moduleOf(fullAction);
        if (mod == null) {
            return;
        }
        ModuleSpec spec = mod.spec();
        Map<String, Object> canon = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : args.entrySet()) {
            String c = spec.canonical(e.getKey());
            if (c == null && dev.rigger.module.support.RemovedArgs.removed(action, e.getKey())) {
                problems.warn(dev.rigger.module.support.RemovedArgs.warning(action, e.getKey()), at);
                canon.put(e.getKey(), e.getValue()); // the host that runs it fails, as in Ansible
                continue;
            }
            if (c == null) {
                if (e.getKey().equals("_raw_params")) {
                    problems.add("'" + action + "' does not take free-form arguments: use key=value or a mapping", at);
                } else {
                    problems.add("unsupported parameter for " + action + ": '" + e.getKey() + "'. Supported parameters: "
                            + String.join(", ", new TreeSet<>(spec.args())), at);
                }
                continue;
            }
            canon.put(c, e.getValue());
        }
        for (String r : spec.required()) {
            if (!canon.containsKey(r)) {
                problems.add("missing required argument for " + action + ": " + r, at);
            }
        }
        for (String problem : spec.problems(action, canon)) {
            problems.add(problem, at);
        }
        args.clear();
        args.putAll(canon);
    }

    /** The module a task's action runs, or null for the loader's own actions (include_*, import_*, meta, block). */
    private Module moduleOf(String fullAction) {
        return Keywords.SPECIAL_ACTIONS.contains(Fqcn.strip(fullAction)) ? null : registry.find(fullAction);
    }

    /** The FQCN of the task's module when it is Ansible's but not rigger's (it loads; fails on a host), else null. */
    String unimplemented(String fullAction) {
        return moduleOf(fullAction) instanceof UnimplementedModule u ? u.fqcn() : null;
    }

    boolean isAction(String k) {
        return Keywords.SPECIAL_ACTIONS.contains(Fqcn.strip(k)) || registry.isModule(k);
    }

    /**
     * Ansible's words for a name that is no module or action of Ansible's (nor of the collections rigger knows),
     * with a did-you-mean among them.
     */
    String unknownAction(String k) {
        Set<String> names = new TreeSet<>(registry.names());
        names.addAll(Keywords.SPECIAL_ACTIONS);
        for (String fqcn : AnsibleCatalog.get().fqcns()) {
            names.add(k.contains(".") ? fqcn : fqcn.substring(fqcn.lastIndexOf('.') + 1));
        }
        return "couldn't resolve module/action '" + k + "'. This often indicates a misspelling, missing collection, "
                + "or incorrect module path" + Keywords.suggest(k, names);
    }
}
