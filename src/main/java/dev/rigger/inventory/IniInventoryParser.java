package dev.rigger.inventory;

import dev.rigger.Pos;
import dev.rigger.Shlex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's INI inventory format ({@code ansible/plugins/inventory/ini.py}): hosts before the first section are
 * ungrouped; {@code [g]} lists hosts with inline {@code k=v}; {@code [g:vars]} and {@code [g:children]}; comments
 * start with {@code #} or {@code ;}. Values go through {@link PyLiteral}. A group named under {@code :children}
 * or {@code :vars} must be declared somewhere with {@code [name]} or {@code [name:children]}, as in Ansible.
 */
final class IniInventoryParser {
    private static final Pattern SECTION = Pattern.compile("^\\[([^:\\]\\s]+)(?::(\\w+))?]\\s*(?:#.*)?$");
    private static final Pattern GROUP_NAME = Pattern.compile("^([^:\\]\\s]+)\\s*(?:[#;].*)?$");

    private final InventoryBuilder b;
    private final String file;

    private record Pending(String state, String name, Pos at, List<String> parents) {
    }

    private IniInventoryParser(InventoryBuilder b, String file) {
        this.b = b;
        this.file = file;
    }

    static void parse(InventoryBuilder b, String text, String file) {
        new IniInventoryParser(b, file).run(text);
    }

    private void run(String text) {
        String[] lines = text.split("\\r?\\n|\\r", -1);
        String group = "ungrouped";
        String state = "hosts";
        Map<String, Pending> pending = new LinkedHashMap<>();
        for (int n = 0; n < lines.length; n++) {
            String raw = lines[n];
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            Pos at = new Pos(file, n + 1, raw.indexOf(line.charAt(0)) + 1);
            Matcher m = SECTION.matcher(line);
            if (m.matches()) {
                group = m.group(1);
                state = m.group(2) == null ? "hosts" : m.group(2);
                if (!state.equals("hosts") && !state.equals("children") && !state.equals("vars")) {
                    b.error("section [" + group + ":" + state + "] has unknown type '" + state
                            + "'; use [" + group + "], [" + group + ":vars] or [" + group + ":children]", at);
                    state = "skip";
                    continue;
                }
                if (!b.groups.containsKey(group)) {
                    if (state.equals("vars") && !pending.containsKey(group)) {
                        pending.put(group, new Pending("vars", group, at, new ArrayList<>()));
                    }
                    b.group(group);
                }
                Pending p = pending.get(group);
                if (p != null && !state.equals("vars")) {
                    if (p.state.equals("children")) {
                        for (String parent : p.parents) {
                            b.addChild(parent, group, p.at);
                        }
                    }
                    pending.remove(group);
                }
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                b.error("invalid section header '" + line + "': a group name cannot contain spaces or ':' "
                        + "(other than :vars or :children)", at);
                state = "skip";
                continue;
            }
            switch (state) {
                case "hosts" -> hostLine(line, group, at);
                case "vars" -> varLine(line, group, at);
                case "children" -> childLine(line, group, at, pending);
                default -> {
                    // the lines of a broken section were already reported with it
                }
            }
        }
        for (Pending p : pending.values()) {
            if (p.state.equals("vars")) {
                b.error("section [" + p.name + ":vars] is for an undefined group '" + p.name + "'; declare it with ["
                        + p.name + "] or [" + p.name + ":children]", p.at);
            } else {
                String parent = p.parents.get(p.parents.size() - 1);
                b.error("section [" + parent + ":children] includes undefined group '" + p.name + "'; declare it with ["
                        + p.name + "] (it may be empty) or [" + p.name + ":children]", p.at);
            }
        }
    }

    private void hostLine(String line, String group, Pos at) {
        List<String> tokens;
        try {
            tokens = Shlex.split(line, true);
        } catch (IllegalArgumentException e) {
            b.error("cannot parse host line '" + line + "': " + e.getMessage(), at);
            return;
        }
        if (tokens.isEmpty()) {
            return;
        }
        HostRanges.HostPort hp = HostRanges.splitPort(tokens.get(0));
        if (hp.endsWithColon()) {
            b.error("host '" + tokens.get(0) + "' ends with ':'; write host:PORT or drop the ':'", at);
            return;
        }
        List<String> names;
        try {
            names = HostRanges.expand(hp.host());
        } catch (IllegalArgumentException e) {
            b.error(e.getMessage(), at);
            return;
        }
        if (names.contains("---")) {
            b.error("host '---' looks like the start of a YAML document; name the file .yml to load it as YAML", at);
            return;
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        for (String t : tokens.subList(1, tokens.size())) {
            int eq = t.indexOf('=');
            if (eq < 0) {
                b.error("expected key=value host variable after host '" + tokens.get(0) + "', got '" + t
                        + "' (quote values that contain spaces)", at);
                return;
            }
            vars.put(t.substring(0, eq), PyLiteral.eval(t.substring(eq + 1)));
        }
        if (hp.port() != null) {
            vars.put("ansible_port", hp.port());
        }
        for (String h : names) {
            b.addHost(h, group);
            vars.forEach((k, v) -> b.setHostVar(h, k, v));
        }
    }

    private void varLine(String line, String group, Pos at) {
        int eq = line.indexOf('=');
        if (eq < 0) {
            b.error("expected key=value in [" + group + ":vars], got '" + line + "'", at);
            return;
        }
        String key = line.substring(0, eq).strip();
        Object value = PyLiteral.eval(line.substring(eq + 1).strip());
        b.setGroupVar(group, key, value, at);
    }

    private void childLine(String line, String group, Pos at, Map<String, Pending> pending) {
        Matcher m = GROUP_NAME.matcher(line);
        if (!m.matches()) {
            b.error("expected a group name in [" + group + ":children], got '" + line + "'", at);
            return;
        }
        String child = m.group(1);
        if (b.groups.containsKey(child)) {
            b.addChild(group, child, at);
        } else {
            Pending p = pending.get(child);
            if (p == null) {
                pending.put(child, new Pending("children", child, at, new ArrayList<>(List.of(group))));
            } else {
                p.parents.add(group);
            }
        }
    }
}
