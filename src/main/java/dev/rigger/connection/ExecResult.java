package dev.rigger.connection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What a command left behind. Output is bounded by the connection (see {@link #truncated()}).
 */
public record ExecResult(int rc, byte[] stdoutBytes, byte[] stderrBytes, boolean truncated, Duration took) {
    /** Exit code used when the command ran past its timeout. */
    public static final int RC_TIMEOUT = 124;

    public String stdout() {
        return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    public String stderr() {
        return new String(stderrBytes, StandardCharsets.UTF_8);
    }

    public boolean ok() {
        return rc == 0;
    }
}
