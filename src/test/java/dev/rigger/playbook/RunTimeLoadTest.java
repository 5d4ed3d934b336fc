package dev.rigger.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.Pos;
import dev.rigger.module.ModuleRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One loader serves the include_tasks / include_role of every host thread at once, with the load-time rules. */
class RunTimeLoadTest {
    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void manyHostThreadsLoadTheSameRoleAndTaskFile_atOnce_andAllSeeTheSameTasks() throws Exception {
        write("roles/gpu/tasks/main.yml", """
                - name: driver
                  debug: msg=driver
                - include_tasks: extra.yml
                """);
        write("roles/gpu/tasks/extra.yml", "- debug: msg=extra\n");
        write("roles/gpu/handlers/main.yml", "- name: restart\n  debug: msg=restart\n");
        write("roles/gpu/defaults/main.yml", "gpu_count: 8\n");
        write("tasks/more.yml", "- debug: msg=more\n- command: nvidia-smi\n");
        PlaybookLoader loader = new PlaybookLoader(ModuleRegistry.standard(), List.of());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> {
                    PlaybookLoader.LoadedRole r = loader.loadRoleAtRunTime("gpu", null, dir, Attrs.NONE, Pos.UNKNOWN);
                    List<TaskNode> more = loader.loadTaskFile(dir.resolve("tasks/more.yml"), Attrs.NONE);
                    return r.tasks().size() + "/" + r.handlers().size() + "/" + r.roles().get(0).defaults()
                            + "/" + more.size();
                }));
            }
            for (Future<String> f : results) {
                assertEquals("2/1/{gpu_count=8}/2", f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBadTaskFileAtRunTime_failsWithItsOwnProblems_andTheNextLoadIsClean() throws IOException {
        write("bad.yml", "- debug: msg=x\n  whne: true\n");
        write("good.yml", "- debug: msg=ok\n");
        PlaybookLoader loader = new PlaybookLoader(ModuleRegistry.standard(), List.of());
        PlaybookException e = assertThrows(PlaybookException.class,
                () -> loader.loadTaskFile(dir.resolve("bad.yml"), Attrs.NONE));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("bad.yml:2:3"), e.getMessage());
        assertEquals(1, loader.loadTaskFile(dir.resolve("good.yml"), Attrs.NONE).size());
    }

    @Test
    void anIncludedFileIsLookedUpInTheIncludingRolesTasksFirst_thenBesideTheIncluder() throws IOException {
        write("roles/r/tasks/setup.yml", "- debug: msg=role\n");
        write("setup.yml", "- debug: msg=play\n");
        Role role = new Role("r", dir.resolve("roles/r"), java.util.Map.of(), java.util.Map.of());
        assertEquals(dir.resolve("roles/r/tasks/setup.yml"), TaskFiles.taskFile(dir, "setup.yml", role));
        assertEquals(dir.resolve("setup.yml"), TaskFiles.taskFile(dir, "setup.yml", null));
        assertEquals(Path.of("/etc/x.yml"), TaskFiles.taskFile(dir, "/etc/../etc/x.yml", role));
    }
}
