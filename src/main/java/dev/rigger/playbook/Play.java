package dev.rigger.playbook;

import dev.rigger.Pos;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One play, with roles expanded into {@code tasks} (role tasks come first, after pre_tasks) and role handlers
 * appended to {@code handlers}. {@code connectionVars}: the play's remote_user / connection / port keywords as the
 * ansible_user / ansible_connection / ansible_port they stand for (a host's own variables win, as in Ansible).
 */
public record Play(String name, String hosts, Pos pos, Path dir, Attrs attrs, Map<String, Object> vars,
                   List<Object> varsFiles, List<Role> roles, List<TaskNode> preTasks, List<TaskNode> tasks,
                   List<TaskNode> postTasks, List<Task> handlers, Object gatherFacts, Object serial, String strategy,
                   Object maxFailPercentage, Object forceHandlers, Object order,
                   Map<String, Object> connectionVars) {

    public String displayName() {
        return name != null && !name.isBlank() ? name : hosts;
    }
}
