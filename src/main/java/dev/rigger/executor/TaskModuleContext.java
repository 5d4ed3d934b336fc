package dev.rigger.executor;

import dev.rigger.RiggerException;
import dev.rigger.connection.Become;
import dev.rigger.connection.Connection;
import dev.rigger.module.ModuleContext;
import dev.rigger.playbook.Task;
import dev.rigger.template.Templar;
import dev.rigger.vars.LazyVars;
import dev.rigger.Pos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The executor's {@link ModuleContext}: one per module execution. */
final class TaskModuleContext implements ModuleContext, dev.rigger.module.system.Reconnector {
    private final Task task;
    private final LazyVars vars;
    private final HostLink link;
    private final Delegation.Target target;
    private final TaskSettings settings;
    private final Templar templar;
    private final Path playbookDir;
    private final dev.rigger.vault.Vault vault;

    TaskModuleContext(Task task, LazyVars vars, HostLink link, Delegation.Target target, TaskSettings settings,
                      Templar templar, Path playbookDir, dev.rigger.vault.Vault vault) {
        this.vault = vault;
        this.task = task;
        this.vars = vars;
        this.link = link;
        this.target = target;
        this.settings = settings;
        this.templar = templar;
        this.playbookDir = playbookDir;
    }

    @Override
    public dev.rigger.vault.Vault vault() {
        return vault;
    }

    @Override
    public Connection connection() {
        return link.connection(target);
    }

    @Override
    public Connection reconnect(java.time.Duration timeout) throws java.io.IOException {
        return link.reconnect(target);
    }

    @Override
    public String hostName() {
        return String.valueOf(vars.get("inventory_hostname"));
    }

    @Override
    public boolean checkMode() {
        return settings.check();
    }

    @Override
    public boolean diffMode() {
        return settings.diff();
    }

    @Override
    public Become become() {
        return settings.become();
    }

    @Override
    public Map<String, String> environment() {
        return settings.environment();
    }

    @Override
    public Map<String, Object> vars() {
        return vars;
    }

    @Override
    public Object template(Object value) {
        return templar.render(value, vars);
    }

    @Override
    public String templateText(String text, Map<String, Object> extraVars) {
        Map<String, Object> m = new LinkedHashMap<>(vars.raw());
        if (extraVars != null) {
            m.putAll(extraVars);
        }
        return templar.renderText(text, new LazyVars(m, templar::render));
    }

    @Override
    public boolean evaluate(String expression) {
        return templar.evaluate(expression, vars);
    }

    @Override
    public Path findFile(String src, String kind) {
        Path p = Path.of(src);
        if (p.isAbsolute()) {
            if (Files.exists(p)) {
                return p;
            }
            throw new RiggerException("could not find or access '" + src + "' on the controller", task.pos());
        }
        List<Path> tried = new ArrayList<>();
        if (task.attrs().role() != null) {
            Path r = task.attrs().role().path();
            tried.add(r.resolve(kind).resolve(src));
            tried.add(r.resolve(src));
            tried.add(r.resolve("tasks").resolve(src));
        }
        Path taskDir = Path.of(task.pos().file()).toAbsolutePath().getParent();
        if (taskDir != null) {
            tried.add(taskDir.resolve(kind).resolve(src));
            tried.add(taskDir.resolve(src));
        }
        Path pbDir = playbookDir;
        tried.add(pbDir.resolve(kind).resolve(src));
        tried.add(pbDir.resolve(src));
        for (Path t : tried) {
            if (Files.exists(t)) {
                return t.normalize();
            }
        }
        StringBuilder s = new StringBuilder("could not find or access '" + src + "'\nSearched in:");
        tried.forEach(t -> s.append("\n\t").append(t));
        throw new RiggerException(s.toString(), task.pos());
    }

    @Override
    public Pos pos() {
        return task.pos();
    }
}
