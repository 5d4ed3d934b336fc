package dev.rigger.cli;

import dev.rigger.lab.Lab;
import dev.rigger.lab.LabException;
import dev.rigger.lab.LabRig;
import dev.rigger.lab.LabStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rigger lab ...}: real rigs on this machine (root, Linux). Thin: parses flags and calls {@link Lab}. */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = "Real rigs (OpenSSH, apt, systemd) in network namespaces on this machine. Needs root and Linux.",
        subcommands = {LabCommand.Up.class, LabCommand.Down.class, LabCommand.Status.class, LabCommand.Reset.class,
                LabCommand.Cut.class, LabCommand.Restore.class, LabCommand.Slow.class, LabCommand.Kill.class, LabCommand.Start.class})
public final class LabCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Runs this command on its own (for manual use: {@code java -cp rigger.jar dev.rigger.cli.LabCommand up}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new LabCommand()).execute(args));
    }

    /** Shared by the subcommands: builds the lab with progress on stderr and maps failures to exit code 1. */
    abstract static class LabAction implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public final Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                Lab lab = Lab.create(line -> {
                    err.println(line);
                    err.flush();
                });
                run(lab, spec.commandLine().getOut());
                spec.commandLine().getOut().flush();
                return 0;
            } catch (LabException e) {
                err.println("rigger lab: " + e.getMessage());
                err.flush();
                return 1;
            }
        }

        abstract void run(Lab lab, PrintWriter out);
    }

    abstract static class RigAction extends LabAction {
        @Parameters(index = "0", paramLabel = "RIG", description = "rig name, e.g. rig1")
        String rig;
    }

    @Command(name = "up", description = "Start N rigs (default 4) and print the path of their Ansible inventory.")
    static final class Up extends LabAction {
        @Option(names = "--rigs", paramLabel = "N", defaultValue = "4", description = "number of rigs (default ${DEFAULT-VALUE})")
        int rigs;

        @Option(names = "--light", description = "sshd alone, no systemd: starts in under a second, for scale tests")
        boolean light;

        @Override
        void run(Lab lab, PrintWriter out) {
            out.println(lab.up(rigs, light));
        }
    }

    @Command(name = "down", description = "Stop everything: no rig, namespace, mount, bridge or server is left.")
    static final class Down extends LabAction {
        @Override
        void run(Lab lab, PrintWriter out) {
            lab.down();
        }
    }

    @Command(name = "status", description = "Show the bridge, the mirror and each rig.")
    static final class Status extends LabAction {
        @Override
        void run(Lab lab, PrintWriter out) {
            LabStatus s = lab.status();
            out.println("bridge labbr0: " + (s.bridgeUp() ? "up" : "absent"));
            out.println("mirror: " + (s.mirrorUp() ? "up" : "down"));
            if (s.rigs().isEmpty()) {
                out.println("no rigs");
            }
            for (LabRig r : s.rigs()) {
                out.printf("%-6s %-12s %-5s %s%n", r.name(), r.address(), r.mode(), r.state());
            }
            s.inventory().ifPresent(p -> out.println("inventory: " + p));
        }
    }

    @Command(name = "reset", description = "Give one rig (or all) a fresh filesystem and restart it.")
    static final class Reset extends LabAction {
        @Parameters(index = "0", arity = "0..1", paramLabel = "RIG", description = "rig name; all rigs when omitted")
        String rig;

        @Override
        void run(Lab lab, PrintWriter out) {
            if (rig == null) {
                lab.resetAll();
            } else {
                lab.reset(rig);
            }
        }
    }

    @Command(name = "cut", description = "Take the rig's network link down (rig unreachable).")
    static final class Cut extends RigAction {
        @Override
        void run(Lab lab, PrintWriter out) {
            lab.cut(rig);
        }
    }

    @Command(name = "restore", description = "Bring the rig's network link back up.")
    static final class Restore extends RigAction {
        @Override
        void run(Lab lab, PrintWriter out) {
            lab.restore(rig);
        }
    }

    @Command(name = "slow", description = "Throttle traffic towards the rig (e.g. 100mbit), or 'off' to undo.")
    static final class Slow extends RigAction {
        @Parameters(index = "1", paramLabel = "RATE", description = "tc rate such as 100mbit, or off")
        String rate;

        @Override
        void run(Lab lab, PrintWriter out) {
            lab.slow(rig, rate);
        }
    }

    @Command(name = "kill", description = "Kill all of the rig's processes (rig crashed); its files are kept.")
    static final class Kill extends RigAction {
        @Override
        void run(Lab lab, PrintWriter out) {
            lab.kill(rig);
        }
    }

    @Command(name = "start", description = "Start a killed rig again on the files it had.")
    static final class Start extends RigAction {
        @Override
        void run(Lab lab, PrintWriter out) {
            lab.start(rig);
        }
    }
}
