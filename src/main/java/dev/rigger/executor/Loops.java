package dev.rigger.executor;

import dev.rigger.RiggerException;
import dev.rigger.playbook.Task;
import dev.rigger.template.Lookups;
import dev.rigger.template.PythonText;
import dev.rigger.template.TemplateException;
import dev.rigger.template.Templar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        String kind = t.loopKind();
        Object v;
        if (raw instanceof String s && !s.contains("{{") && !s.contains("{%") && kind.startsWith("with_")
                && BARE_VARIABLE_LOOPS.contains(kind) && vars.containsKey(s.strip())) {
            // with_items: foo (bare variable name), as old playbooks write it
            v = vars.get(s.strip());
        } else {
            v = templar.render(raw instanceof String s ? s.strip() : raw, vars);
        }
        if (kind.equals("loop")) {
            if (!(v instanceof List<?> l)) {
                throw new RiggerException("Invalid data passed to 'loop', it requires a list, got this instead: "
                        + PythonText.repr(v) + ". Hint: If you passed a list/dict of just one element, try adding "
                        + "wantlist=True to your lookup invocation or use q/query instead of lookup.", t.pos());
            }
            return new ArrayList<>(l);
        }
        String lookup = kind.substring("with_".length());
        // listify_lookup_plugin_terms: a string or a scalar becomes a list of one; a list or a dict stays as is
        Object terms = v instanceof List || v instanceof Map ? v : new ArrayList<>(java.util.Arrays.asList(v));
        try {
            return new ArrayList<>(Lookups.loop(lookup, terms, vars, templar, subdir(t.action())));
        } catch (TemplateException e) {
            throw new RiggerException(e.getMessage(), t.pos());
        }
    }

    /** The loops where rigger reads a bare variable name as the variable (Ansible 2.14 would iterate the string). */
    private static final java.util.Set<String> BARE_VARIABLE_LOOPS = java.util.Set.of("with_items", "with_list",
            "with_dict", "with_indexed_items", "with_together", "with_nested", "with_cartesian", "with_flattened",
            "with_subelements", "with_random_choice");

    /** Where first_found looks, after the task's action, as _get_loop_items picks the lookup's _subdir. */
    static String subdir(String action) {
        for (String sub : new String[] {"template", "var", "file"}) {
            if (action != null && action.contains(sub)) {
                return sub + "s";
            }
        }
        return "files";
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
