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
    private final TaskExecutor executor;
    private final Task task;
    private final LazyVars vars;
    private final HostRunner host;
    private final boolean check;
    private final boolean diff;
    private final Become become;
    private final Map<String, String> env;
    private final Templar templar;

    TaskModuleContext(TaskExecutor executor, Task task, LazyVars vars, HostRunner host, boolean check, boolean diff,
                      Become become, Map<String, String> env, Templar templar) {
        this.executor = executor;
        this.task = task;
        this.vars = vars;
        this.host = host;
        this.check = check;
        this.diff = diff;
        this.become = become;
        this.env = env;
        this.templar = templar;
    }

    @Override
    public Connection connection() {
        return host.connection();
    }

    @Override
    public Connection reconnect(java.time.Duration timeout) throws java.io.IOException {
        return host.reconnect();
    }

    @Override
    public String hostName() {
        return String.valueOf(vars.get("inventory_hostname"));
    }

    @Override
    public boolean checkMode() {
        return check;
    }

    @Override
    public boolean diffMode() {
        return diff;
    }

    @Override
    public Become become() {
        return become;
    }

    @Override
    public Map<String, String> environment() {
        return env;
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
        Path pbDir = executor.play().playbook.file().getParent();
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
