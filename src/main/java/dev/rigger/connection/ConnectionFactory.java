package dev.rigger.connection;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds the {@link Connection} for a host from its connection variables ({@link ConnectionVar}: ssh, the
 * default, or local; address, port, user, key, password, timeout, host key checking, each under all of Ansible's
 * names). Command-line overrides fill in what the variables leave unset, then the OpenSSH client config
 * ({@code ~/.ssh/config} and {@code /etc/ssh/ssh_config}, or the {@code -F} file of ansible_ssh_common_args): see
 * {@link SshResolver}. One factory shares one {@link KnownHostsFile} per file and one parse of each config between
 * all its connections.
 */
public final class ConnectionFactory {
    private final ConnectionOverrides cli;
    private final Map<Path, KnownHostsFile> knownHosts = new HashMap<>();

    private final Map<List<SshConfig.Source>, SshConfig> configs = new HashMap<>();
    private final AtomicBoolean warned = new AtomicBoolean();
    private final java.util.function.UnaryOperator<String> environment;
    private final SshResolver resolver;

    public ConnectionFactory(ConnectionOverrides cli) {
        this(cli, System::getenv);
    }

    /** @param environment the controller's environment variables (ANSIBLE_HOST_KEY_CHECKING, SSH_AUTH_SOCK) */
    public ConnectionFactory(ConnectionOverrides cli, java.util.function.UnaryOperator<String> environment) {
        this(cli, environment, Path.of(System.getProperty("user.home"), ".ssh", "config"),
                Path.of("/etc/ssh/ssh_config"));
    }

    /**
     * @param userConfig   the user's ssh config (OpenSSH: ~/.ssh/config), or null
     * @param systemConfig the system's, read after the user's (OpenSSH: /etc/ssh/ssh_config), or null
     */
    public ConnectionFactory(ConnectionOverrides cli, java.util.function.UnaryOperator<String> environment,
                             Path userConfig, Path systemConfig) {
        this.cli = cli == null ? ConnectionOverrides.none() : cli;
        this.environment = environment;
        this.resolver = new SshResolver(this.cli, environment, this::config, userConfig, systemConfig);
    }

    /** Opens a connection to {@code inventoryName}. */
    public Connection open(String inventoryName, Map<String, Object> vars) throws IOException {
        if (isLocal(inventoryName, vars)) {
            return new LocalConnection(inventoryName);
        }
        SshResolver.Resolved r = resolver.resolve(inventoryName, vars, hostKeyPolicy(inventoryName, vars));
        List<String> notes = r.warnings().isEmpty() || warned.getAndSet(true) ? List.of() : r.warnings();
        return SshConnection.open(r.settings(), this::knownHostsFile, r.policy(), notes);
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

    /** The SSH settings for a host (no connection is made): variables, command line, ssh config, defaults. */
    public SshSettings sshSettings(String inventoryName, Map<String, Object> vars) {
        return resolver.resolve(inventoryName, vars, hostKeyPolicy(inventoryName, vars)).settings();
    }

    /** The parsed config files (read once per factory). */
    private synchronized SshConfig config(List<SshConfig.Source> sources) {
        return configs.computeIfAbsent(List.copyOf(sources), SshConfig::read);
    }

    private synchronized KnownHostsFile knownHostsFile(Path p) {
        return knownHosts.computeIfAbsent(p.toAbsolutePath().normalize(), KnownHostsFile::new);
    }
}
