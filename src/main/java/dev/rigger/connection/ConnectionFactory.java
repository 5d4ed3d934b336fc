package dev.rigger.connection;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link Connection} for a host from its variables: {@code ansible_connection} (ssh, the default,
 * or local), {@code ansible_host}, {@code ansible_port}, {@code ansible_user}, {@code
 * ansible_ssh_private_key_file}, {@code ansible_password} and {@code ansible_ssh_timeout}/{@code
 * ansible_timeout} (older {@code ansible_ssh_*} spellings too). Command-line overrides fill in what the
 * variables leave unset. One factory shares one {@link KnownHostsFile} per file between all its connections.
 */
public final class ConnectionFactory {
    private final ConnectionOverrides cli;
    private final Map<Path, KnownHostsFile> knownHosts = new HashMap<>();

    private final java.util.function.UnaryOperator<String> environment;

    public ConnectionFactory(ConnectionOverrides cli) {
        this(cli, System::getenv);
    }

    /** @param environment the controller's environment variables (ANSIBLE_HOST_KEY_CHECKING) */
    public ConnectionFactory(ConnectionOverrides cli, java.util.function.UnaryOperator<String> environment) {
        this.cli = cli == null ? ConnectionOverrides.none() : cli;
        this.environment = environment;
    }

    /** Opens a connection to {@code inventoryName}. */
    public Connection open(String inventoryName, Map<String, Object> vars) throws IOException {
        if (isLocal(inventoryName, vars)) {
            return new LocalConnection(inventoryName);
        }
        SshSettings s = sshSettings(inventoryName, vars);
        return SshConnection.open(s, knownHostsFile(s.knownHosts()), hostKeyPolicy(inventoryName, vars));
    }

    /**
     * Ansible's host_key_checking: the host variable, else ANSIBLE_HOST_KEY_CHECKING; unset, rigger records new keys
     * (see the README: Ansible's default is to refuse them).
     */
    public HostKeyPolicy hostKeyPolicy(String inventoryName, Map<String, Object> vars) {
        String v = first(vars, "ansible_host_key_checking", "ansible_ssh_host_key_checking");
        if (v != null) {
            return HostKeyPolicy.of(v, "host " + inventoryName + ": ansible_host_key_checking");
        }
        return HostKeyPolicy.of(environment.apply("ANSIBLE_HOST_KEY_CHECKING"), "ANSIBLE_HOST_KEY_CHECKING");
    }

    /** True when the host runs commands on the controller itself. */
    public boolean isLocal(String inventoryName, Map<String, Object> vars) {
        String kind = str(vars, "ansible_connection");
        if (kind == null) {
            kind = cli.connection();
        }
        if (kind == null) {
            return false;
        }
        return switch (kind) {
            case "local" -> true;
            case "ssh", "smart", "paramiko", "paramiko_ssh" -> false;
            default -> throw new IllegalArgumentException("host " + inventoryName + ": ansible_connection '" + kind
                    + "' is not supported; use ssh or local");
        };
    }

    /** The SSH settings for a host (no connection is made). */
    public SshSettings sshSettings(String inventoryName, Map<String, Object> vars) {
        String address = first(vars, "ansible_host", "ansible_ssh_host");
        String user = first(vars, "ansible_user", "ansible_ssh_user");
        String key = first(vars, "ansible_ssh_private_key_file", "ansible_private_key_file");
        String password = first(vars, "ansible_password", "ansible_ssh_pass", "ansible_ssh_password");
        String portText = first(vars, "ansible_port", "ansible_ssh_port");
        String timeoutText = first(vars, "ansible_ssh_timeout", "ansible_timeout");
        int port = portText == null ? 22 : integer(inventoryName, "ansible_port", portText);
        Duration timeout = timeoutText == null ? cli.timeout()
                : Duration.ofSeconds(integer(inventoryName, "ansible_ssh_timeout", timeoutText));
        List<Path> keys = key != null ? List.of(expand(key)) : cli.privateKey() != null ? List.of(cli.privateKey())
                : null;
        return new SshSettings(inventoryName, address, port, user != null ? user : cli.user(), keys,
                password != null ? password : cli.password(), timeout, null, null, 0, cli.knownHosts(),
                cli.shellMode());
    }

    private synchronized KnownHostsFile knownHostsFile(Path p) {
        return knownHosts.computeIfAbsent(p.toAbsolutePath().normalize(), KnownHostsFile::new);
    }

    private static Path expand(String p) {
        if (p.equals("~") || p.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + p.substring(1));
        }
        return Path.of(p);
    }

    private static int integer(String host, String var, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("host " + host + ": " + var + " must be a whole number, not '"
                    + text + "'");
        }
    }

    private static String first(Map<String, Object> vars, String... names) {
        for (String n : names) {
            String v = str(vars, n);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String str(Map<String, Object> vars, String name) {
        Object v = vars == null ? null : vars.get(name);
        if (v == null) {
            return null;
        }
        String s = v.toString();
        return s.isBlank() ? null : s;
    }
}
