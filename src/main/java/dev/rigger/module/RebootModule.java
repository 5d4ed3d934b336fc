package dev.rigger.module;

import dev.rigger.connection.Connection;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.LocalConnection;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.system.Reconnector;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ansible.builtin.reboot: records the boot id, starts the reboot in the background, then reconnects (through a
 * {@link Reconnector}) until the boot id changed and {@code test_command} succeeds, within {@code reboot_timeout}.
 * Refuses to reboot the controller (a {@link LocalConnection}).
 */
public final class RebootModule extends BaseModule {
    private static final String BOOT_ID = "cat /proc/sys/kernel/random/boot_id";
    private final Reconnector reconnector;

    /** Uses the Reconnector the executor's ModuleContext implements. */
    public RebootModule() {
        this(null);
    }

    public RebootModule(Reconnector reconnector) {
        this.reconnector = reconnector;
    }

    @Override
    public String name() {
        return "reboot";
    }

    @Override
    public ModuleSpec spec() {
        return ModuleSpec.builder().args("test_command", "msg", "reboot_command", "boot_time_command", "search_paths")
                .integer("reboot_timeout", "connect_timeout", "pre_reboot_delay", "post_reboot_delay")
                .build();
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        if (ctx.connection() instanceof LocalConnection) {
            return ModuleResult.failed("reboot: refusing to reboot " + ctx.hostName() + ": it uses a local "
                    + "connection, which is the controller itself; run reboot against remote hosts only", data);
        }
        Reconnector rc = reconnector != null ? reconnector : ctx instanceof Reconnector r ? r : null;
        if (rc == null) {
            return ModuleResult.failed("reboot: this executor cannot reconnect to " + ctx.hostName()
                    + " after a reboot (no Reconnector given)", data);
        }
        if (ctx.checkMode()) {
            data.put("rebooted", true);
            return ModuleResult.changed(data);
        }
        int timeout = a.integer("reboot_timeout", 600);
        int connectTimeout = a.integer("connect_timeout", 10);
        int pre = Math.max(0, a.integer("pre_reboot_delay", 0));
        int post = Math.max(0, a.integer("post_reboot_delay", 0));
        String test = a.str("test_command", "whoami");
        String bootCmd = a.str("boot_time_command", BOOT_ID);
        String msg = a.str("msg", "Reboot initiated by Ansible");
        String rebootCmd = a.str("reboot_command", "shutdown -r now " + Shell.quote(msg)
                + " || systemctl reboot || reboot");
        long start = System.nanoTime();
        ExecResult b = ctx.run(bootCmd);
        if (!b.ok()) {
            return ModuleResult.failed("reboot: '" + bootCmd + "' failed on " + ctx.hostName() + ": "
                    + b.stderr().trim(), data);
        }
        String before = b.stdout().trim();
        // detached so the command returns before the host goes down
        String bg = "nohup sh -c " + Shell.quote("sleep " + (pre + 1) + "; " + rebootCmd)
                + " >/dev/null 2>&1 </dev/null &";
        try {
            ExecResult r = ctx.run(bg);
            if (!r.ok()) {
                return ModuleResult.failed("reboot: could not start the reboot on " + ctx.hostName() + ": "
                        + r.stderr().trim(), data);
            }
        } catch (dev.rigger.connection.UnreachableException e) {
            // the host went down while answering: that is the reboot
        }
        long deadline = start + Duration.ofSeconds(timeout + pre).toNanos();
        long pause = 1000;
        String lastError = "no answer";
        while (System.nanoTime() < deadline) {
            sleep(pause);
            pause = Math.min(pause * 2, 5000);
            try {
                Connection c = rc.reconnect(Duration.ofSeconds(connectTimeout));
                ExecResult now = c.exec(ctx.command(bootCmd).withTimeout(Duration.ofSeconds(connectTimeout)));
                if (!now.ok() || now.stdout().trim().equals(before)) {
                    lastError = now.ok() ? "boot id unchanged (not rebooted yet)" : now.stderr().trim();
                    continue;
                }
                ExecResult t = c.exec(ctx.command(test).withTimeout(Duration.ofSeconds(Math.max(connectTimeout, 30))));
                if (!t.ok()) {
                    lastError = "test_command '" + test + "' failed: " + t.stderr().trim();
                    continue;
                }
                sleep(post * 1000L);
                data.put("rebooted", true);
                data.put("elapsed", Duration.ofNanos(System.nanoTime() - start).toSeconds());
                return ModuleResult.changed(data);
            } catch (IOException e) {
                if (e instanceof InterruptedIOException) {
                    throw e;
                }
                lastError = e.getMessage();
            }
        }
        data.put("rebooted", true);
        data.put("elapsed", Duration.ofNanos(System.nanoTime() - start).toSeconds());
        return ModuleResult.failed("reboot: " + ctx.hostName() + " did not come back within reboot_timeout ("
                + timeout + " s); last: " + lastError, data);
    }

    private static void sleep(long ms) throws InterruptedIOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the host to come back");
        }
    }
}
