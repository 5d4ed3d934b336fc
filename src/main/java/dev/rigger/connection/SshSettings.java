package dev.rigger.connection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How to reach one host over SSH. Null or zero values take the defaults (see the compact constructor).
 *
 * @param host              inventory name (for messages and {@link Connection#host()})
 * @param address           name or IP to connect to (default: {@code host})
 * @param port              TCP port (default 22)
 * @param user              login user (default: the current user)
 * @param privateKeys       key files to try (default: those of ~/.ssh/id_ed25519, id_rsa, id_ecdsa that exist)
 * @param password          login password, tried after the keys (may be null)
 * @param connectTimeout    limit for TCP connect, key exchange and login (default 10 s)
 * @param commandTimeout    upper bound for any command's timeout (null: each command's own)
 * @param keepAliveInterval how often an idle link is probed (default 5 s)
 * @param keepAliveMaxCount unanswered probes before the link is declared dead (default 3, so ~15–20 s)
 * @param knownHosts        OpenSSH known_hosts file (default ~/.ssh/known_hosts)
 * @param shellMode         persistent shell (default) or one channel per command
 * @param jumps             the hosts to pass through, first hop first (ssh_config ProxyJump; default none)
 * @param identitiesOnly    ssh-agent keys only where they are one of {@code privateKeys} (IdentitiesOnly)
 * @param agentSocket       the ssh-agent to ask for keys first (SSH_AUTH_SOCK), or null
 */
public record SshSettings(String host, String address, int port, String user, List<Path> privateKeys,
                          String password, Duration connectTimeout, Duration commandTimeout,
                          Duration keepAliveInterval, int keepAliveMaxCount, Path knownHosts, ShellMode shellMode,
                          List<Jump> jumps, boolean identitiesOnly, Path agentSocket) {
    /** A host to pass through on the way, with its own login and host key checking. */
    public record Jump(SshSettings settings, HostKeyPolicy policy) {
    }

    /** Without jump hosts and without an agent. */
    public SshSettings(String host, String address, int port, String user, List<Path> privateKeys,
                       String password, Duration connectTimeout, Duration commandTimeout,
                       Duration keepAliveInterval, int keepAliveMaxCount, Path knownHosts, ShellMode shellMode) {
        this(host, address, port, user, privateKeys, password, connectTimeout, commandTimeout, keepAliveInterval,
                keepAliveMaxCount, knownHosts, shellMode, List.of(), false, null);
    }

    public SshSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("an SSH host needs a name");
        }
        address = address == null || address.isBlank() ? host : address;
        port = port <= 0 ? 22 : port;
        user = user == null || user.isBlank() ? System.getProperty("user.name") : user;
        privateKeys = privateKeys == null || privateKeys.isEmpty() ? defaultKeys() : List.copyOf(privateKeys);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        keepAliveInterval = keepAliveInterval == null ? Duration.ofSeconds(5) : keepAliveInterval;
        keepAliveMaxCount = keepAliveMaxCount <= 0 ? 3 : keepAliveMaxCount;
        knownHosts = knownHosts == null ? sshDir().resolve("known_hosts") : knownHosts;
        shellMode = shellMode == null ? ShellMode.PERSISTENT : shellMode;
        jumps = jumps == null ? List.of() : List.copyOf(jumps);
    }

    /** Defaults for everything but the host name. */
    public static SshSettings of(String host) {
        return new SshSettings(host, null, 0, null, null, null, null, null, null, 0, null, null);
    }

    public SshSettings withAddress(String a, int p) {
        return new SshSettings(host, a, p, user, privateKeys, password, connectTimeout, commandTimeout,
                keepAliveInterval, keepAliveMaxCount, knownHosts, shellMode, jumps, identitiesOnly,
                agentSocket);
    }

    public SshSettings withUser(String u) {
        return new SshSettings(host, address, port, u, privateKeys, password, connectTimeout, commandTimeout,
                keepAliveInterval, keepAliveMaxCount, knownHosts, shellMode, jumps, identitiesOnly,
                agentSocket);
    }

    public SshSettings withPrivateKeys(List<Path> keys) {
        return new SshSettings(host, address, port, user, keys, password, connectTimeout, commandTimeout,
                keepAliveInterval, keepAliveMaxCount, knownHosts, shellMode, jumps, identitiesOnly,
                agentSocket);
    }

    public SshSettings withPassword(String pw) {
        return new SshSettings(host, address, port, user, privateKeys, pw, connectTimeout, commandTimeout,
                keepAliveInterval, keepAliveMaxCount, knownHosts, shellMode, jumps, identitiesOnly,
                agentSocket);
    }

    public SshSettings withConnectTimeout(Duration t) {
        return new SshSettings(host, address, port, user, privateKeys, password, t, commandTimeout,
                keepAliveInterval, keepAliveMaxCount, knownHosts, shellMode, jumps, identitiesOnly,
                agentSocket);
    }

    public SshSettings withKnownHosts(Path kh) {
        return new SshSettings(host, address, port, user, privateKeys, password, connectTimeout, commandTimeout,
                keepAliveInterval, keepAliveMaxCount, kh, shellMode, jumps, identitiesOnly,
                agentSocket);
    }

    public SshSettings withShellMode(ShellMode m) {
        return new SshSettings(host, address, port, user, privateKeys, password, connectTimeout, commandTimeout,
                keepAliveInterval, keepAliveMaxCount, knownHosts, m, jumps, identitiesOnly,
                agentSocket);
    }

    public SshSettings withJumps(List<Jump> j) {
        return new SshSettings(host, address, port, user, privateKeys, password, connectTimeout, commandTimeout,
                keepAliveInterval, keepAliveMaxCount, knownHosts, shellMode, j, identitiesOnly, agentSocket);
    }

    /** Asks the agent at {@code socket} for keys first; {@code only}: just those of {@link #privateKeys}. */
    public SshSettings withAgent(Path socket, boolean only) {
        return new SshSettings(host, address, port, user, privateKeys, password, connectTimeout, commandTimeout,
                keepAliveInterval, keepAliveMaxCount, knownHosts, shellMode, jumps, only, socket);
    }

    public SshSettings withKeepAlive(Duration interval, int maxCount) {
        return new SshSettings(host, address, port, user, privateKeys, password, connectTimeout, commandTimeout,
                interval, maxCount, knownHosts, shellMode, jumps, identitiesOnly, agentSocket);
    }

    public SshSettings withCommandTimeout(Duration t) {
        return new SshSettings(host, address, port, user, privateKeys, password, connectTimeout, t,
                keepAliveInterval, keepAliveMaxCount, knownHosts, shellMode, jumps, identitiesOnly,
                agentSocket);
    }

    private static Path sshDir() {
        return Path.of(System.getProperty("user.home"), ".ssh");
    }

    private static List<Path> defaultKeys() {
        List<Path> keys = new ArrayList<>();
        for (String n : List.of("id_ed25519", "id_rsa", "id_ecdsa")) {
            Path p = sshDir().resolve(n);
            if (Files.isRegularFile(p)) {
                keys.add(p);
            }
        }
        return List.copyOf(keys);
    }

    @Override
    public String toString() {
        return "SshSettings[host=" + host + ", " + user + "@" + address + ":" + port + ", keys=" + privateKeys
                + ", password=" + (password == null ? "none" : "****") + ", shell=" + shellMode
                + (jumps.isEmpty() ? "" : ", via=" + jumps.stream().map(j -> j.settings().user() + "@"
                + j.settings().address() + ":" + j.settings().port()).toList())
                + (agentSocket == null ? "" : ", agent" + (identitiesOnly ? " (identities only)" : "")) + "]";
    }
}
