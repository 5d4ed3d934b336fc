package dev.rigger.playbook;

import dev.rigger.template.Templar;
import java.math.BigDecimal;

/**
 * A keyword Ansible keeps as an int ({@code async}, {@code poll}, {@code timeout}): Python's {@code int()} of its
 * value, and Ansible's message when that fails. A literal that is no int is a load error; a template is judged where
 * it renders, on the host.
 */
public final class IntField {
    private IntField() {
    }

    /** Python's int() of {@code v} (an int, a bool, a float, a text of digits), or null when it has none. */
    public static Integer parse(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof Number n) {
            BigDecimal d = new BigDecimal(n.toString());
            return d.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0 ? null : d.intValue();
        }
        if (v instanceof String s && s.strip().matches("[+-]?[0-9]+(_[0-9]+)*") && s.strip().length() < 10) {
            return Integer.parseInt(s.strip().replace("_", ""));
        }
        return null;
    }

    /** Ansible's message for a value of {@code field} (its attribute's name: async_val, poll, timeout) that is no int. */
    public static String message(String field, Object v) {
        return "the field '" + field + "' has an invalid value (" + v + "), and could not be converted to an int."
                + "The error was: invalid literal for int() with base 10: '" + v + "'";
    }

    /** The load-time problem of a literal {@code v} (null when it is an int, absent or a template). */
    static String literalProblem(String field, Object v) {
        if (v == null || Templar.hasTemplate(v) || parse(v) != null) {
            return null;
        }
        return message(field, v);
    }
}
