package dev.rigger.connection;

import java.io.IOException;

/**
 * One open connection to one host, reused by every task of a run. Implementations: {@code SshConnection}
 * (sshj) and {@code LocalConnection}. All commands are POSIX shell scripts run by {@code /bin/sh}; no Python
 * is needed on the host. Implementations must be safe for use by one thread at a time (one host = one thread).
 */
public interface Connection extends AutoCloseable {

    /** The inventory name of the host this connection talks to. */
    String host();

    /**
     * Runs {@code command.script()} with /bin/sh on the host, as {@code command.become()} if set, feeding
     * {@code command.stdin()} if not null, and waits at most {@code command.timeout()}.
     *
     * @throws UnreachableException when the host cannot be reached or the connection dropped
     * @throws IOException on other transport errors
     */
    ExecResult exec(Command command) throws IOException;

    /**
     * Writes {@code content} to {@code path} atomically: into a temporary file in the same folder, then
     * renamed over the target, so a cut connection never leaves a half-written file. {@code mode} (octal
     * string such as "0644", or null to keep the existing file's mode / default 0644) is applied before the
     * rename. Runs as {@code become} if not null.
     */
    void writeFileAtomic(String path, byte[] content, String mode, Become become) throws IOException;

    /** Reads a whole file (at most {@code maxBytes}), or returns null if it does not exist. */
    byte[] readFile(String path, long maxBytes, Become become) throws IOException;

    /**
     * Direct file access for a task that runs as {@code become} (null: the login user), or null when this
     * connection has none for that user (then modules inspect through {@link #exec}).
     */
    default FileAccess files(Become become) {
        return null;
    }

    @Override
    void close();

    /** One-line warnings from opening this connection (a host key that could not be recorded, ...). */
    default java.util.List<String> warnings() {
        return java.util.List.of();
    }
}
