package dev.rigger.module;

import dev.rigger.AnsibleBool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules between a module's arguments that Ansible's AnsibleModule checks (mutually_exclusive,
 * required_together, required_one_of, required_if, required_by), with Ansible's messages
 * ({@code module_utils/common/validation.py}).
 *
 * <p>Ansible counts an argument as given when its key is there, even with a null value; after its first pass an
 * argument with a default counts as given too, so a rule that names one with a default never fails there. Such
 * rules are left out of rigger's specs (ModuleSpecParityTest knows why).
 */
public record ArgRules(List<List<String>> mutuallyExclusive, List<List<String>> requiredTogether,
                       List<List<String>> requiredOneOf, List<RequiredIf> requiredIf,
                       Map<String, List<String>> requiredBy) {

    /** {@code key} having {@code value} needs all of {@code names} (or, with {@code anyOf}, one of them). */
    public record RequiredIf(String key, Object value, List<String> names, boolean anyOf) {
        public RequiredIf {
            names = List.copyOf(names);
        }
    }

    public static final ArgRules NONE = new ArgRules(List.of(), List.of(), List.of(), List.of(), Map.of());

    public ArgRules {
        mutuallyExclusive = List.copyOf(mutuallyExclusive);
        requiredTogether = List.copyOf(requiredTogether);
        requiredOneOf = List.copyOf(requiredOneOf);
        requiredIf = List.copyOf(requiredIf);
        requiredBy = Map.copyOf(requiredBy);
    }

    /**
     * What {@code given} (canonical names) breaks, in Ansible's words. A rule that involves a value still to be
     * rendered is not judged: it could render to {@code omit}. {@code types} tells how to compare required_if's
     * value (a bool by its meaning).
     */
    List<String> problems(Map<String, Object> given, Map<String, ModuleSpec.ArgType> types) {
        List<String> out = new ArrayList<>();
        List<String> clash = new ArrayList<>();
        for (List<String> g : mutuallyExclusive) {
            if (decided(g, given) && count(g, given) > 1) {
                clash.add(String.join("|", g));
            }
        }
        if (!clash.isEmpty()) {
            out.add("parameters are mutually exclusive: " + String.join(", ", clash));
        }
        for (List<String> g : requiredTogether) {
            long n = count(g, given);
            if (decided(g, given) && n > 0 && n < g.size()) {
                out.add("parameters are required together: " + String.join(", ", g));
            }
        }
        for (List<String> g : requiredOneOf) {
            if (decided(g, given) && count(g, given) == 0) {
                out.add("one of the following is required: " + String.join(", ", g));
            }
        }
        for (RequiredIf r : requiredIf) {
            Object v = given.get(r.key());
            if (v == null || ModuleSpec.isTemplate(v) || !decided(r.names(), given)
                    || !same(v, r.value(), types.get(r.key()))) {
                continue;
            }
            List<String> missing = r.names().stream().filter(n -> !given.containsKey(n)).toList();
            if (!missing.isEmpty() && (!r.anyOf() || missing.size() == r.names().size())) {
                out.add(r.key() + " is " + pyStr(r.value()) + " but " + (r.anyOf() ? "any" : "all")
                        + " of the following are missing: " + String.join(", ", missing));
            }
        }
        for (Map.Entry<String, List<String>> e : requiredBy.entrySet()) {
            if (given.get(e.getKey()) == null || !decided(e.getValue(), given)) {
                continue;
            }
            List<String> missing = e.getValue().stream().filter(n -> given.get(n) == null).toList();
            if (!missing.isEmpty()) {
                out.add("missing parameter(s) required by '" + e.getKey() + "': " + String.join(", ", missing));
            }
        }
        return out;
    }

    private static long count(List<String> names, Map<String, Object> given) {
        return names.stream().filter(given::containsKey).count();
    }

    private static boolean decided(List<String> names, Map<String, Object> given) {
        return names.stream().noneMatch(n -> ModuleSpec.isTemplate(given.get(n)));
    }

    private static boolean same(Object v, Object want, ModuleSpec.ArgType t) {
        if (want instanceof Boolean b || t != null && t.kind() == ModuleSpec.ArgType.Kind.BOOL) {
            return Objects.equals(AnsibleBool.parse(v), want instanceof Boolean ? want : AnsibleBool.parse(want));
        }
        return String.valueOf(v).equals(String.valueOf(want));
    }

    private static String pyStr(Object v) {
        return v instanceof Boolean b ? (b ? "True" : "False") : String.valueOf(v);
    }
}
