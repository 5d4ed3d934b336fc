package dev.rigger.playbook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where task files and roles are found, at load time and at run time alike. Holds nothing but the roles path, so
 * any number of host threads may ask at once.
 */
public final class TaskFiles {
    private static final java.util.regex.Pattern FQCR = java.util.regex.Pattern.compile(
            "[A-Za-z_]\\w*\\.[A-Za-z_]\\w*\\.[A-Za-z_]\\w*");
    private final List<Path> rolesPath;
    private final List<Path> collectionsPath;

    public TaskFiles(List<Path> rolesPath) {
        this(rolesPath, List.of());
    }

    /**
     * @param rolesPath ansible.cfg's roles_path (searched after the playbook's roles/ folder)
     * @param collectionsPath ansible.cfg's collections_path (searched after the playbook's collections/ folder)
     */
    public TaskFiles(List<Path> rolesPath, List<Path> collectionsPath) {
        this.rolesPath = List.copyOf(rolesPath);
        this.collectionsPath = List.copyOf(collectionsPath);
    }

    /**
     * The role directory {@code name} names, looked up as Ansible does, or null: a collection role
     * ({@code namespace.collection.role}) in the playbook's collections/ folder then collections_path first, then
     * the playbook's roles/, roles_path, the playbook's folder.
     */
    public Path findRole(String name, Path baseDir) {
        List<Path> candidates = new ArrayList<>();
        if (FQCR.matcher(name).matches()) {
            String[] p = name.split("\\.");
            List<Path> roots = new ArrayList<>();
            roots.add(baseDir.resolve("collections"));
            roots.addAll(collectionsPath);
            for (Path root : roots) {
                candidates.add(root.resolve("ansible_collections").resolve(p[0]).resolve(p[1]).resolve("roles")
                        .resolve(p[2]));
            }
        }
        Path direct = Path.of(name);
        if (direct.isAbsolute()) {
            candidates.add(direct);
        }
        candidates.add(baseDir.resolve("roles").resolve(name));
        for (Path p : rolesPath) {
            candidates.add(p.resolve(name));
        }
        candidates.add(baseDir.resolve(name));
        for (Path c : candidates) {
            if (Files.isDirectory(c)) {
                return c.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    /** A role's name as Ansible shows it: a collection role's FQCN ({@code ns.coll.role}), else its folder's. */
    static String roleName(String asWritten, Path dir) {
        Path p = dir.getParent();
        if (FQCR.matcher(asWritten).matches() && p != null && p.getFileName().toString().equals("roles")
                && p.getParent() != null && p.getParent().getParent() != null
                && p.getParent().getParent().getParent() != null
                && p.getParent().getParent().getParent().getFileName().toString().equals("ansible_collections")) {
            return asWritten;
        }
        return dir.getFileName().toString();
    }

    /** The folders {@link #findRole} searched, for the not-found message. */
    List<String> searched(Path baseDir) {
        List<String> searched = new ArrayList<>();
        if (!collectionsPath.isEmpty()) {
            searched.add(baseDir.resolve("collections").toString());
            collectionsPath.forEach(p -> searched.add(p.toString()));
        }
        searched.add(baseDir.resolve("roles").toString());
        rolesPath.forEach(p -> searched.add(p.toString()));
        searched.add(baseDir.toString());
        return searched;
    }

    /**
     * The file an import_tasks / include_tasks of {@code f} reads: absolute as given; else the including role's
     * tasks/ folder first, then {@code dir}. One rule for load time and run time.
     */
    public static Path taskFile(Path dir, String f, Role role) {
        Path p = Path.of(f);
        if (p.isAbsolute()) {
            return p.normalize();
        }
        if (role != null) {
            Path inRole = role.path().resolve("tasks").resolve(f);
            if (Files.isRegularFile(inRole)) {
                return inRole.normalize();
            }
        }
        return dir.resolve(f).normalize();
    }

    /** A role's {@code tasks_from} file (with .yml / .yaml tried), or null. */
    static Path taskFromFile(Path dir, String from) {
        for (String cand : List.of(from, from + ".yml", from + ".yaml")) {
            Path p = dir.resolve("tasks").resolve(cand);
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    /** {@code dir}/main.yml (or main.yaml, main), or null. */
    static Path mainFile(Path dir) {
        for (String n : List.of("main.yml", "main.yaml", "main")) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    /** The folder role names resolve against: from a role's tasks/, the playbook's folder that holds roles/. */
    static Path playDir(Path dir) {
        // inside a role's tasks/ folder, roles resolve against the playbook's folder: walk up to a folder holding roles/
        Path d = dir;
        for (int i = 0; i < 4 && d != null; i++) {
            if (Files.isDirectory(d.resolve("roles"))) {
                return d;
            }
            d = d.getParent();
        }
        return dir;
    }

    /** The folders of Ansible plugins a role or playbook folder may ship: code rigger cannot run. */
    static final List<String> PLUGIN_DIRS = List.of("library", "module_utils", "action_plugins", "filter_plugins",
            "test_plugins", "lookup_plugins", "connection_plugins", "vars_plugins", "strategy_plugins");

    /** The plugin files below {@code dir} ("library/nvidia_smi.py", ...), sorted; empty when it ships none. */
    static List<String> plugins(Path dir) {
        List<String> out = new ArrayList<>();
        for (String sub : PLUGIN_DIRS) {
            Path d = dir.resolve(sub);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (var s = Files.list(d)) {
                s.filter(Files::isRegularFile).map(f -> sub + "/" + f.getFileName())
                        .filter(n -> !n.endsWith("/__init__.py") && !n.endsWith(".pyc")).sorted().forEach(out::add);
            } catch (java.io.IOException e) {
                out.add(sub + "/ (unreadable: " + e.getMessage() + ")");
            }
        }
        return out;
    }
}
