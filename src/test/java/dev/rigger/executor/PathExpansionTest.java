package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.RunOptions;
import dev.rigger.api.TaskOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Path home = Files.createDirectories(tmp.resolve("home"));
        List<TaskOutcome> outcomes = LocalPlay.run(tmp, LocalPlay.ONE_HOST, """
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
                """.formatted(home, tmp),
                RunOptions.builder().build()).outcomes();
        assertTrue(Files.isDirectory(home.resolve(".config/rigger")), outcomes.toString());
        assertEquals("gpu\n", Files.readString(tmp.resolve("job.txt")), outcomes.toString());
        assertTrue(outcomes.get(2).toString().contains(home.resolve(".config/rigger").toString()), outcomes.toString());
        assertTrue(outcomes.stream().noneMatch(o -> o instanceof TaskOutcome.Failed), outcomes.toString());
    }

    @Test
    void findExpandsEachOfItsPaths() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(home.resolve("models"));
        Files.writeString(home.resolve("models/a.ckpt"), "x");
        Files.createDirectories(tmp.resolve("data"));
        Files.writeString(tmp.resolve("data/b.ckpt"), "y");
        List<TaskOutcome> outcomes = LocalPlay.run(tmp, LocalPlay.ONE_HOST, """
                - hosts: all
                  gather_facts: false
                  environment:
                    HOME: %s
                    DATA: %s
                  tasks:
                    - find:
                        paths: ["~/models", "$DATA/data"]
                        patterns: "*.ckpt"
                      register: found
                    - debug:
                        msg: "{{ found.files | map(attribute='path') | map('basename') | sort | join(',') }}"
                """.formatted(home, tmp),
                RunOptions.builder().build()).outcomes();
        assertTrue(outcomes.get(1).toString().contains("a.ckpt,b.ckpt"), outcomes.toString());
    }
}
