package dev.rigger.module;

import dev.rigger.AnsibleBool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a module accepts.
 *
 * @param args      canonical argument names
 * @param aliases   alias -> canonical name (e.g. "dest" -> "path")
 * @param required  names that must be present (an alias counts)
 * @param freeForm  whether the module takes free-form text ({@code command: echo hi}) as {@code _raw_params}
 * @param rawArgs   arguments that the executor must NOT template (bare expressions such as assert's {@code that})
 * @param anyArgs   accept any argument name (set_fact, debug-like modules)
 * @param checkMode how the module supports check mode
 * @param types     canonical name -> the type Ansible's argument_spec gives it (bool, int, list, dict, path, choices); names
 *                  not here take any value
 * @param rules     the rules between arguments (mutually exclusive, required together / one of / if / by)
 */
public record ModuleSpec(Set<String> args, Map<String, String> aliases, Set<String> required, boolean freeForm,
                         Set<String> rawArgs, boolean anyArgs, CheckMode checkMode, Map<String, ArgType> types,
                         ArgRules rules) {

    /** Ansible's {@code supports_check_mode}, with "partial" for modules that run some commands in check mode. */
    public enum CheckMode { FULL, PARTIAL, NONE }

    /** The type of one argument: a boolean, an integer, a list, a mapping, or one of a closed list of words. */
    public record ArgType(Kind kind, List<String> choices) {
        public enum Kind { BOOL, INT, LIST, DICT, PATH, CONTROLLER_PATH, CHOICES }

        public ArgType {
            choices = List.copyOf(choices);
        }
    }

    public ModuleSpec {
        args = Set.copyOf(args);
        aliases = Map.copyOf(aliases);
        required = Set.copyOf(required);
        rawArgs = Set.copyOf(rawArgs);
        types = Map.copyOf(types);
        rules = rules == null ? ArgRules.NONE : rules;
    }

    /**
     * What is wrong with the values of {@code canonical} (alias-resolved arguments), in Ansible's words; empty when
     * nothing is. A value that is still a template ({@code {{ }}} or {@code {% %}}) is not judged: the loader calls
     * this on literal values, the executor again on the rendered ones.
     */
    public List<String> problems(String action, Map<String, Object> canonical) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, ArgType> e : types.entrySet()) {
            Object v = canonical.get(e.getKey());
            if (v == null || isTemplate(v)) {
                continue;
            }
            String name = e.getKey();
            ArgType t = e.getValue();
            switch (t.kind()) {
                case BOOL -> {
                    if (AnsibleBool.parse(v) == null) {
                        out.add(action + ": " + boolProblem(name, v));
                    }
                }
                case INT -> {
                    if (!isInt(v)) {
                        out.add(action + ": " + intProblem(name, v));
                    }
                }
                case LIST -> {
                    if (v instanceof Map<?, ?>) { // Ansible splits text on commas and takes a number as one item
                        out.add(action + ": " + convertProblem(name, v, "list",
                                "<class 'dict'> cannot be converted to a list"));
                    }
                }
                case DICT -> {
                    if (!(v instanceof Map<?, ?>) && !(v instanceof String)) {
                        out.add(action + ": " + convertProblem(name, v, "dict",
                                pyType(v) + " cannot be converted to a dict"));
                    } else if (v instanceof String str && !str.startsWith("{") && !str.contains("=")) {
                        out.add(action + ": " + convertProblem(name, v, "dict",
                                "dictionary requested, could not parse JSON or key=value"));
                    }
                }
                case PATH, CONTROLLER_PATH -> {
                    // any text; ~ and $VAR are expanded where Ansible expands them: support.PathArgs
                }
                case CHOICES -> {
                    List<?> values = v instanceof List<?> l ? l : List.of(v);
                    for (Object one : values) {
                        if (one != null && !isTemplate(one) && !inChoices(one, t.choices())) {
                            out.add(choiceProblem(name, one, t.choices()) + " (" + action + ")");
                        }
                    }
                }
                default -> throw new IllegalStateException(t.kind().name());
            }
        }
        out.addAll(rules.problems(canonical, types));
        return out;
    }

    private static String convertProblem(String name, Object value, String type, String why) {
        return "argument '" + name + "' is of type " + pyType(value) + " and we were unable to convert to " + type
                + ": " + why;
    }

    /** Ansible's words for {@code value} of {@code name} that is no boolean. */
    public static String boolProblem(String name, Object value) {
        return "argument '" + name + "' is of type " + pyType(value) + " and we were unable to convert to bool: "
                + "The value '" + value + "' is not a valid boolean. Valid booleans include: " + AnsibleBool.VALID;
    }

    /** Ansible's words for {@code value} of {@code name} that is no integer. */
    public static String intProblem(String name, Object value) {
        return "argument '" + name + "' is of type " + pyType(value) + " and we were unable to convert to int: '"
                + value + "' cannot be converted to an int";
    }

    /** Ansible's words for {@code value} of {@code name} that is none of {@code choices}. */
    public static String choiceProblem(String name, Object value, List<String> choices) {
        return "value of " + name + " must be one of: " + String.join(", ", choices) + ", got: " + value;
    }

    /** A value still to be rendered: judged only after rendering. */
    static boolean isTemplate(Object v) {
        return v instanceof String s && (s.contains("{{") || s.contains("{%"));
    }

    private static boolean isInt(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger) {
            return true;
        }
        if (v instanceof Number n) {
            return n.doubleValue() == Math.rint(n.doubleValue());
        }
        if (v instanceof String s) {
            return s.strip().matches("[-+]?[0-9]+");
        }
        return false;
    }

    /**
     * A YAML boolean (or the text True / False a rendered one reads as) given where the choices are words: Ansible
     * compares its spellings (yes/no, true/false).
     */
    private static boolean inChoices(Object v, List<String> choices) {
        if (!choices.contains(String.valueOf(v)) && (v.equals("True") || v.equals("False"))) {
            return inChoices(v.equals("True"), choices);
        }
        if (v instanceof Boolean b) {
            return b ? choices.contains("yes") || choices.contains("true") || choices.contains("True")
                    : choices.contains("no") || choices.contains("false") || choices.contains("False");
        }
        return choices.contains(String.valueOf(v));
    }

    private static String pyType(Object v) {
        if (v instanceof String) {
            return "<class 'str'>";
        }
        if (v instanceof Boolean) {
            return "<class 'bool'>";
        }
        if (v instanceof Number) {
            return v instanceof Double || v instanceof Float ? "<class 'float'>" : "<class 'int'>";
        }
        return v instanceof List<?> ? "<class 'list'>" : v instanceof Map<?, ?> ? "<class 'dict'>" : "<class 'str'>";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Canonical name for {@code name}, or null if the module does not accept it. */
    public String canonical(String name) {
        if (args.contains(name)) {
            return name;
        }
        String a = aliases.get(name);
        if (a != null) {
            return a;
        }
        if (anyArgs || (freeForm && name.equals("_raw_params"))) {
            return name;
        }
        return null;
    }

    public static final class Builder {
        private final java.util.Set<String> args = new java.util.LinkedHashSet<>();
        private final Map<String, String> aliases = new LinkedHashMap<>();
        private final java.util.Set<String> required = new java.util.LinkedHashSet<>();
        private final java.util.Set<String> raw = new java.util.LinkedHashSet<>();
        private boolean freeForm;
        private boolean anyArgs;
        private CheckMode checkMode = CheckMode.FULL;
        private final Map<String, ArgType> types = new LinkedHashMap<>();
        private final List<List<String>> exclusive = new ArrayList<>();
        private final List<List<String>> together = new ArrayList<>();
        private final List<List<String>> oneOf = new ArrayList<>();
        private final List<ArgRules.RequiredIf> requiredIf = new ArrayList<>();
        private final Map<String, List<String>> requiredBy = new LinkedHashMap<>();

        public Builder args(String... names) {
            args.addAll(List.of(names));
            return this;
        }

        public Builder required(String... names) {
            args.addAll(List.of(names));
            required.addAll(List.of(names));
            return this;
        }

        public Builder alias(String alias, String canonical) {
            aliases.put(alias, canonical);
            return this;
        }

        public Builder freeForm() {
            freeForm = true;
            return this;
        }

        public Builder raw(String... names) {
            raw.addAll(List.of(names));
            return this;
        }

        public Builder anyArgs() {
            anyArgs = true;
            return this;
        }

        public Builder checkMode(CheckMode support) {
            checkMode = support;
            return this;
        }

        /** {@code name} is one of {@code values} (Ansible's {@code choices}); also declares the argument. */
        public Builder choices(String name, String... values) {
            args.add(name);
            types.put(name, new ArgType(ArgType.Kind.CHOICES, List.of(values)));
            return this;
        }

        /** {@code names} are booleans (Ansible's {@code type='bool'}); also declares them. */
        public Builder bool(String... names) {
            for (String n : names) {
                args.add(n);
                types.put(n, new ArgType(ArgType.Kind.BOOL, List.of()));
            }
            return this;
        }

        /** {@code names} are integers (Ansible's {@code type='int'}); also declares them. */
        public Builder integer(String... names) {
            for (String n : names) {
                args.add(n);
                types.put(n, new ArgType(ArgType.Kind.INT, List.of()));
            }
            return this;
        }

        /** {@code names} are lists (Ansible's {@code type='list'}); also declares them. */
        public Builder list(String... names) {
            return typed(ArgType.Kind.LIST, names);
        }

        /** {@code names} are paths (Ansible's {@code type='path'}: ~ and $VAR expanded on the host). */
        public Builder path(String... names) {
            return typed(ArgType.Kind.PATH, names);
        }

        /**
         * {@code name} is a path on the controller unless {@code remote_src} is true (copy's and unarchive's
         * {@code src}: the action plugin reads it there), a path on the host otherwise.
         */
        public Builder controllerPath(String name) {
            return typed(ArgType.Kind.CONTROLLER_PATH, name);
        }

        /** {@code names} are mappings (Ansible's {@code type='dict'}); also declares them. */
        public Builder dict(String... names) {
            return typed(ArgType.Kind.DICT, names);
        }

        private Builder typed(ArgType.Kind kind, String... names) {
            for (String n : names) {
                args.add(n);
                types.put(n, new ArgType(kind, List.of()));
            }
            return this;
        }

        /** At most one of {@code names} (Ansible's {@code mutually_exclusive}). */
        public Builder mutuallyExclusive(String... names) {
            exclusive.add(List.of(names));
            return this;
        }

        /** All of {@code names} or none (Ansible's {@code required_together}). */
        public Builder requiredTogether(String... names) {
            together.add(List.of(names));
            return this;
        }

        /** At least one of {@code names} (Ansible's {@code required_one_of}). */
        public Builder requiredOneOf(String... names) {
            oneOf.add(List.of(names));
            return this;
        }

        /** {@code key} being {@code value} needs all of {@code names} (Ansible's {@code required_if}). */
        public Builder requiredIf(String key, Object value, String... names) {
            requiredIf.add(new ArgRules.RequiredIf(key, value, List.of(names), false));
            return this;
        }

        /** {@code key} given needs {@code names} (Ansible's {@code required_by}). */
        public Builder requiredBy(String key, String... names) {
            requiredBy.put(key, List.of(names));
            return this;
        }

        public ModuleSpec build() {
            return new ModuleSpec(args, aliases, required, freeForm, raw, anyArgs, checkMode, types,
                    new ArgRules(exclusive, together, oneOf, requiredIf, requiredBy));
        }
    }
}
