package dev.rigger.module;

import dev.rigger.Fqcn;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Finds modules by name. Built once per run from explicit lists (no classpath scanning); immutable. */
public final class ModuleRegistry {
    private final Map<String, Module> modules;

    public ModuleRegistry(Collection<? extends Module> all) {
        Map<String, Module> m = new TreeMap<>();
        for (Module mod : all) {
            m.put(mod.name(), mod);
        }
        this.modules = Collections.unmodifiableMap(m);
    }

    /** Every module rigger ships. */
    public static ModuleRegistry standard() {
        List<Module> all = new java.util.ArrayList<>();
        all.addAll(FileModules.all());
        all.addAll(CommandModules.all());
        all.addAll(SystemModules.all());
        all.addAll(ControlModules.all());
        return new ModuleRegistry(all);
    }

    /** The module for a task's action name (short or ansible.builtin.X), or null. */
    public Module find(String action) {
        Module m = modules.get(action);
        if (m != null) {
            return m;
        }
        String shortName = Fqcn.strip(action);
        return shortName.equals(action) ? null : modules.get(shortName);
    }

    public boolean isModule(String key) {
        return find(key) != null;
    }

    public java.util.Set<String> names() {
        return modules.keySet();
    }
}
