package dev.rigger.template;

/**
 * Python's {@code str()} and {@code repr()} of a value, as Ansible prints loop items and values in messages
 * ({@code {'name': "it's"}}, {@code True}, {@code None}); the one implementation the templating uses.
 */
public final class PythonText {
    private PythonText() {
    }

    /** Python's str(): strings as they are, everything else as repr. */
    public static String str(Object o) {
        return Py.str(o);
    }

    /** Python's repr(). */
    public static String repr(Object o) {
        return Py.repr(o);
    }
}
