package dev.rigger.cli;

import dev.rigger.RiggerException;
import dev.rigger.engine.Rigger;
import dev.rigger.api.RunResult;
import dev.rigger.inventory.Inventory;
import dev.rigger.plan.HostSelection;
import dev.rigger.playbook.Playbook;
import dev.rigger.playbook.PlaybookException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Loading and running for drift and facts, with play's error messages and exit codes. */
final class RunSupport {
    private RunSupport() {
    }

    /** The command must end with this exit code (the reason was printed). */
    static final class Exit extends RuntimeException {
        final int code;

        Exit(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    record Loaded(Inventory inventory, List<Playbook> playbooks) {
    }

    /** Loads and validates everything before any rig is contacted. */
    static Loaded load(Rigger rigger, List<Path> playbooks, PrintStream err) {
        Inventory inv;
        List<Playbook> pbs;
        try {
            for (Path p : playbooks) {
                if (!Files.isRegularFile(p)) {
                    err.println("ERROR! the playbook: " + p + " could not be found");
                    throw new Exit(1);
                }
            }
            inv = rigger.loadInventory();
            pbs = rigger.load();
        } catch (PlaybookException e) {
            printProblems(e, err);
            throw new Exit(4);
        } catch (RiggerException e) {
            err.println("ERROR! " + e.describe());
            throw new Exit(4);
        }
        for (Playbook p : pbs) {
            p.warnings().forEach(w -> err.println("[WARNING]: " + w));
        }
        return new Loaded(inv, pbs);
    }

    /**
     * The last checks before a run (after --syntax-check and the listings, which do not need them): --limit must
     * match a host (exit 1, as Ansible), and every host's literal connection settings must be ones rigger has
     * (exit 4, nothing contacted).
     */
    static void preflight(Rigger rigger, Loaded loaded, String limit, PrintStream err) {
        if (HostSelection.limitMatchesNothing(loaded.inventory(), limit)) {
            err.println("ERROR! Specified inventory, host pattern and/or --limit leaves us with no hosts to target.");
            throw new Exit(1);
        }
        try {
            rigger.check(loaded.inventory(), loaded.playbooks());
        } catch (PlaybookException e) {
            printProblems(e, err);
            throw new Exit(4);
        }
    }

    private static void printProblems(PlaybookException e, PrintStream err) {
        err.println("ERROR! " + e.problems().size() + " problem(s) found, nothing was run:");
        e.problems().forEach(p -> err.println("  " + p.describe()));
    }

    /** Runs; Ctrl-C cancels the run and waits (10 s at most) for the reports to be written. */
    static RunResult run(Rigger rigger, Loaded loaded, ReportOptions reports, PrintStream err) {
        Thread hook = new Thread(() -> {
            rigger.cancel();
            if (reports != null) {
                reports.awaitFinished(Duration.ofSeconds(10));
            }
        }, "rigger-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return rigger.run(loaded.inventory(), loaded.playbooks());
        } catch (RiggerException e) {
            err.println("ERROR! " + e.describe());
            throw new Exit(1);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down already: the hook runs
            }
        }
    }
}
