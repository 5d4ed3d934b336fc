package dev.rigger.connection;

import java.time.Duration;
import java.util.Map;

/**
 * A shell script to run on a host.
 *
 * @param script  POSIX sh script text (quote arguments with {@link Shell#quote})
 * @param stdin   bytes fed to the script's standard input, or null for none
 * @param become  run as another user through sudo, or null
 * @param env     extra environment variables (may be empty)
 * @param timeout how long to wait before the command is ended and reported failed
 */
public record Command(String script, byte[] stdin, Become become, Map<String, String> env, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);

    public Command {
        env = env == null ? Map.of() : Map.copyOf(env);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    public static Command of(String script) {
        return new Command(script, null, null, Map.of(), DEFAULT_TIMEOUT);
    }

    public Command withBecome(Become b) {
        return new Command(script, stdin, b, env, timeout);
    }

    public Command withStdin(byte[] in) {
        return new Command(script, in, become, env, timeout);
    }

    public Command withEnv(Map<String, String> e) {
        return new Command(script, stdin, become, e, timeout);
    }

    public Command withTimeout(Duration t) {
        return new Command(script, stdin, become, env, t);
    }
}
