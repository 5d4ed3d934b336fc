package dev.rigger;

import java.util.Locale;
import java.util.Set;

/**
 * Ansible's yes/no, written once: {@code ansible.module_utils.parsing.convert_bool.boolean} (keywords, module
 * arguments, settings, the {@code truthy(convert_bool=True)} test) and the {@code bool} filter of 2.14, which is an
 * older, narrower rule of its own ({@code to_bool}: only yes/on/1/true and the number 1 are true).
 */
public final class AnsibleBool {
    private static final Set<String> TRUE = Set.of("y", "yes", "on", "1", "true", "t");
    private static final Set<String> FALSE = Set.of("n", "no", "off", "0", "false", "f");
    private static final Set<String> FILTER_TRUE = Set.of("yes", "on", "1", "true");

    /** The valid spellings, as Ansible's message lists them. */
    public static final String VALID = "'y', 'yes', 'on', '1', 'true', 't', 1, 1.0, True, "
            + "'n', 'no', 'off', '0', 'false', 'f', 0, 0.0, False";

    private AnsibleBool() {
    }

    /** {@code boolean(value, strict=True)}: true, false, or null when {@code value} is not a boolean at all. */
    public static Boolean parse(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == 1 ? Boolean.TRUE : d == 0 ? Boolean.FALSE : null;
        }
        if (value instanceof CharSequence s) {
            String l = s.toString().strip().toLowerCase(Locale.ROOT);
            return TRUE.contains(l) ? Boolean.TRUE : FALSE.contains(l) ? Boolean.FALSE : null;
        }
        return null;
    }

    /** {@code boolean(value, strict=False)}: anything that is not a true spelling is false (null too). */
    public static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(parse(value));
    }

    /**
     * {@code boolean(value, strict=True)} for a keyword or setting named {@code what}: a value that is no boolean
     * is an error saying which spellings are valid.
     */
    public static boolean strict(Object value, String what) {
        Boolean b = parse(value);
        if (b == null) {
            throw new RiggerException(what + ": the value '" + value + "' is not a valid boolean. Valid booleans "
                    + "include: " + VALID);
        }
        return b;
    }

    /** The {@code bool} filter of Ansible 2.14 ({@code to_bool}); null stays null. */
    public static Boolean filter(Object value) {
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof Number n) {
            return n.doubleValue() == 1;
        }
        if (value instanceof CharSequence s) {
            return FILTER_TRUE.contains(s.toString().toLowerCase(Locale.ROOT));
        }
        return false;
    }
}
