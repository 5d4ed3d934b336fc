package dev.rigger.executor;

import dev.rigger.Pos;
import dev.rigger.connection.Become;
import dev.rigger.connection.Command;
import dev.rigger.connection.Connection;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.FileAccess;
import dev.rigger.module.Module;
import dev.rigger.module.ModuleContext;
import dev.rigger.module.ModuleResult;
import dev.rigger.module.system.Reconnector;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A time limit around one module run (the {@code timeout} keyword, a polled {@code async} of a module rigger runs from
 * the controller): every command the module runs on the rig is given at most the time left, so that the connection
 * ends it there (its whole process tree) when the limit passes, and the host's connection stays usable; the module's
 * result is then replaced by the limit's failure. Work between commands (SFTP transfers, the controller's own work)
 * is not cut short, only judged once it returns.
 */
final class TaskDeadline {
    private final long deadline;

    /** Thrown by a command of the module's once the limit has passed, to stop the module there. */
    static final class Expired extends RuntimeException {
        private final transient TaskDeadline which;

        Expired(TaskDeadline which) {
            super("the task's time limit passed", null, false, false);
            this.which = which;
        }
    }

    TaskDeadline(Duration limit) {
        this.deadline = System.nanoTime() + limit.toNanos();
    }

    boolean passed() {
        return System.nanoTime() - deadline >= 0;
    }

    private Duration left() {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** {@code module} run under this limit: its result, or {@code expired}'s when the limit passed. */
    ModuleResult run(Module module, Map<String, Object> args, ModuleContext mc, Supplier<ModuleResult> expired)
            throws IOException {
        return run(() -> module.run(args, around(mc)), expired);
    }

    /** {@code work} (which runs its commands through {@link #around}) under this limit. */
    ModuleResult run(Work work, Supplier<ModuleResult> expired) throws IOException {
        try {
            ModuleResult r = work.run();
            return passed() ? expired.get() : r;
        } catch (Expired e) {
            if (e.which != this) {
                throw e;
            }
            return expired.get();
        }
    }

    /** A module's work that may fail on the rig. */
    @FunctionalInterface
    interface Work {
        ModuleResult run() throws IOException;
    }

    /** {@code mc} with its connection bounded by this limit. */
    ModuleContext around(ModuleContext mc) {
        return new Bounded(mc);
    }

    private final class Bounded implements ModuleContext, Reconnector {
        private final ModuleContext mc;

        Bounded(ModuleContext mc) {
            this.mc = mc;
        }

        @Override
        public Connection connection() {
            return new BoundedConnection(mc.connection());
        }

        @Override
        public Connection reconnect(Duration timeout) throws IOException {
            if (!(mc instanceof Reconnector r)) {
                throw new IOException("cannot reconnect to " + mc.hostName());
            }
            return new BoundedConnection(r.reconnect(timeout));
        }

        @Override
        public String hostName() {
            return mc.hostName();
        }

        @Override
        public boolean checkMode() {
            return mc.checkMode();
        }

        @Override
        public boolean diffMode() {
            return mc.diffMode();
        }

        @Override
        public Become become() {
            return mc.become();
        }

        @Override
        public Map<String, String> environment() {
            return mc.environment();
        }

        @Override
        public Map<String, Object> vars() {
            return mc.vars();
        }

        @Override
        public Object template(Object value) {
            return mc.template(value);
        }

        @Override
        public String templateText(String text, Map<String, Object> extraVars) {
            return mc.templateText(text, extraVars);
        }

        @Override
        public boolean evaluate(String expression) {
            return mc.evaluate(expression);
        }

        @Override
        public Path findFile(String src, String kind) {
            return mc.findFile(src, kind);
        }

        @Override
        public dev.rigger.vault.Vault vault() {
            return mc.vault();
        }

        @Override
        public Pos pos() {
            return mc.pos();
        }
    }

    private final class BoundedConnection implements Connection {
        private final Connection c;

        BoundedConnection(Connection c) {
            this.c = c;
        }

        private void check() {
            if (passed()) {
                throw new Expired(TaskDeadline.this);
            }
        }

        @Override
        public String host() {
            return c.host();
        }

        @Override
        public ExecResult exec(Command command) throws IOException {
            check();
            Duration left = left();
            ExecResult r = c.exec(command.timeout().compareTo(left) > 0 ? command.withTimeout(left) : command);
            if (r.rc() == ExecResult.RC_TIMEOUT) {
                check();
            }
            return r;
        }

        @Override
        public void writeFileAtomic(String path, byte[] content, String mode, Become become) throws IOException {
            check();
            c.writeFileAtomic(path, content, mode, become);
        }

        @Override
        public byte[] readFile(String path, long maxBytes, Become become) throws IOException {
            check();
            return c.readFile(path, maxBytes, become);
        }

        @Override
        public FileAccess files(Become become) {
            check();
            return c.files(become);
        }

        @Override
        public void close() {
            c.close();
        }

        @Override
        public List<String> warnings() {
            return c.warnings();
        }
    }
}
