package dev.rigger.cli;

import dev.rigger.RiggerException;
import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.engine.Rigger;
import dev.rigger.inventory.Inventory;
import dev.rigger.playbook.Playbook;
import dev.rigger.playbook.PlaybookException;
import dev.rigger.report.ConsoleReporter;
import dev.rigger.yaml.YamlLoader;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rigger play}: ansible-playbook's flags, exit codes and output. */
@Command(name = "play", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run playbooks against an inventory (like ansible-playbook).",
        footer = {"", "Exit codes: 0 ok; 1 error; 2 a host failed; 4 a host unreachable, or a playbook/inventory "
                + "error; 5 bad option value; 99 interrupted.", "",
                "Not supported yet (ansible-playbook's): --step, -M, --module-path.", "",
                "Examples:",
                "  rigger play playbooks/dl-rig.yml -i inventory/local.yml -C -D",
                "  rigger play site.yml -i rig[01:04], -u root --private-key ~/.ssh/lab -f 8",
                "  rigger play site.yml -i inventory/example.yml --list-hosts --list-tasks"})
public final class PlayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PLAYBOOK", description = "playbook file(s)")
    List<Path> playbooks = new ArrayList<>();

    @Option(names = {"-t", "--tags"}, paramLabel = "TAGS", split = ",", description = "only tasks with these tags")
    List<String> tags = new ArrayList<>();

    @Option(names = "--skip-tags", paramLabel = "TAGS", split = ",", description = "skip tasks with these tags")
    List<String> skipTags = new ArrayList<>();

    @Option(names = {"-C", "--check"}, description = "predict changes without making them")
    boolean check;

    @Option(names = {"-D", "--diff"}, description = "show what changes in files")
    boolean diff;

    @Option(names = {"-e", "--extra-vars"}, paramLabel = "VARS",
            description = "k=v pairs, YAML/JSON, or @file (repeatable)")
    List<String> extraVars = new ArrayList<>();

    /** Which rigs and how to reach them: the same flags as drift and facts. */
    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = "--start-at-task", paramLabel = "NAME", description = "start the playbook at the task of this "
            + "name (or fnmatch pattern)")
    String startAtTask;

    @Option(names = "--force-handlers", description = "run handlers even on failed hosts")
    boolean forceHandlers;

    @Option(names = "--list-hosts", description = "list the hosts of each play and exit")
    boolean listHosts;

    @Option(names = "--list-tasks", description = "list the tasks of each play and exit")
    boolean listTasks;

    @Option(names = "--list-tags", description = "list the tags of each play and exit")
    boolean listTags;

    @Option(names = "--syntax-check", description = "only check the playbooks")
    boolean syntaxCheck;

    @Mixin
    ReportOptions reports = new ReportOptions();

    @Mixin
    VaultOptions vault = new VaultOptions();

    @Override
    public Integer call() {
        PrintStream out = CliStreams.of(spec.commandLine().getOut());
        PrintStream err = CliStreams.of(spec.commandLine().getErr());
        if (target.problem() != null) {
            err.println("ERROR! " + target.problem());
            return 2;
        }
        if (reports.problem() != null) {
            err.println("ERROR! " + reports.problem());
            return 5;
        }
        RunOptions options;
        try {
            options = options(err);
        } catch (RiggerException e) {
            err.println("ERROR! " + e.describe());
            return e.getMessage().startsWith("Please prepend") ? 5 : 1;
        }
        Rigger.Builder builder = Rigger.builder().inventory(target.inventory().toArray(String[]::new))
                .playbook(playbooks.toArray(Path[]::new)).options(options);
        reports.listeners(out, options.check(), new ConsoleReporter(out, err, target.useColor(), target.verbosity()), true)
                .forEach(builder::listener);
        Rigger rigger = builder.build();
        RunSupport.Loaded loaded;
        try {
            loaded = RunSupport.load(rigger, playbooks, err);
            if (syntaxCheck) {
                for (Playbook p : loaded.playbooks()) {
                    out.println();
                    out.println("playbook: " + p.file());
                }
                return 0;
            }
            if (listHosts || listTasks || listTags) {
                try {
                    new Listing(out, loaded.inventory(), options).print(loaded.playbooks(), listHosts, listTasks,
                            listTags);
                } catch (RiggerException e) {
                    err.println("ERROR! " + e.describe());
                    return 1;
                }
                return 0;
            }
            RunSupport.preflight(rigger, loaded, options.limit(), err);
        } catch (RunSupport.Exit e) {
            return e.code;
        }
        Thread hook = new Thread(() -> {
            rigger.cancel();
            reports.awaitFinished(java.time.Duration.ofSeconds(10));
        }, "rigger-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        CtrlC ctrlC = CtrlC.install(rigger::cancel, err);
        RunResult result;
        try {
            result = rigger.run(loaded.inventory(), loaded.playbooks());
        } catch (RiggerException e) {
            err.println("ERROR! " + e.describe());
            return reports.finish(err, 1);
        } finally {
            if (ctrlC != null) {
                ctrlC.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down already
            }
        }
        return reports.finish(err, result.exitCode());
    }

    private RunOptions options(PrintStream err) {
        dev.rigger.vault.Vault secrets = vault.vault(target.settings(), err);
        Set<String> t = new LinkedHashSet<>();
        tags.forEach(x -> t.add(x.trim()));
        Set<String> st = new LinkedHashSet<>();
        skipTags.forEach(x -> st.add(x.trim()));
        return target.options().check(check).diff(diff).tags(t).skipTags(st).extraVars(extraVars(extraVars, secrets))
                .forceHandlers(forceHandlers || target.settings().forceHandlers()).vault(secrets).startAtTask(startAtTask).build();
    }

    /** -e values: k=v (strings), YAML/JSON starting with { or [, or @file. */
    static Map<String, Object> extraVars(List<String> values) {
        return extraVars(values, dev.rigger.vault.Vault.NONE);
    }

    /** -e values, a vaulted @file (and its !vault values) decrypted with {@code secrets}. */
    static Map<String, Object> extraVars(List<String> values, dev.rigger.vault.Vault secrets) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String v : values) {
            String s = v.trim();
            if (s.startsWith("@")) {
                Path p = Path.of(s.substring(1));
                if (!Files.isRegularFile(p)) {
                    throw new RiggerException("the extra vars file " + p + " could not be found");
                }
                Object doc = YamlLoader.load(p, secrets);
                if (doc instanceof Map<?, ?> m) {
                    m.forEach((k, x) -> out.put(String.valueOf(k), x));
                } else if (doc != null) {
                    throw new RiggerException("extra vars file " + p + " must hold a mapping");
                }
            } else if (s.startsWith("{") || s.startsWith("[")) {
                Object doc = YamlLoader.load(s, "<extra vars>", secrets);
                if (doc instanceof Map<?, ?> m) {
                    m.forEach((k, x) -> out.put(String.valueOf(k), x));
                } else {
                    throw new RiggerException("extra vars must be a mapping: " + s);
                }
            } else if (s.startsWith("/") || s.startsWith(".")) {
                throw new RiggerException("Please prepend extra_vars filename '" + s + "' with '@'");
            } else {
                try {
                    for (Map.Entry<String, Object> e : dev.rigger.playbook.KeyValue.parse(s, false,
                            Set.of()).entrySet()) {
                        out.put(e.getKey(), String.valueOf(e.getValue()));
                    }
                } catch (IllegalArgumentException e) {
                    throw new RiggerException("invalid extra vars '" + s + "': " + e.getMessage());
                }
            }
        }
        return out;
    }
}
