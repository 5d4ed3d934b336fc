package dev.rigger.inventory;

import dev.rigger.yaml.Located;
import dev.rigger.Pos;
import dev.rigger.yaml.YList;
import dev.rigger.yaml.YMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's YAML inventory format ({@code ansible/plugins/inventory/yaml.py}):
 * {@code group: {hosts: {h: {var: 1}}, vars: {...}, children: {g: {...}}}} at the top level, usually under
 * {@code all}. Values keep their YAML types; host names may hold ranges and {@code :port}. Where Ansible only warns
 * (a group that is not a mapping, an unknown key in a group) this is an error, since hosts would silently go missing.
 */
final class YamlInventoryParser {
    private final InventoryBuilder b;
    private final String file;

    private YamlInventoryParser(InventoryBuilder b, String file) {
        this.b = b;
        this.file = file;
    }

    static void parse(InventoryBuilder b, YMap root, String file) {
        YamlInventoryParser p = new YamlInventoryParser(b, file);
        for (Map.Entry<String, Object> e : root.entrySet()) {
            p.group(e.getKey(), e.getValue(), root.posOf(e.getKey()), 0);
        }
    }

    private static String kind(Object v) {
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof String s) {
            return "the string '" + s + "'";
        }
        return v == null ? "nothing" : "the " + v.getClass().getSimpleName().toLowerCase() + " " + v;
    }

    private Pos where(Object value, Pos fallback) {
        return value instanceof Located l ? l.pos() : fallback;
    }

    private void group(String name, Object data, Pos at, int depth) {
        if (depth > 100) {
            b.error("groups nest too deeply under '" + name + "'", at);
            return;
        }
        b.group(name);
        if (data == null) {
            return;
        }
        if (!(data instanceof YMap map)) {
            b.error("group '" + name + "' must be a mapping with hosts:, vars: and/or children:, found "
                    + kind(data), where(data, at));
            return;
        }
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            Pos keyAt = map.posOf(key);
            if (!key.equals("hosts") && !key.equals("vars") && !key.equals("children")) {
                b.error("unexpected key '" + key + "' in group '" + name + "': only hosts:, vars: and children: "
                        + "are allowed (a host goes under hosts:, a subgroup under children:)", keyAt);
                continue;
            }
            if (value == null) {
                continue;
            }
            if (value instanceof String s && !key.equals("vars")) {
                value = java.util.Collections.singletonMap(s, null);
            }
            if (!(value instanceof Map<?, ?> section)) {
                String example = switch (key) {
                    case "hosts" -> "hosts: {web1: {}, web2: {ansible_host: 10.0.0.2}}";
                    case "vars" -> "vars: {ntp_server: ntp.example.com}";
                    default -> "children: {web: {hosts: {web1: {}}}}";
                };
                b.error("'" + key + "' of group '" + name + "' must be a mapping, found " + kind(value)
                        + "; write e.g. " + example, value instanceof YList l ? l.pos() : keyAt);
                continue;
            }
            YMap ymap = section instanceof YMap y ? y : null;
            for (Map.Entry<?, ?> item : section.entrySet()) {
                String itemKey = String.valueOf(item.getKey());
                Object itemValue = item.getValue();
                Pos itemAt = ymap != null ? ymap.posOf(itemKey) : keyAt;
                switch (key) {
                    case "vars" -> b.setGroupVar(name, itemKey, itemValue, itemAt);
                    case "children" -> {
                        group(itemKey, itemValue, itemAt, depth + 1);
                        b.addChild(name, itemKey, itemAt);
                    }
                    default -> host(name, itemKey, itemValue, itemAt);
                }
            }
        }
    }

    private void host(String group, String pattern, Object vars, Pos at) {
        if (vars != null && !(vars instanceof Map)) {
            b.error("host '" + pattern + "' in group '" + group + "' must map to its variables (or nothing), found "
                    + kind(vars) + "; write e.g. " + pattern + ": {ansible_host: 10.0.0.5}", where(vars, at));
            return;
        }
        HostRanges.HostPort hp = HostRanges.splitPort(pattern);
        List<String> names;
        try {
            names = HostRanges.expand(hp.host());
        } catch (IllegalArgumentException e) {
            b.error(e.getMessage(), at);
            return;
        }
        for (String h : names) {
            b.addHost(h, group);
            if (hp.port() != null) {
                b.setHostVar(h, "ansible_port", hp.port());
            }
            if (vars != null) {
                ((Map<?, ?>) vars).forEach((k, v) -> b.setHostVar(h, String.valueOf(k), v));
            }
        }
    }
}
