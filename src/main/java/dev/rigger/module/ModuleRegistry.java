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

    /**
     * The module for a task's action name, as Ansible resolves it: a short name, an FQCN, a short name ansible-core
     * routes to a collection ({@code sysctl}); a module of Ansible's that rigger does not implement is an
     * {@link UnimplementedModule}; null when it is no module of Ansible's (a typo). An FQCN resolves to rigger's
     * module only when it names the same module ({@code community.general.copy} is not {@code copy}).
     */
    public Module find(String action) {
        Module m = modules.get(action);
        if (m != null) {
            return m;
        }
        AnsibleCatalog.Entry e = AnsibleCatalog.get().find(action);
        if (e != null) {
            Module mine = modules.get(e.shortName());
            AnsibleCatalog.Entry minesEntry = mine == null ? null : AnsibleCatalog.get().find(mine.name());
            return minesEntry != null && minesEntry.fqcn().equals(e.fqcn()) ? mine : new UnimplementedModule(e);
        }
        // ansible.builtin modules newer than the catalog's ansible-core (deb822_repository is 2.15's)
        if (action.startsWith("ansible.builtin.") || action.startsWith("ansible.legacy.")) {
            return modules.get(Fqcn.strip(action));
        }
        return null;
    }

    public boolean isModule(String key) {
        return find(key) != null;
    }

    /** True when rigger runs {@code action}'s module itself (not only knows it as Ansible's). */
    public boolean implemented(String action) {
        Module m = find(action);
        return m != null && !(m instanceof UnimplementedModule);
    }

    /** The modules rigger implements, by short name. */
    public java.util.Set<String> names() {
        return modules.keySet();
    }
}
