package dev.rigger.connection;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link Connection} for a host from its connection variables ({@link ConnectionVar}: ssh, the
 * default, or local; address, port, user, key, password, timeout, host key checking, each under all of Ansible's
 * names). Command-line overrides fill in what the variables leave unset. One factory shares one {@link KnownHostsFile} per file between all its connections.
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
        String v = ConnectionVar.HOST_KEY_CHECKING.text(vars);
        if (v != null) {
            return HostKeyPolicy.of(v, "host " + inventoryName + ": ansible_host_key_checking");
        }
        return HostKeyPolicy.of(environment.apply("ANSIBLE_HOST_KEY_CHECKING"), "ANSIBLE_HOST_KEY_CHECKING");
    }

    /** True when the host runs commands on the controller itself. */
    public boolean isLocal(String inventoryName, Map<String, Object> vars) {
        String kind = ConnectionVar.CONNECTION.text(vars);
        String name = "ansible_connection";
        if (kind == null) {
            kind = cli.connection();
            name = "--connection";
        }
        if (kind == null) {
            return false;
        }
        String problem = ConnectionVar.CONNECTION.problem(name, kind);
        if (problem != null) {
            throw new IllegalArgumentException("host " + inventoryName + ": " + problem);
        }
        return ConnectionVar.isLocal(kind);
    }

    /** The SSH settings for a host (no connection is made). */
    public SshSettings sshSettings(String inventoryName, Map<String, Object> vars) {
        String address = ConnectionVar.HOST.text(vars);
        String user = ConnectionVar.USER.text(vars);
        String key = ConnectionVar.PRIVATE_KEY.text(vars);
        String password = ConnectionVar.PASSWORD.text(vars);
        String portText = ConnectionVar.PORT.text(vars);
        String timeoutText = ConnectionVar.TIMEOUT.text(vars);
        int port = portText == null ? 22 : integer(inventoryName, ConnectionVar.PORT, portText);
        Duration timeout = timeoutText == null ? cli.timeout()
                : Duration.ofSeconds(integer(inventoryName, ConnectionVar.TIMEOUT, timeoutText));
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

    private static int integer(String host, ConnectionVar setting, String text) {
        String problem = setting.problem(setting.mainName(), text);
        if (problem != null) {
            throw new IllegalArgumentException("host " + host + ": " + problem);
        }
        return Integer.parseInt(text.strip());
    }
}
