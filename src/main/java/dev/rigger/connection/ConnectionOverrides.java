package dev.rigger.connection;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Connection settings from the command line ({@code -u}, {@code --private-key}, {@code -T}, {@code -c},
 * {@code -k}). Like Ansible, they are the lowest level: a host's {@code ansible_*} variables win. Null means
 * "not given".
 */
public record ConnectionOverrides(String user, Path privateKey, Duration timeout, String connection,
                                  String password, Path knownHosts, ShellMode shellMode) {
    public static ConnectionOverrides none() {
        return new ConnectionOverrides(null, null, null, null, null, null, null);
    }

    @Override
    public String toString() {
        return "ConnectionOverrides[user=" + user + ", privateKey=" + privateKey + ", timeout=" + timeout
                + ", connection=" + connection + ", password=" + (password == null ? "none" : "****") + "]";
    }
}
