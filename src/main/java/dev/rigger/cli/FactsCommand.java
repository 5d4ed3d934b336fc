package dev.rigger.cli;

import dev.rigger.RiggerException;
import dev.rigger.engine.Rigger;
import dev.rigger.api.RunListener;
import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import dev.rigger.report.ConsoleReporter;
import dev.rigger.report.FactsTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rigger facts}: one table of every rig's hardware and software, gathered over the usual connection. */
@Command(name = "facts", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Connect to every rig, gather facts, and print one table: OS, kernel, CPUs, memory, disk "
                + "free, GPUs, driver, CUDA, cuDNN ('-' where a fact is missing). Changes nothing.",
        footer = {"", "Exit codes: 0 facts from every rig; 2 a rig failed; 4 a rig unreachable, or an inventory "
                + "error; 1 error; 5 bad option value.", "",
                "Examples:",
                "  rigger facts -i inventory/example.yml",
                "  rigger facts -i rig[01:04], -u root --private-key ~/.ssh/lab --json"})
public final class FactsCommand implements Callable<Integer> {
    static final String PLAYBOOK = """
            - name: rigger facts
              hosts: all
              gather_facts: true
              tasks:
                - name: facts
                  debug:
                    var: ansible_facts
            """;

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Mixin
    VaultOptions vault = new VaultOptions();

    @Option(names = "--json", description = "print JSON instead of the table (the table's values and every fact)")
    boolean json;

    /** Collects each rig's facts from the debug task, and why a rig gave none. */
    static final class Collector implements RunListener {
        final Map<String, Map<String, Object>> facts = new LinkedHashMap<>();
        final Map<String, FactsTable.Row> problems = new LinkedHashMap<>();

        @Override
        public void taskResult(TaskInfo task, TaskOutcome o) {
            if (o instanceof TaskOutcome.Unreachable || o instanceof TaskOutcome.Failed f && !f.ignored()) {
                Object msg = o.result().get("msg");
                problems.putIfAbsent(o.host(), FactsTable.missing(o.host(), o instanceof TaskOutcome.Unreachable
                        ? "unreachable" : "failed", msg == null ? task.label() : String.valueOf(msg)));
            } else if ("debug".equals(task.action()) && o.result().get("ansible_facts") instanceof Map<?, ?> m) {
                Map<String, Object> f = new LinkedHashMap<>();
                m.forEach((k, v) -> f.put(String.valueOf(k), v));
                facts.put(o.host(), f);
            }
        }
    }

    @Override
    public Integer call() {
        PrintStream out = CliStreams.of(spec.commandLine().getOut());
        PrintStream err = CliStreams.of(spec.commandLine().getErr());
        try {
            return facts(out, err);
        } catch (RunSupport.Exit e) {
            return e.code;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int facts(PrintStream out, PrintStream err) {
        if (target.problem() != null) {
            err.println("ERROR! " + target.problem());
            return 5;
        }
        if (target.inventory().isEmpty()) {
            err.println("ERROR! no inventory: give one with -i (a file, a folder, or a comma list like rig01,rig02,)");
            return 1;
        }
        RunOptions options;
        try {
            options = target.options().vault(vault.vault(target.settings(), err)).build();
        } catch (RiggerException e) {
            err.println("ERROR! " + e.describe());
            return 1;
        }
        Path playbook;
        try {
            playbook = Files.createTempFile("rigger-facts-", ".yml");
            Files.writeString(playbook, PLAYBOOK);
        } catch (IOException e) {
            err.println("ERROR! cannot write a temporary playbook for the facts (" + e.getMessage()
                    + "); check TMPDIR");
            return 1;
        }
        try {
            Collector collector = new Collector();
            Rigger.Builder b = Rigger.builder().inventory(target.inventory().toArray(String[]::new))
                    .playbook(playbook).options(options).listener(collector);
            if (target.verbosity() > 0) {
                b.listener(new ConsoleReporter(err, err, target.useColor(), target.verbosity() - 1));
            }
            Rigger rigger = b.build();
            RunSupport.Loaded loaded = RunSupport.load(rigger, List.of(playbook), err);
            RunSupport.preflight(rigger, loaded, target.limit, err);
            RunResult result = RunSupport.run(rigger, loaded, null, err);
            Set<String> hosts = new LinkedHashSet<>();
            result.recap().forEach(s -> hosts.add(s.host()));
            hosts.addAll(collector.facts.keySet());
            hosts.addAll(collector.problems.keySet());
            List<FactsTable.Row> rows = new ArrayList<>();
            for (String h : hosts) {
                FactsTable.Row p = collector.problems.get(h);
                Map<String, Object> f = collector.facts.get(h);
                rows.add(p != null ? p : f != null ? FactsTable.of(h, f)
                        : FactsTable.missing(h, "failed", "no facts were returned"));
            }
            if (json) {
                out.print(FactsTable.json(rows, collector.facts));
            } else if (rows.isEmpty()) {
                err.println("[WARNING]: no hosts matched; nothing to show");
            } else {
                out.print(FactsTable.render(rows));
            }
            boolean unreachable = rows.stream().anyMatch(r -> r.status().equals("unreachable"));
            boolean failed = rows.stream().anyMatch(r -> r.status().equals("failed"));
            return result.interrupted() ? 99 : unreachable ? 4 : failed ? 2 : 0;
        } finally {
            try {
                Files.deleteIfExists(playbook);
            } catch (IOException ignored) {
                // a stray temp file is harmless
            }
        }
    }
}
