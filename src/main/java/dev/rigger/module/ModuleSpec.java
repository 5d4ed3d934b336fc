package dev.rigger.module;

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
 * @param checkMode "full", "partial" or "none": how the module supports check mode
 */
public record ModuleSpec(Set<String> args, Map<String, String> aliases, Set<String> required, boolean freeForm,
                         Set<String> rawArgs, boolean anyArgs, String checkMode) {

    public ModuleSpec {
        args = Set.copyOf(args);
        aliases = Map.copyOf(aliases);
        required = Set.copyOf(required);
        rawArgs = Set.copyOf(rawArgs);
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
        private String checkMode = "full";

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

        public Builder checkMode(String support) {
            checkMode = support;
            return this;
        }

        public ModuleSpec build() {
            return new ModuleSpec(args, aliases, required, freeForm, raw, anyArgs, checkMode);
        }
    }
}
