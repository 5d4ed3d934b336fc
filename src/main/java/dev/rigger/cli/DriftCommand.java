package dev.rigger.cli;

import dev.rigger.RiggerException;
import dev.rigger.engine.Rigger;
import dev.rigger.api.RunListener;
import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.report.ConsoleReporter;
import dev.rigger.report.DriftReport;
import dev.rigger.report.JsonLinesReporter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rigger drift}: the playbook in check mode with diffs on every rig, reported as a matrix and verdicts. */
@Command(name = "drift", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show which rigs no longer match the playbook: runs it in check mode with diffs, changes "
                + "nothing, then prints a matrix of the tasks that would change, their diffs, and a verdict per "
                + "rig (in spec, drifted N tasks, failed, unreachable).",
            "A task check mode cannot predict (a command without creates/removes, a task that depends on an "
                + "earlier change) is shown as '?' (unknown) and counted apart: never as in spec, never as drift."},
        footer = {"", "Exit codes: 0 every rig in spec; 3 a rig drifted; 2 a rig failed; 4 a rig unreachable "
                + "(unreachable wins over failed, failed over drift); 1 error; 4 a playbook/inventory error; "
                + "5 bad option value; 99 interrupted.", "",
                "Examples:",
                "  rigger drift playbooks/dl-rig.yml -i inventory/example.yml",
                "  rigger drift site.yml -i inventory/example.yml -l gpu --report html:drift.html "
                        + "--report junit:drift.xml",
                "  rigger drift site.yml -i rig[01:04], --output jsonl | jq 'select(.event==\"drift\")'"})
public final class DriftCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PLAYBOOK", description = "playbook file(s)")
    List<Path> playbooks = new ArrayList<>();

    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = {"-t", "--tags"}, paramLabel = "TAGS", split = ",", description = "only tasks with these tags")
    List<String> tags = new ArrayList<>();

    @Option(names = "--skip-tags", paramLabel = "TAGS", split = ",", description = "skip tasks with these tags")
    List<String> skipTags = new ArrayList<>();

    @Option(names = {"-e", "--extra-vars"}, paramLabel = "VARS",
            description = "k=v pairs, YAML/JSON, or @file (repeatable)")
    List<String> extraVars = new ArrayList<>();

    @Mixin
    ReportOptions reports = new ReportOptions();

    @Mixin
    VaultOptions vault = new VaultOptions();

    @Override
    public Integer call() {
        PrintStream out = CliStreams.of(spec.commandLine().getOut());
        PrintStream err = CliStreams.of(spec.commandLine().getErr());
        try {
            return drift(out, err);
        } catch (RunSupport.Exit e) {
            return e.code;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int drift(PrintStream out, PrintStream err) {
        String problem = target.problem() != null ? target.problem() : reports.problem();
        if (problem != null) {
            err.println("ERROR! " + problem);
            return 5;
        }
        RunOptions options;
        try {
            Set<String> t = new LinkedHashSet<>();
            tags.forEach(x -> t.add(x.trim()));
            Set<String> st = new LinkedHashSet<>();
            skipTags.forEach(x -> st.add(x.trim()));
            dev.rigger.vault.Vault secrets = vault.vault(target.settings(), err);
            options = target.options().check(true).diff(true).tags(t).skipTags(st)
                    .extraVars(PlayCommand.extraVars(extraVars, secrets)).vault(secrets).build();
        } catch (RiggerException e) {
            err.println("ERROR! " + e.describe());
            return e.getMessage().startsWith("Please prepend") ? 5 : 1;
        }
        boolean color = target.useColor();
        RunListener console = target.verbosity() > 0
                ? new ConsoleReporter(out, err, color, target.verbosity() - 1) : null;
        if (console == null && !reports.jsonl()) {
            console = new RunListener() {
                @Override
                public void warning(String message) {
                    err.println("[WARNING]: " + message);
                }
            };
        }
        List<RunListener> listeners = reports.listeners(out, true, console, false);
        Rigger.Builder b = Rigger.builder().inventory(target.inventory().toArray(String[]::new))
                .playbook(playbooks.toArray(Path[]::new)).options(options);
        listeners.forEach(b::listener);
        Rigger rigger = b.build();
        RunSupport.Loaded loaded = RunSupport.load(rigger, playbooks, err);
        RunSupport.preflight(rigger, loaded, target.limit, err);
        RunResult result;
        try {
            result = RunSupport.run(rigger, loaded, reports, err);
        } catch (RunSupport.Exit e) {
            reports.finish(err, e.code);
            throw e;
        }
        DriftReport drift = DriftReport.of(result);
        JsonLinesReporter jsonl = reports.jsonLines(listeners);
        if (jsonl != null) {
            jsonl.custom("drift", drift.toMap());
        } else {
            drift.print(out, color);
            reports.printProfile();
        }
        return reports.finish(err, drift.exitCode());
    }
}
