package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.RunListener;
import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import dev.rigger.engine.Rigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument types are judged again on the rendered values: a template the loader could not see fails the host. */
class RenderedArgsTest {
    @TempDir
    Path tmp;

    @Test
    void templatedStateThatRendersToAnUnknownValue_failsOnTheHost_withTheAllowedValues() throws Exception {
        Path inv = tmp.resolve("inv.yml");
        Files.writeString(inv, "all:\n  hosts:\n    h1:\n      ansible_connection: local\n");
        Path target = tmp.resolve("f");
        Path pb = tmp.resolve("pb.yml");
        Files.writeString(pb, """
                - hosts: all
                  gather_facts: false
                  vars:
                    x: absnt
                    flag: maybe
                  tasks:
                    - name: bad state
                      file:
                        path: %s
                        state: "{{ x }}"
                      ignore_errors: true
                    - name: bad bool
                      file:
                        path: %s
                        state: touch
                        follow: "{{ flag }}"
                      ignore_errors: true
                """.formatted(target, target));
        List<TaskOutcome> outcomes = new ArrayList<>();
        RunResult r = Rigger.builder().inventory(inv.toString()).playbook(pb)
                .listener(new RunListener() {
                    @Override
                    public void taskResult(TaskInfo task, TaskOutcome o) {
                        outcomes.add(o);
                    }
                })
                .options(RunOptions.builder().build()).build().run();
        assertEquals(2, outcomes.size(), outcomes.toString());
        assertTrue(outcomes.get(0) instanceof TaskOutcome.Failed, outcomes.toString());
        assertEquals("value of state must be one of: absent, directory, file, hard, link, touch, got: absnt (file)",
                outcomes.get(0).result().get("msg"));
        assertTrue(outcomes.get(1) instanceof TaskOutcome.Failed, outcomes.toString());
        String msg = String.valueOf(outcomes.get(1).result().get("msg"));
        assertTrue(msg.startsWith("file: argument 'follow' is of type <class 'str'> and we were unable to convert "
                + "to bool: The value 'maybe' is not a valid boolean."), msg);
        assertTrue(Files.notExists(target), "no module ran");
        assertEquals(0, r.exitCode());
    }
}
