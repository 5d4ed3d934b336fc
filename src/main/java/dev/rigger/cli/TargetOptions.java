package dev.rigger.cli;

import dev.rigger.RiggerException;
import dev.rigger.api.RunOptions;
import dev.rigger.config.Settings;
import java.io.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Which rigs and how to reach them: the connection and become flags shared by play, drift and facts. What a flag
 * leaves unset comes from the ansible.cfg and ANSIBLE_* settings ({@link Settings}), as in Ansible.
 */
public final class TargetOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

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

    @Option(names = "--become-method", paramLabel = "METHOD", description = "privilege escalation method (sudo)")
    String becomeMethod;

    @Option(names = "--ssh-common-args", paramLabel = "ARGS",
            description = "ssh options for every host (-F, -J, -o ProxyJump=..., -i, -l, -p), below a host's own")
    String sshCommonArgs;

    @Option(names = "--ssh-extra-args", paramLabel = "ARGS", description = "as --ssh-common-args")
    String sshExtraArgs;

    @Option(names = {"--scp-extra-args", "--sftp-extra-args"}, paramLabel = "ARGS", hidden = true)
    String transferArgs;

    @Option(names = "--flush-cache", description = "accepted: rigger keeps no fact cache between runs")
    boolean flushCache;

    @Option(names = {"-k", "--ask-pass"}, description = "ask for the SSH login password")
    boolean askPass;

    @Option(names = "--connection-password-file", paramLabel = "FILE", description = "read the SSH login password from FILE")
    Path connectionPasswordFile;

    /** The ansible.cfg and ANSIBLE_* settings (their warnings printed once); a bad ansible.cfg throws. */
    Settings settings() {
        return Main.settings(mixee);
    }

    /** -i, else the ansible.cfg's / ANSIBLE_INVENTORY's inventory, else /etc/ansible/hosts when it exists. */
    List<String> inventory() {
        if (!inventory.isEmpty()) {
            return inventory;
        }
        Settings s = settings();
        if (s.inventoryIsDefault()) {
            return s.inventory().stream().filter(p -> Files.exists(Path.of(p))).toList();
        }
        return s.inventory();
    }

    /** What is wrong with the options, or null. */
    String problem() {
        settings(); // a bad ansible.cfg stops the command first (Main: exit 5), its warnings come first
        if (forks != null && forks < 1) {
            return "argument -f/--forks: the number of forks must be at least 1";
        }
        if (!List.of("auto", "always", "never").contains(color)) {
            return "argument --color: '" + color + "' must be auto, always or never";
        }
        if (becomeMethod != null && !becomeMethod.equals("sudo")) {
            return "argument --become-method: rigger becomes with sudo only, not " + becomeMethod;
        }
        if (transferArgs != null) {
            mixee.commandLine().getErr().println("[WARNING]: --scp-extra-args / --sftp-extra-args are not honoured "
                    + "by rigger: it speaks SFTP itself over its one connection per host");
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
            // Ansible: force_color wins over nocolor (and NO_COLOR) and over a pipe
            default -> settings().forceColor() || !settings().noColor() && System.console() != null
                    && System.getenv("NO_COLOR") == null;
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
        } else if (askBecomePass || settings().becomeAskPass()) {
            Console console = System.console();
            if (console == null) {
                throw new RiggerException("-K needs a terminal to ask for the password; use --become-password-file");
            }
            char[] pw = console.readPassword("BECOME password: ");
            password = pw == null ? null : new String(pw);
        }
        String loginPassword = null;
        if (connectionPasswordFile != null) {
            try {
                loginPassword = Files.readString(connectionPasswordFile).strip();
            } catch (java.io.IOException e) {
                throw new RiggerException("cannot read the connection password file " + connectionPasswordFile + ": "
                        + e.getMessage());
            }
        } else if (askPass) {
            Console console = System.console();
            if (console == null) {
                throw new RiggerException("-k needs a terminal to ask for the password; use --connection-password-file");
            }
            char[] pw = console.readPassword("SSH password: ");
            loginPassword = pw == null ? null : new String(pw);
        }
        Settings s = settings();
        Integer f = forks != null ? forks : s.forks();
        String method = becomeMethod != null ? becomeMethod
                : s.value(dev.rigger.config.Setting.DEFAULT_BECOME_METHOD).isDefault() ? null : s.becomeMethod();
        return RunOptions.builder().forks(f == null ? 0 : f).limit(limit).verbosity(verbose.length)
                .become(become || s.become() ? Boolean.TRUE : null)
                .becomeUser(becomeUser != null ? becomeUser : s.becomeUser()).becomeMethod(method)
                .becomePassword(password)
                .remoteUser(user != null ? user : s.remoteUser())
                .privateKey(privateKey != null ? privateKey : s.privateKeyFile())
                .connectTimeout(timeout != null ? java.time.Duration.ofSeconds(timeout) : s.timeout())
                .connection(connection != null ? connection : s.transport())
                .rolesPath(s.rolesPath()).collectionsPath(s.collectionsPaths()).gathering(s.gathering())
                .hostKeyChecking(s.hostKeyChecking()).sshArgs(sshArgs(s)).connectionPassword(loginPassword);
    }

    /** --ssh-common-args / --ssh-extra-args, else those of ansible.cfg / the environment, where set. */
    private Map<String, String> sshArgs(Settings s) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        String common = sshCommonArgs != null ? sshCommonArgs : s.sshCommonArgs();
        String extra = sshExtraArgs != null ? sshExtraArgs : s.sshExtraArgs();
        if (common != null && !common.isBlank()) {
            m.put(dev.rigger.connection.ConnectionVar.SSH_COMMON_ARGS.mainName(), common);
        }
        if (extra != null && !extra.isBlank()) {
            m.put(dev.rigger.connection.ConnectionVar.SSH_EXTRA_ARGS.mainName(), extra);
        }
        return m;
    }
}
