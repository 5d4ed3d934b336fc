package dev.rigger.playbook;

import dev.rigger.Pos;
import java.nio.file.Path;
import java.util.Map;

/**
 * A dynamic include (include_tasks, include_role), loaded when reached at run time.
 *
 * @param kind    "include_tasks" or "include_role"
 * @param task    the include statement as a task (its when, loop, vars, tags, args)
 * @param baseDir folder that relative file names resolve against
 */
public record Include(String kind, Task task, Path baseDir) implements TaskNode {
    public Pos pos() {
        return task.pos();
    }

    public Map<String, Object> args() {
        return task.args();
    }
}
