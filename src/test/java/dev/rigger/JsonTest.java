package dev.rigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    /** The value printed by python3's json.dumps below. */
    private static Map<String, Object> sample() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("x", List.of());
        a.put("\u00e9", "\u00e9\n\b\f\u001b\u007f\ud83d\ude00");
        Map<String, Object> v = new LinkedHashMap<>();
        List<Object> b = new ArrayList<>(List.of(1L, 2.5));
        b.add(null);
        b.add(true);
        b.add(Map.of());
        v.put("b", b);
        v.put("a", a);
        v.put("f", List.of(1e16, 1e-05, 0.1, 12345678.9, -0.0, Double.NaN, Double.POSITIVE_INFINITY));
        return v;
    }

    @Test
    void pythonDefaults() {
        assertEquals("{\"b\": [1, 2.5, null, true, {}], "
                + "\"a\": {\"x\": [], \"\\u00e9\": \"\\u00e9\\n\\b\\f\\u001b\\u007f\\ud83d\\ude00\"}, "
                + "\"f\": [1e+16, 1e-05, 0.1, 12345678.9, -0.0, NaN, Infinity]}",
                Json.write(sample(), Json.PYTHON));
    }

    @Test
    void pythonIndentSortKeysUnicode() {
        assertEquals("{\n"
                + "  \"a\": {\n"
                + "    \"x\": [],\n"
                + "    \"\u00e9\": \"\u00e9\\n\\b\\f\\u001b\u007f\ud83d\ude00\"\n"
                + "  },\n"
                + "  \"b\": [\n"
                + "    1,\n"
                + "    2.5,\n"
                + "    null,\n"
                + "    true,\n"
                + "    {}\n"
                + "  ],\n"
                + "  \"f\": [\n"
                + "    1e+16,\n"
                + "    1e-05,\n"
                + "    0.1,\n"
                + "    12345678.9,\n"
                + "    -0.0,\n"
                + "    NaN,\n"
                + "    Infinity\n"
                + "  ]\n"
                + "}",
                Json.write(sample(), Json.PYTHON.indent(2).sortKeys(true).ensureAscii(false)));
    }

    @Test
    void jacksonLayouts() throws Exception {
        Map<String, Object> v = sample();
        v.put("f", List.of(1e16, 0.1, 12345678.9, -0.0));
        v.put("o", List.of(Map.of("k", List.of(Map.of(), List.of(1L))), "\u009b\u2028"));
        Json.Format line = Json.PYTHON.separators(",", ":").ensureAscii(false).pythonFloats(false).upperHex(true);
        Json.Format pretty = line.indent(2).separators(",", " : ").arraysOnOneLine(true).bracketPadding(" ");
        ObjectMapper m = new ObjectMapper();
        assertEquals(m.writeValueAsString(v), Json.write(v, line));
        assertEquals(m.writerWithDefaultPrettyPrinter().writeValueAsString(v), Json.write(v, pretty));
    }

    @Test
    void limits() {
        Object deep = List.of(List.of(List.of("x")));
        assertEquals("[[\"...\"]]", Json.write(deep, Json.PYTHON.depthLimit(1)));
        assertThrows(Json.TooLong.class, () -> Json.write(List.of("abcdef", "ghijkl"), Json.PYTHON.limit(8)));
    }
}
