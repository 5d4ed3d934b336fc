package dev.rigger.module.system;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Typed, validated access to one module invocation's arguments (Ansible's argument_spec conversions). */
public final class Args {
    private final String module;
    private final Map<String, Object> values;

    public Args(String module, Map<String, Object> values) {
        this.module = module;
        this.values = values == null ? Map.of() : values;
    }

    public String module() {
        return module;
    }

    /** True when the argument was given and is not null. */
    public boolean has(String name) {
        return values.get(name) != null;
    }

    public Object raw(String name) {
        return values.get(name);
    }

    public String str(String name) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof Map || v instanceof Collection) {
            throw new ArgException(module + ": argument '" + name + "' must be a string, got " + v);
        }
        return String.valueOf(v);
    }

    public String str(String name, String def) {
        String s = str(name);
        return s == null ? def : s;
    }

    public String required(String name) {
        String s = str(name);
        if (s == null || s.isEmpty()) {
            throw new ArgException(module + ": argument '" + name + "' is required");
        }
        return s;
    }

    /** Ansible booleans: yes/no, true/false, on/off, 1/0 (case-insensitive). */
    public boolean bool(String name, boolean def) {
        Boolean b = boolOrNull(name);
        return b == null ? def : b;
    }

    public Boolean boolOrNull(String name) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.intValue() != 0;
        }
        switch (String.valueOf(v).trim().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "on", "1", "y", "t":
                return true;
            case "no", "false", "off", "0", "n", "f", "":
                return false;
            default:
                throw new ArgException(module + ": argument '" + name + "' must be a boolean (yes/no), got '" + v + "'");
        }
    }

    public Integer integer(String name) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new ArgException(module + ": argument '" + name + "' must be an integer, got '" + v + "'");
        }
    }

    public int integer(String name, int def) {
        Integer i = integer(name);
        return i == null ? def : i;
    }

    /** A list argument: a YAML list, or a comma-separated string (Ansible's list conversion). Never null. */
    public List<String> list(String name) {
        Object v = values.get(name);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof Collection<?> c) {
            for (Object o : c) {
                if (o != null && !String.valueOf(o).isEmpty()) {
                    out.add(String.valueOf(o).trim());
                }
            }
            return out;
        }
        String s = String.valueOf(v);
        if (s.isBlank()) {
            return out;
        }
        Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).forEach(out::add);
        return out;
    }

    /** A string argument restricted to {@code allowed}. */
    public String choice(String name, String def, String... allowed) {
        String s = str(name, def);
        if (s == null) {
            return null;
        }
        for (String a : allowed) {
            if (a.equals(s)) {
                return s;
            }
        }
        throw new ArgException(module + ": argument '" + name + "' must be one of " + String.join(", ", allowed)
                + ", got '" + s + "'");
    }
}
