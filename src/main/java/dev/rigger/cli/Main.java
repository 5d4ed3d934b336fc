package dev.rigger.cli;

import dev.rigger.api.Version;
import dev.rigger.config.ConfigEnvironment;
import dev.rigger.config.Settings;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rigger} command: a thin layer over {@link dev.rigger.engine.Rigger}. Only {@link #main} exits. */
@Command(name = "rigger", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Ansible-style playbooks for deep-learning rigs, over SSH, with nothing but sshd on the rig.",
        subcommands = {PlayCommand.class, ConfigCommand.class, DriftCommand.class, FactsCommand.class, LabCommand.class, TunnelCommand.class,
                VaultCommand.class, GalaxyCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  rigger play playbooks/dl-rig.yml -i inventory/local.yml --check --diff",
                "  rigger play site.yml -i inventory/example.yml -l rig01 -t cuda -e cuda_version=12.6",
                "  rigger lab up --rigs 3 && rigger play site.yml -i /run/rigger-lab/inventory.yml",
                "  rigger tunnel rig01 -i inventory/example.yml --user bob"})
public final class Main implements Runnable {
    private final ConfigEnvironment environment;
    private Settings settings;

    Main(ConfigEnvironment environment) {
        this.environment = environment;
    }

    /**
     * The ansible.cfg and ANSIBLE_* settings, loaded once per command; their warnings are printed once, to
     * {@code err}, when first asked for.
     *
     * @throws dev.rigger.RiggerException for an ansible.cfg that cannot be read (Ansible's exit code 5)
     */
    synchronized Settings settings(java.io.PrintWriter err) {
        if (settings == null) {
            settings = Settings.load(environment);
            settings.warnings().forEach(w -> err.println("[WARNING]: " + w));
            err.flush();
        }
        return settings;
    }

    /** The settings a subcommand of {@code spec}'s command line sees (a command run without Main: the system's). */
    static Settings settings(picocli.CommandLine.Model.CommandSpec spec) {
        picocli.CommandLine.Model.CommandSpec p = spec;
        while (p != null && !(p.userObject() instanceof Main)) {
            p = p.parent();
        }
        java.io.PrintWriter err = spec.commandLine().getErr();
        return p == null ? new Main(ConfigEnvironment.system()).settings(err) : ((Main) p.userObject()).settings(err);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Runs the CLI and returns its exit code (ansible-playbook's codes). */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return run(ConfigEnvironment.system(), out, err, args);
    }

    /** Runs the CLI with {@code environment}'s variables, working folder and home (where ansible.cfg is found). */
    public static int run(ConfigEnvironment environment, PrintStream out, PrintStream err, String... args) {
        CommandLine cl = new CommandLine(new Main(environment));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            String unsupported = AnsibleFlags.unsupported(ex);
            if (unsupported != null) {
                err.println("ERROR! " + unsupported);
                return 5;
            }
            err.println("ERROR! " + ex.getMessage());
            ex.getCommandLine().usage(err);
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof dev.rigger.config.ConfigException e) {
                err.println("ERROR! " + e.describe());
                return 5; // as ansible-playbook for an ansible.cfg it cannot read
            }
            throw ex;
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
