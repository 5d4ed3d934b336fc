package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.RunListener;
import dev.rigger.api.RunOptions;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import dev.rigger.engine.Rigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A path argument's ~ and $VAR are expanded on the host as the task's user, as Ansible's type='path' does; before,
 * "~/.config" landed in a folder named "~" below the working directory.
 */
class PathExpansionTest {
    @TempDir
    Path tmp;

    @Test
    void tildeAndVariables_inAPathArgument_expandOnTheHost_withTheTasksEnvironment() throws Exception {
        Path inv = tmp.resolve("inv.yml");
        Files.writeString(inv, "all:\n  hosts:\n    h1:\n      ansible_connection: local\n");
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path pb = tmp.resolve("pb.yml");
        Files.writeString(pb, """
                - hosts: all
                  gather_facts: false
                  environment:
                    HOME: %s
                    JOBS: %s
                  tasks:
                    - name: tilde
                      file: path=~/.config/rigger state=directory
                      register: made
                    - name: variable
                      copy:
                        dest: $JOBS/job.txt
                        content: "gpu\\n"
                    - name: what the module saw
                      debug:
                        msg: "{{ made.path }}"
                """.formatted(home, tmp));
        List<TaskOutcome> outcomes = new ArrayList<>();
        Rigger.builder().inventory(inv.toString()).playbook(pb)
                .listener(new RunListener() {
                    @Override
                    public void taskResult(TaskInfo task, TaskOutcome o) {
                        outcomes.add(o);
                    }
                })
                .options(RunOptions.builder().build()).build().run();
        assertTrue(Files.isDirectory(home.resolve(".config/rigger")), outcomes.toString());
        assertEquals("gpu\n", Files.readString(tmp.resolve("job.txt")), outcomes.toString());
        assertTrue(outcomes.get(2).toString().contains(home.resolve(".config/rigger").toString()), outcomes.toString());
        assertTrue(outcomes.stream().noneMatch(o -> o instanceof TaskOutcome.Failed), outcomes.toString());
    }
}
