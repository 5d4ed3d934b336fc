package dev.rigger.template;

import static dev.rigger.template.Filters.arg;
import static dev.rigger.template.Filters.boolArg;
import static dev.rigger.template.Filters.filter;
import static dev.rigger.template.Filters.intArg;

import dev.rigger.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.lib.filter.Filter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Serialization filters: {@code to_json}/{@code to_nice_json}, {@code to_yaml}/{@code to_nice_yaml},
 * {@code from_json}, {@code from_yaml}, {@code from_yaml_all}.
 */
final class DataFilters {
    private DataFilters() {
    }

    static List<Filter> all() {
        List<Filter> f = new ArrayList<>();
        f.add(filter("to_json", false, (v, a, kw) -> toJson(v, intArg(arg(a, kw, 99, "indent", 0)),
                boolArg(a, kw, 99, "sort_keys", false), boolArg(a, kw, 99, "ensure_ascii", true))));
        f.add(filter("to_nice_json", false, (v, a, kw) -> toJson(v, intArg(arg(a, kw, 0, "indent", 4)),
                boolArg(a, kw, 99, "sort_keys", true), boolArg(a, kw, 99, "ensure_ascii", true))));
        f.add(filter("to_yaml", false, (v, a, kw) -> toYaml(v, false, intArg(arg(a, kw, 99, "indent", 2)))));
        f.add(filter("to_nice_yaml", false, (v, a, kw) -> toYaml(v, true, intArg(arg(a, kw, 0, "indent", 4)))));
        f.add(filter("from_json", false, (v, a, kw) -> fromJson(Py.str(v))));
        f.add(filter("from_yaml", false, (v, a, kw) -> fromYaml(Py.str(v))));
        f.add(filter("from_yaml_all", false, (v, a, kw) -> {
            List<Object> out = new ArrayList<>();
            for (Object doc : yaml(null).loadAll(Py.str(v))) {
                out.add(Py.toNative(doc));
            }
            return out;
        }));
        return f;
    }

    /** Python's json.dumps, within rigger's limit on a printed value. */
    static String toJson(Object v, int indent, boolean sortKeys, boolean ensureAscii) {
        Object value = Py.toNative(v);
        try {
            return Json.write(value, Json.PYTHON.indent(indent).sortKeys(sortKeys).ensureAscii(ensureAscii)
                    .limit(Py.MAX_PRINTED));
        } catch (Json.TooLong e) {
            throw Py.printedTooLong();
        }
    }

    static Object fromJson(String s) {
        try {
            return Py.toNative(new ObjectMapper().readValue(s, Object.class));
        } catch (IOException e) {
            throw RenderState.fail("from_json: not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    static Yaml yaml(DumperOptions dump) {
        LoaderOptions lo = new LoaderOptions();
        return dump == null ? new Yaml(new SafeConstructor(lo))
                : new Yaml(new SafeConstructor(lo), new Representer(dump), dump);
    }

    static Object fromYaml(String s) {
        try {
            return Py.toNative(yaml(null).load(s));
        } catch (RuntimeException e) {
            throw RenderState.fail("from_yaml: not valid YAML: " + e.getMessage());
        }
    }

    static String toYaml(Object v, boolean nice, int indent) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(nice ? DumperOptions.FlowStyle.BLOCK : DumperOptions.FlowStyle.AUTO);
        o.setAllowUnicode(true);
        o.setIndent(Math.max(1, Math.min(indent, 10)));
        o.setWidth(80);
        o.setSplitLines(true);
        return yaml(o).dump(sortedNative(Py.toNative(v)));
    }

    private static Object sortedNative(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), sortedNative(x)));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(sortedNative(x)));
            return out;
        }
        return o;
    }
}
