package dev.rigger.module.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Typed reads of a module's (already templated, alias-resolved) arguments, with Ansible's conversions. */
public final class Args {
    private static final Set<String> TRUE = Set.of("yes", "on", "1", "true", "y", "t");
    private static final Set<String> FALSE = Set.of("no", "off", "0", "false", "n", "f", "");
    private final Map<String, Object> args;

    public Args(Map<String, Object> args) {
        this.args = args == null ? Map.of() : args;
    }

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

    public String required(String name) {
        String s = str(name);
        if (s == null) {
            throw new ArgException("missing required arguments: " + name);
        }
        return s;
    }

    /** Ansible's boolean conversion (yes/no, true/false, on/off, 1/0). */
    public boolean bool(String name, boolean dflt) {
        Object v = args.get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        if (TRUE.contains(s)) {
            return true;
        }
        if (FALSE.contains(s)) {
            return false;
        }
        throw new ArgException("argument '" + name + "' is of type " + v.getClass().getSimpleName()
                + " and we were unable to convert to bool: The value '" + v + "' is not a valid boolean. "
                + "Valid booleans include: 'yes', 'no', 'true', 'false', 'on', 'off', '1', '0'");
    }

    public int integer(String name, int dflt) {
        Object v = args.get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new ArgException("argument '" + name + "' is of type str and we were unable to convert to int: '"
                    + v + "' cannot be converted to an int");
        }
    }

    /** A list argument: a YAML list, or a comma-separated string (Ansible's type=list). */
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

    /** The argument must be one of {@code choices}; returns it (or {@code dflt} when absent). */
    public String choice(String name, String dflt, String... choices) {
        String s = str(name, dflt);
        if (s == null) {
            return null;
        }
        for (String c : choices) {
            if (c.equals(s)) {
                return s;
            }
        }
        throw new ArgException("value of " + name + " must be one of: " + String.join(", ", choices) + ", got: " + s);
    }

    /** Fails like Ansible when more than one of {@code names} is set. */
    public void mutuallyExclusive(String... names) {
        int n = 0;
        for (String s : names) {
            if (has(s)) {
                n++;
            }
        }
        if (n > 1) {
            throw new ArgException("parameters are mutually exclusive: " + String.join("|", names));
        }
    }
}
