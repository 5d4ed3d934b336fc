package dev.rigger.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The inventory_hostnames lookup: host patterns against the {@code groups} variable, as Ansible rebuilds them. */
final class InventoryHostnamesLookup {
    private InventoryHostnamesLookup() {
    }

    // ------------------------------------------------------------------------------------------------ inventory

    /** inventory_hostnames: host patterns against {@code groups} (all, group, host, wildcards, ~regex, !, &). */
    static List<Object> run(Object terms, Map<String, Object> vars) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        if (vars != null && vars.get("groups") instanceof Map<?, ?> g) {
            g.forEach((k, v) -> {
                List<String> hosts = new ArrayList<>();
                if (v instanceof List<?> l) {
                    l.forEach(h -> hosts.add(String.valueOf(h)));
                }
                groups.put(String.valueOf(k), hosts);
            });
        }
        List<String> all = new ArrayList<>(groups.getOrDefault("all", List.of()));
        for (List<String> hs : groups.values()) {
            for (String h : hs) {
                if (!all.contains(h)) {
                    all.add(h);
                }
            }
        }
        List<String> patterns = new ArrayList<>();
        for (Object t : terms instanceof List<?> l ? l : List.of(terms)) {
            for (String p : Py.str(t).split(",")) {
                String s = p.strip();
                if (s.isEmpty()) {
                    continue;
                }
                if (s.startsWith("~") || s.contains("[")) {
                    patterns.add(s);
                } else {
                    for (String q : s.split(":")) {
                        if (!q.isBlank()) {
                            patterns.add(q.strip());
                        }
                    }
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        patterns.stream().filter(p -> !p.startsWith("!") && !p.startsWith("&")).forEach(ordered::add);
        patterns.stream().filter(p -> p.startsWith("&")).forEach(ordered::add);
        patterns.stream().filter(p -> p.startsWith("!")).forEach(ordered::add);
        if (!ordered.isEmpty() && ordered.stream().allMatch(p -> p.startsWith("!") || p.startsWith("&"))) {
            ordered.add(0, "all");
        }
        Set<String> result = new LinkedHashSet<>();
        for (String p : ordered) {
            if (p.startsWith("!")) {
                result.removeAll(matchHosts(p.substring(1), groups, all));
            } else if (p.startsWith("&")) {
                result.retainAll(matchHosts(p.substring(1), groups, all));
            } else {
                result.addAll(matchHosts(p, groups, all));
            }
        }
        return new ArrayList<>(result);
    }

    private static List<String> matchHosts(String p, Map<String, List<String>> groups, List<String> all) {
        if (p.equals("all") || p.equals("*")) {
            return all;
        }
        if (groups.containsKey(p)) {
            return groups.get(p);
        }
        if (all.contains(p)) {
            return List.of(p);
        }
        Pattern re;
        if (p.startsWith("~")) {
            re = Pattern.compile(p.substring(1));
        } else if (p.contains("*") || p.contains("?") || p.contains("[")) {
            re = Pattern.compile(fnmatch(p));
        } else {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> g : groups.entrySet()) {
            if (re.matcher(g.getKey()).lookingAt() && (p.startsWith("~") || re.matcher(g.getKey()).matches())) {
                out.addAll(g.getValue());
            }
        }
        if (out.isEmpty()) {
            for (String h : all) {
                if (p.startsWith("~") ? re.matcher(h).lookingAt() : re.matcher(h).matches()) {
                    out.add(h);
                }
            }
        }
        return out;
    }

    private static String fnmatch(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }
}
