package dev.rigger.executor;

import dev.rigger.RiggerException;
import dev.rigger.playbook.Task;
import dev.rigger.template.PythonText;
import dev.rigger.template.Templar;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** loop / with_*: the items of a task and the variables each item brings (item, ansible_loop, index_var). */
final class Loops {
    private Loops() {
    }

    static String loopVar(Task t) {
        Object lv = t.loopControl().get("loop_var");
        return lv == null ? "item" : String.valueOf(lv);
    }

    static List<Object> items(Task t, Map<String, Object> vars, Templar templar) {
        Object raw = t.loop();
        Object v;
        if (raw instanceof String s && !s.contains("{{") && !s.contains("{%") && t.loopKind().startsWith("with_")
                && !t.loopKind().equals("with_fileglob") && !t.loopKind().equals("with_sequence")) {
            // with_items: foo (bare variable name), as old playbooks write it
            v = vars.containsKey(s) ? vars.get(s) : s;
        } else {
            v = templar.render(raw, vars);
        }
        String kind = t.loopKind();
        switch (kind) {
            case "loop", "with_list" -> {
                if (!(v instanceof List<?> l)) {
                    throw new RiggerException("Invalid data passed to 'loop', it requires a list, got this instead: "
                            + PythonText.repr(v) + ". Hint: If you passed a list/dict of just one element, try adding "
                            + "wantlist=True to your lookup invocation or use q/query instead of lookup.", t.pos());
                }
                return new ArrayList<>(l);
            }
            case "with_items", "with_flattened" -> {
                List<Object> out = new ArrayList<>();
                flatten(v, out, kind.equals("with_flattened") ? 100 : 1);
                return out;
            }
            case "with_dict" -> {
                if (!(v instanceof Map<?, ?> m)) {
                    throw new RiggerException("with_dict expects a dict, got " + PythonText.repr(v), t.pos());
                }
                List<Object> out = new ArrayList<>();
                m.forEach((k, x) -> {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("key", k);
                    e.put("value", x);
                    out.add(e);
                });
                return out;
            }
            case "with_indexed_items" -> {
                List<Object> flat = new ArrayList<>();
                flatten(v, flat, 1);
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < flat.size(); i++) {
                    out.add(List.of(i, flat.get(i)));
                }
                return out;
            }
            case "with_together" -> {
                List<?> lists = asList(v);
                int n = lists.stream().mapToInt(x -> asList(x).size()).max().orElse(0);
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    List<Object> row = new ArrayList<>();
                    for (Object l : lists) {
                        List<?> ll = asList(l);
                        row.add(i < ll.size() ? ll.get(i) : null);
                    }
                    out.add(row);
                }
                return out;
            }
            case "with_nested", "with_cartesian" -> {
                List<Object> out = new ArrayList<>();
                out.add(new ArrayList<>());
                for (Object l : asList(v)) {
                    List<Object> next = new ArrayList<>();
                    for (Object prefix : out) {
                        for (Object x : asList(l)) {
                            List<Object> row = new ArrayList<>((List<?>) prefix);
                            row.add(x);
                            next.add(row);
                        }
                    }
                    out = next;
                }
                return out;
            }
            case "with_fileglob" -> {
                List<Object> out = new ArrayList<>();
                for (Object pat : asList(v instanceof List ? v : List.of(v))) {
                    out.addAll(glob(String.valueOf(pat)));
                }
                return out;
            }
            case "with_sequence" -> {
                return sequence(String.valueOf(v), t);
            }
            default -> throw new RiggerException("'" + kind + "' is not supported by rigger; use loop: with a "
                    + "filter (supported: loop, with_items, with_list, with_dict, with_indexed_items, with_together, "
                    + "with_nested, with_fileglob, with_sequence, with_flattened)", t.pos());
        }
    }

    private static List<?> asList(Object o) {
        return o instanceof List<?> l ? l : List.of(o);
    }

    private static void flatten(Object v, List<Object> out, int levels) {
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof List<?> inner && levels > 0) {
                    flatten(inner, out, levels - 1);
                } else {
                    out.add(o);
                }
            }
        } else if (v != null) {
            out.add(v);
        }
    }

    private static List<Object> glob(String pattern) {
        Path p = Path.of(pattern);
        Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + p.getFileName());
        List<Object> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(x -> Files.isRegularFile(x) && m.matches(x.getFileName())).sorted()
                    .forEach(x -> out.add(x.toString()));
        } catch (java.io.IOException e) {
            throw new RiggerException("with_fileglob: " + e.getMessage());
        }
        return out;
    }

    private static List<Object> sequence(String spec, Task t) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : spec.trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                kv.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        try {
            int start = Integer.parseInt(kv.getOrDefault("start", "1"));
            int end = kv.containsKey("end") ? Integer.parseInt(kv.get("end"))
                    : start + Integer.parseInt(kv.getOrDefault("count", "0")) - 1;
            int stride = Integer.parseInt(kv.getOrDefault("stride", "1"));
            String fmt = kv.getOrDefault("format", "%d");
            List<Object> out = new ArrayList<>();
            for (int i = start; stride > 0 ? i <= end : i >= end; i += stride) {
                out.add(String.format(fmt, i));
            }
            return out;
        } catch (RuntimeException e) {
            throw new RiggerException("with_sequence: cannot parse '" + spec + "'", t.pos());
        }
    }

    static Map<String, Object> itemScope(Task t, Map<String, Object> scope, List<Object> items, int i) {
        Map<String, Object> s = new LinkedHashMap<>(scope);
        s.put(loopVar(t), items.get(i));
        Object idx = t.loopControl().get("index_var");
        if (idx != null) {
            s.put(String.valueOf(idx), i);
        }
        {
            Map<String, Object> al = new LinkedHashMap<>();
            int n = items.size();
            al.put("index", i + 1);
            al.put("index0", i);
            al.put("revindex", n - i);
            al.put("revindex0", n - i - 1);
            al.put("first", i == 0);
            al.put("last", i == n - 1);
            al.put("length", n);
            al.put("previtem", i > 0 ? items.get(i - 1) : null);
            al.put("nextitem", i < n - 1 ? items.get(i + 1) : null);
            s.put("ansible_loop", al);
        }
        return s;
    }

    static String label(Task t, Map<String, Object> vars, Object item, Templar templar) {
        Object l = t.loopControl().get("label");
        if (l != null) {
            try {
                return PythonText.str(templar.render(l, vars));
            } catch (RuntimeException e) {
                return String.valueOf(l);
            }
        }
        return PythonText.str(item);
    }
}
