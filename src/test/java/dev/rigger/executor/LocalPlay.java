package dev.rigger.executor;

import dev.rigger.api.RunListener;
import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import dev.rigger.engine.Rigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Runs a playbook over `local` hosts through the library, as a user of the API would, keeping every outcome. */
final class LocalPlay {
    /** One host, h1, on the local connection. */
    static final String ONE_HOST = "all:\n  hosts:\n    h1:\n      ansible_connection: local\n";

    /** What a run gave: its result, every task outcome in order, and the playbook's path (for positions). */
    record Run(RunResult result, List<TaskOutcome> outcomes, Path playbook) {
    }

    private LocalPlay() {
    }

    static Run run(Path dir, String inventory, String playbook, RunOptions options) throws IOException {
        return run(dir, inventory, playbook, options, null, null);
    }

    /**
     * As {@link #run(Path, String, String, RunOptions)}, with {@code connections} (null: rigger's own) and one more
     * {@code listener} (null: none), such as a console reporter.
     */
    static Run run(Path dir, String inventory, String playbook, RunOptions options,
                   dev.rigger.api.ConnectionProvider connections, RunListener listener) throws IOException {
        Path inv = Files.createTempFile(dir, "inv", ".yml");
        Files.writeString(inv, inventory);
        Path pb = Files.createTempFile(dir, "pb", ".yml");
        Files.writeString(pb, playbook);
        List<TaskOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        Rigger.Builder b = Rigger.builder().inventory(inv.toString()).playbook(pb)
                .listener(new RunListener() {
                    @Override
                    public void taskResult(TaskInfo task, TaskOutcome o) {
                        outcomes.add(o);
                    }
                })
                .options(options);
        if (connections != null) {
            b.connections(connections);
        }
        if (listener != null) {
            b.listener(listener);
        }
        RunResult r = b.build().run();
        return new Run(r, List.copyOf(outcomes), pb);
    }

    /** The tasks on one local host h1, without facts. */
    static List<TaskOutcome> tasks(Path dir, String tasks, boolean check) throws IOException {
        return run(dir, ONE_HOST, "- hosts: all\n  gather_facts: false\n  tasks:\n" + tasks,
                RunOptions.builder().check(check).build()).outcomes();
    }
}
