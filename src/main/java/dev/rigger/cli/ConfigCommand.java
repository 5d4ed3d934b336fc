package dev.rigger.cli;

import dev.rigger.config.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rigger config}: the ansible.cfg and ANSIBLE_* settings rigger reads, as ansible-config shows them. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Show the ansible.cfg / ANSIBLE_* settings rigger reads (like ansible-config).",
        subcommands = {ConfigCommand.Dump.class, ConfigCommand.View.class},
        footer = {"", "Examples:", "  rigger config dump --only-changed", "  rigger config view"})
public final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code rigger config dump}: {@code NAME(origin) = value} lines, as {@code ansible-config dump}. */
    @Command(name = "dump", mixinStandardHelpOptions = true,
            description = "Print the settings rigger reads, NAME(origin) = value, as ansible-config dump.")
    static final class Dump implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--only-changed", description = "only the settings not at their default")
        boolean onlyChanged;

        @Override
        public Integer call() {
            Settings s = Main.settings(spec);
            PrintStream out = CliStreams.of(spec.commandLine().getOut());
            s.dump(onlyChanged).forEach(out::println);
            out.flush();
            return 0;
        }
    }

    /** {@code rigger config view}: the ansible.cfg in use, as it is written. */
    @Command(name = "view", mixinStandardHelpOptions = true, description = "Print the ansible.cfg in use.")
    static final class View implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Settings s = Main.settings(spec);
            PrintStream out = CliStreams.of(spec.commandLine().getOut());
            PrintStream err = CliStreams.of(spec.commandLine().getErr());
            if (s.configFile() == null) {
                err.println("ERROR! Invalid or no config file was supplied");
                err.flush();
                return 1;
            }
            try {
                out.print(Files.readString(s.configFile()));
                out.flush();
            } catch (IOException e) {
                err.println("ERROR! cannot read " + s.configFile() + ": " + e.getMessage());
                err.flush();
                return 1;
            }
            return 0;
        }
    }
}
