package dev.rigger.module.system;

import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.ModuleContext;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs apt-get/dpkg with a C locale, no prompts, and waits for the dpkg/apt locks (held by unattended-upgrades or
 * cloud-init on fresh hosts) instead of failing: apt itself waits {@code DPkg::Lock::Timeout}, and a lock failure
 * that still comes back (e.g. the lists lock of apt-get update) is retried until {@code lockTimeoutSeconds} passed.
 */
public final class AptRunner {
    /** Environment prefix for every apt/dpkg command. */
    public static final String ENV = "env DEBIAN_FRONTEND=noninteractive DEBIAN_PRIORITY=critical LC_ALL=C LANG=C ";
    private static final long MAX_PAUSE_MS = 5000;
    private final ModuleContext ctx;
    private final int lockTimeoutSeconds;

    public AptRunner(ModuleContext ctx, int lockTimeoutSeconds) {
        this.ctx = ctx;
        this.lockTimeoutSeconds = Math.max(0, lockTimeoutSeconds);
    }

    /** apt-get with the lock timeout option in front of {@code args}. */
    public ExecResult aptGet(List<String> args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("apt-get", "-o", "DPkg::Lock::Timeout=" + lockTimeoutSeconds));
        argv.addAll(args);
        return withLockRetry(ENV + Shell.join(argv));
    }

    /** Runs {@code script}, retrying while its output reports a held apt/dpkg lock and time is left. */
    public ExecResult withLockRetry(String script) throws IOException {
        long deadline = System.nanoTime() + lockTimeoutSeconds * 1_000_000_000L;
        long pause = 1000;
        while (true) {
            ExecResult r = ctx.run(script);
            if (r.ok() || !AptOutput.isLockError(r.stdout() + r.stderr())) {
                return r;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return r;
            }
            try {
                Thread.sleep(Math.min(Math.min(pause, left), MAX_PAUSE_MS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the apt lock");
            }
            pause = Math.min(pause * 2, MAX_PAUSE_MS);
        }
    }
}
