package dev.rigger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.engine.Rigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uses nothing but the public API: builder, options, listener, result. Two local hosts, real files. */
class PublicApiTest {
    @TempDir
    Path root;

    private Path inventory() throws IOException {
        Path inv = root.resolve("inventory.yml");
        Files.writeString(inv, """
                all:
                  hosts:
                    h1:
                      ansible_connection: local
                    h2:
                      ansible_connection: local
                """);
        return inv;
    }

    private RunResult run(boolean check, List<String> events) throws IOException {
        Path work = root.resolve("work");
        Files.createDirectories(work);
        RunListener l = new RunListener() {
            @Override
            public void taskResult(TaskInfo task, TaskOutcome outcome) {
                events.add(task.label() + "|" + outcome.host() + "|" + outcome.status());
            }
        };
        return Rigger.builder().inventory(inventory().toString())
                .playbook(Path.of("src/test/resources/scenarios/core/site.yml"))
                .options(RunOptions.builder().check(check).diff(true).extraVars(Map.of("root", work.toString()))
                        .build())
                .listener(l).build().run();
    }

    private Map<Path, String> snapshot() throws IOException {
        try (Stream<Path> s = Files.walk(root.resolve("work"))) {
            return s.filter(Files::isRegularFile).collect(Collectors.toMap(p -> p, p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }));
        }
    }

    @Test
    void coreScenario_changesOnce_thenChangesNothing_andCheckModeTouchesNothing() throws IOException {
        List<String> first = new ArrayList<>();
        RunResult r1 = run(false, first);
        assertEquals(0, r1.exitCode(), first.toString());
        for (String h : List.of("h1", "h2")) {
            HostStats s = r1.stats(h);
            assertEquals(0, s.failed(), first.toString());
            assertEquals(7, s.changed(), h + " " + first);
            Path base = root.resolve("work").resolve(h);
            assertEquals("hello from " + h + "\n", Files.readString(base.resolve("hello.txt")));
            assertTrue(Files.readString(base.resolve("app.conf")).contains("user = bob"));
            assertEquals("restarted\n", Files.readString(base.resolve("restarted")), "the handler ran");
            assertEquals("gpu_count=0\n", Files.readString(base.resolve("settings")));
        }
        assertTrue(first.contains("only on the first host|h1|OK"), first.toString());
        assertTrue(first.contains("only on the first host|h2|SKIPPED"), first.toString());

        List<String> second = new ArrayList<>();
        RunResult r2 = run(false, second);
        assertEquals(0, r2.totalChanged(), second.toString());
        assertEquals(0, r2.exitCode());

        Path settings = root.resolve("work/h2/settings");
        Files.writeString(settings, "gpu_count=8\n");
        Map<Path, String> before = snapshot();
        List<String> check = new ArrayList<>();
        RunResult r3 = run(true, check);
        assertEquals(0, r3.stats("h1").changed(), check.toString());
        assertEquals(1, r3.stats("h2").changed(), check.toString());
        assertEquals(before, snapshot(), "check mode changed nothing");
        assertFalse(r3.outcomes().isEmpty());
        TaskOutcome drifted = r3.outcomes().stream().map(RunResult.Record::outcome)
                .filter(o -> o instanceof TaskOutcome.Changed).findFirst().orElseThrow();
        assertTrue(((TaskOutcome.Changed) drifted).diffs().get(0).text().contains("-gpu_count=8"),
                ((TaskOutcome.Changed) drifted).diffs().toString());
        assertEquals(Set.of("h1", "h2"), Set.copyOf(r3.recap().stream().map(HostStats::host).toList()));
    }
}
