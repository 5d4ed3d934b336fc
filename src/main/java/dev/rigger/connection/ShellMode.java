package dev.rigger.connection;

/** How {@link SshConnection} runs commands. */
public enum ShellMode {
    /** One long-lived {@code /bin/sh} per host and become user; a command costs about 0.1–0.2 ms. */
    PERSISTENT,
    /** A new SSH session channel per command (about 4 ms with TCP_NODELAY); the simple fallback. */
    CHANNEL_PER_COMMAND
}
