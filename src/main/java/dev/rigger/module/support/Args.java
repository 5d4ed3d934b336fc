package dev.rigger.module.support;

import dev.rigger.AnsibleBool;
import dev.rigger.module.ModuleSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of one module invocation's (already templated, alias-resolved) arguments, with Ansible's
 * argument_spec conversions and messages. Booleans follow {@link AnsibleBool}.
 */
public final class Args {
    private final String module;
    private final Map<String, Object> args;
    private final ModuleSpec spec;

    public Args(String module, Map<String, Object> args) {
        this(module, args, null);
    }

    /** Arguments of the module whose {@code spec} declares their choices ({@link #choice(String, String)}). */
    public Args(String module, Map<String, Object> args, ModuleSpec spec) {
        this.module = module;
        this.args = args == null ? Map.of() : args;
        this.spec = spec;
    }

    public Args(Map<String, Object> args) {
        this(null, args);
    }

    /** The module's short name (for messages), or null when not known. */
    public String module() {
        return module;
    }

    /** The names of the arguments given (null values included). */
    public java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(args.keySet());
    }

    /** True when the argument was given and is not null. */
    public boolean has(String name) {
        return args.get(name) != null;
    }

    public Object raw(String name) {
        return args.get(name);
    }

    /** The argument as text, or null when absent. */
    public String str(String name) {
        Object v = args.get(name);
        return v == null ? null : String.valueOf(v);
    }

    public String str(String name, String dflt) {
        String s = str(name);
        return s == null ? dflt : s;
    }

    /** The argument as text; absent (or empty) is an error. */
    public String required(String name) {
        String s = str(name);
        if (s == null) {
            throw new ArgException("missing required arguments: " + name);
        }
        if (s.isEmpty()) {
            throw new ArgException("argument '" + name + "' must not be empty");
        }
        return s;
    }

    /** Ansible's boolean conversion ({@link AnsibleBool#parse}); {@code dflt} when absent. */
    public boolean bool(String name, boolean dflt) {
        Boolean b = boolOrNull(name);
        return b == null ? dflt : b;
    }

    /** Ansible's boolean conversion, or null when absent. */
    public Boolean boolOrNull(String name) {
        Object v = args.get(name);
        if (v == null) {
            return null;
        }
        Boolean b = AnsibleBool.parse(v);
        if (b == null) {
            throw new ArgException(ModuleSpec.boolProblem(name, v));
        }
        return b;
    }

    /** Ansible's int conversion, or null when absent. */
    public Integer integer(String name) {
        Object v = args.get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            throw new ArgException(ModuleSpec.intProblem(name, v));
        }
    }

    public int integer(String name, int dflt) {
        Integer i = integer(name);
        return i == null ? dflt : i;
    }

    /** A list argument: a YAML list, or a comma-separated string (Ansible's type=list). Never null. */
    public List<String> list(String name) {
        Object v = args.get(name);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof Collection<?> c) {
            for (Object o : c) {
                if (o != null) {
                    out.add(String.valueOf(o));
                }
            }
            return out;
        }
        for (String p : String.valueOf(v).split(",")) {
            String t = p.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * The argument must be one of the choices the module's spec declares for it; returns it (or {@code dflt} when absent). A YAML boolean is
     * taken by its yes/no spelling when the choices have one, as Ansible compares them (so is the text True or
     * False, which is what a rendered boolean reads as).
     */
    public String choice(String name, String dflt) {
        ModuleSpec.ArgType t = spec == null ? null : spec.types().get(name);
        if (t == null || t.kind() != ModuleSpec.ArgType.Kind.CHOICES) {
            throw new IllegalStateException(module + ": '" + name + "' has no choices in the module's spec");
        }
        return choice(name, dflt, t.choices().toArray(String[]::new));
    }

    private String choice(String name, String dflt, String... choices) {
        Object v = args.get(name);
        String s = v == null ? dflt : v instanceof Boolean b ? boolWord(b, choices) : String.valueOf(v);
        if (s == null) {
            return null;
        }
        if (s.equals("True") || s.equals("False")) {
            s = List.of(choices).contains(s) ? s : boolWord(s.equals("True"), choices);
        }
        for (String c : choices) {
            if (c.equals(s)) {
                return s;
            }
        }
        throw new ArgException(ModuleSpec.choiceProblem(name, s, List.of(choices)));
    }

    private static String boolWord(boolean b, String... choices) {
        List<String> l = List.of(choices);
        String[] words = b ? new String[] {"yes", "true", "True"} : new String[] {"no", "false", "False"};
        for (String w : words) {
            if (l.contains(w)) {
                return w;
            }
        }
        return String.valueOf(b);
    }
}
