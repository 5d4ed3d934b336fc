package dev.rigger.cli;

import dev.rigger.api.Version;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rigger} command: a thin layer over {@link dev.rigger.engine.Rigger}. Only {@link #main} exits. */
@Command(name = "rigger", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Ansible-style playbooks for deep-learning rigs, over SSH, with nothing but sshd on the rig.",
        subcommands = {PlayCommand.class, DriftCommand.class, FactsCommand.class, LabCommand.class, TunnelCommand.class,
                VaultCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  rigger play playbooks/dl-rig.yml -i inventory/local.yml --check --diff",
                "  rigger play site.yml -i inventory/example.yml -l rig01 -t cuda -e cuda_version=12.6",
                "  rigger lab up --rigs 3 && rigger play site.yml -i /run/rigger-lab/inventory.yml",
                "  rigger tunnel rig01 -i inventory/example.yml --user bob"})
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Runs the CLI and returns its exit code (ansible-playbook's codes). */
    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("ERROR! " + ex.getMessage());
            ex.getCommandLine().usage(err);
            return 2;
        });
        return cl.execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** {@code rigger --version}. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rigger " + Version.VERSION, "  java version = " + System.getProperty("java.version"),
                "  ansible compatibility = ansible-core 2.14"};
        }
    }
}
