package dev.rigger.cli;

import dev.rigger.RiggerException;
import dev.rigger.api.RunOptions;
import java.io.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Which rigs and how to reach them: the connection and become flags shared by play, drift and facts. */
public final class TargetOptions {
    @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY",
            description = "inventory file, folder, or comma list of hosts (repeatable)")
    List<String> inventory = new ArrayList<>();

    @Option(names = {"-l", "--limit"}, paramLabel = "SUBSET", description = "limit to hosts matching this pattern")
    String limit;

    @Option(names = {"-f", "--forks"}, paramLabel = "N", description = "hosts running at once (default: all, max 100)")
    Integer forks;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "connect as this user")
    String user;

    @Option(names = {"--private-key", "--key-file"}, paramLabel = "FILE", description = "SSH private key")
    Path privateKey;

    @Option(names = {"-c", "--connection"}, paramLabel = "TYPE", description = "connection type: ssh or local")
    String connection;

    @Option(names = {"-T", "--timeout"}, paramLabel = "SECONDS", description = "connect timeout (default 10)")
    Integer timeout;

    @Option(names = {"-b", "--become"}, description = "run tasks with sudo")
    boolean become;

    @Option(names = "--become-user", paramLabel = "USER", description = "become this user (default root)")
    String becomeUser;

    @Option(names = {"-K", "--ask-become-pass"}, description = "ask for the sudo password")
    boolean askBecomePass;

    @Option(names = "--become-password-file", paramLabel = "FILE", description = "read the sudo password from FILE")
    Path becomePasswordFile;

    @Option(names = "-v", description = "verbose (-vv, -vvv more); drift and facts then print every task as play does")
    boolean[] verbose = new boolean[0];

    @Option(names = "--color", paramLabel = "WHEN", description = "auto (default), always, never")
    String color = "auto";

    /** What is wrong with the options, or null. */
    String problem() {
        if (forks != null && forks < 1) {
            return "argument -f/--forks: the number of forks must be at least 1";
        }
        if (!List.of("auto", "always", "never").contains(color)) {
            return "argument --color: '" + color + "' must be auto, always or never";
        }
        return null;
    }

    int verbosity() {
        return verbose.length;
    }

    boolean useColor() {
        return switch (color) {
            case "always" -> true;
            case "never" -> false;
            default -> System.console() != null && System.getenv("NO_COLOR") == null;
        };
    }

    /** The run options these flags give (the caller adds check, diff, tags, extra vars). */
    RunOptions.Builder options() {
        String password = null;
        if (becomePasswordFile != null) {
            try {
                password = Files.readString(becomePasswordFile).strip();
            } catch (java.io.IOException e) {
                throw new RiggerException("cannot read the become password file " + becomePasswordFile + ": "
                        + e.getMessage());
            }
        } else if (askBecomePass) {
            Console console = System.console();
            if (console == null) {
                throw new RiggerException("-K needs a terminal to ask for the password; use --become-password-file");
            }
            char[] pw = console.readPassword("BECOME password: ");
            password = pw == null ? null : new String(pw);
        }
        return RunOptions.builder().forks(forks == null ? 0 : forks).limit(limit).verbosity(verbose.length)
                .become(become ? Boolean.TRUE : null).becomeUser(becomeUser).becomePassword(password)
                .remoteUser(user).privateKey(privateKey)
                .connectTimeout(timeout == null ? null : java.time.Duration.ofSeconds(timeout))
                .connection(connection);
    }
}
