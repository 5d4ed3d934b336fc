package dev.rigger.report;

/** Results as Ansible's callback prints them: JSON with sorted keys (Python's repr is {@code PythonText}). */
public final class Py {
    /**
     * Sorted keys, non-ASCII as it is, but control characters (C0, DEL and the C1 range, where U+009B is a terminal's
     * CSI) and unpaired surrogates escaped so rig output cannot drive the terminal; Java's float digits.
     */
    private static final dev.rigger.Json.Format CALLBACK = dev.rigger.Json.PYTHON.sortKeys(true).ensureAscii(false)
            .terminalSafe(true).shortEscapes(false).allowNan(false).pythonFloats(false).depthLimit(64);

    private Py() {
    }

    /** JSON with keys sorted (Ansible's callback output); {@code indent} 0 = one line. */
    public static String json(Object o, int indent) {
        return dev.rigger.Json.write(o, CALLBACK.indent(indent));
    }
}
