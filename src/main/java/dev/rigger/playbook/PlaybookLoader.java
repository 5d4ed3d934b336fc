package dev.rigger.playbook;

import dev.rigger.Pos;
import dev.rigger.RiggerException;
import dev.rigger.module.ModuleRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads playbooks, task files and roles into the immutable model, validating everything first: every problem
 * found is collected and reported at once as a {@link PlaybookException}, each with file:line:column.
 *
 * <p>Thread-safe: each call is its own {@link LoadRun} (the reading, with {@link TaskParser},
 * {@link ArgumentChecker} and {@link SyntaxChecker}); roles read once are shared through a concurrent cache, and
 * file lookup is {@link TaskFiles}, the same rule at load and at run time.
 */
public final class PlaybookLoader {
    private final ModuleRegistry registry;
    private final TaskFiles files;
    private final dev.rigger.vault.Vault vault;
    private final LoadRun.Cache cache = new LoadRun.Cache(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());

    public PlaybookLoader(ModuleRegistry registry, List<Path> rolesPath) {
        this(registry, rolesPath, List.of(), dev.rigger.vault.Vault.NONE);
    }

    /**
     * @param collectionsPath the folders holding ansible_collections/ (roles inside collections)
     * @param vault           the secrets that decrypt vaulted files and inline {@code !vault} values
     */
    public PlaybookLoader(ModuleRegistry registry, List<Path> rolesPath, List<Path> collectionsPath,
                          dev.rigger.vault.Vault vault) {
        this.registry = registry;
        this.files = new TaskFiles(rolesPath, collectionsPath);
        this.vault = vault;
    }

    /** Where this loader finds task files and roles. */
    public TaskFiles files() {
        return files;
    }

    /** Loads a playbook, or throws a {@link PlaybookException} listing every problem found. */
    public Playbook load(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new PlaybookException(List.of(new RiggerException("the playbook " + file + " could not be found",
                    new Pos(file.toString(), 0, 0))));
        }
        List<Play> plays = new ArrayList<>();
        LoadRun run = new LoadRun(registry, files, cache, vault);
        run.loadPlaybook(abs, plays);
        run.problems.throwIfAny();
        return new Playbook(abs, plays, run.problems.warnings());
    }

    /**
     * Loads a task file at run time (include_tasks / include_role), with the same validation.
     *
     * @throws PlaybookException when the file has problems
     */
    public List<TaskNode> loadTaskFile(Path file, Attrs attrs) {
        LoadRun run = new LoadRun(registry, files, cache, vault);
        List<TaskNode> nodes = run.taskFile(file.toAbsolutePath().normalize(), attrs, Pos.UNKNOWN);
        run.problems.throwIfAny();
        return nodes;
    }

    /** Loads a role at run time (include_role): its tasks (from tasks_from), handlers, defaults and vars. */
    public LoadedRole loadRoleAtRunTime(String name, String tasksFrom, Path baseDir, Attrs attrs, Pos pos) {
        List<TaskNode> tasks = new ArrayList<>();
        List<Task> handlers = new ArrayList<>();
        List<Role> roles = new ArrayList<>();
        LoadRun run = new LoadRun(registry, files, cache, vault);
        run.loadRole(name, tasksFrom, baseDir, attrs, Map.of(), pos, tasks, handlers, roles, new LinkedHashSet<>(),
                false);
        run.problems.throwIfAny();
        return new LoadedRole(roles, tasks, handlers);
    }

    /** A role loaded at run time, with the roles it depends on. */
    public record LoadedRole(List<Role> roles, List<TaskNode> tasks, List<Task> handlers) {
    }
}
