package dev.rigger.module.support;

import java.util.Map;

/**
 * Python's json.dumps for the file module's diffs and copy's content, but with Java's float digits, and backspace and
 * form feed as hex escapes.
 */
public final class Json {
    private static final dev.rigger.Json.Format DUMPS = dev.rigger.Json.PYTHON.shortEscapes(false).pythonFloats(false);

    private Json() {
    }

    /** json.dumps(obj, sort_keys=True, indent=4) and a newline, for the flat maps the file module diffs. */
    public static String pretty(Map<String, Object> m) {
        return dev.rigger.Json.write(m, DUMPS.indent(4).sortKeys(true)) + "\n";
    }

    /** Python's json.dumps(obj) with default settings (", " and ": " separators, ASCII only, insertion order). */
    public static String dumps(Object v) {
        return dev.rigger.Json.write(v, DUMPS);
    }
}
