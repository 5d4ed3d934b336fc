package dev.rigger.module;

import dev.rigger.RiggerException;
import dev.rigger.connection.Become;
import dev.rigger.connection.Connection;
import dev.rigger.connection.LocalConnection;
import dev.rigger.Pos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import dev.rigger.template.Templar;

/**
 * A test-only ModuleContext over a real {@link LocalConnection} that counts round trips, templating with the real
 * {@link Templar}.
 */
final class TestContext implements ModuleContext {
    private static final Templar TEMPLAR = new Templar();
    private final CountingConnection connection;
    private final boolean check;
    private final boolean diff;
    private final Path controllerDir;
    private final Map<String, Object> vars;
    private Map<String, String> env = Map.of();

    TestContext(boolean check, boolean diff, Path controllerDir, Map<String, Object> vars) {
        this(check, diff, controllerDir, vars, false);
    }

    /** {@code direct}: modules may use the connection's {@link dev.rigger.connection.FileAccess} (else the shell). */
    TestContext(boolean check, boolean diff, Path controllerDir, Map<String, Object> vars, boolean direct) {
        this.connection = new CountingConnection(new LocalConnection("localhost"), direct);
        this.check = check;
        this.diff = diff;
        this.controllerDir = controllerDir;
        this.vars = vars;
    }

    static TestContext normal(Path controllerDir) {
        return new TestContext(false, false, controllerDir, Map.of());
    }

    static TestContext check(Path controllerDir) {
        return new TestContext(true, true, controllerDir, Map.of());
    }

    static TestContext diff(Path controllerDir) {
        return new TestContext(false, true, controllerDir, Map.of());
    }

    /** How many commands (round trips) ran so far. */
    int roundTrips() {
        return connection.count.get();
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public String hostName() {
        return "localhost";
    }

    @Override
    public boolean checkMode() {
        return check;
    }

    @Override
    public boolean diffMode() {
        return diff;
    }

    @Override
    public Become become() {
        return null;
    }

    @Override
    public Map<String, String> environment() {
        return env;
    }

    /** Sets the task's environment (e.g. a PATH without some tools). */
    TestContext withEnvironment(Map<String, String> e) {
        this.env = Map.copyOf(e);
        return this;
    }

    @Override
    public Map<String, Object> vars() {
        return vars;
    }

    @Override
    public Object template(Object value) {
        return TEMPLAR.render(value, vars);
    }

    @Override
    public String templateText(String text, Map<String, Object> extraVars) {
        Map<String, Object> all = new HashMap<>(vars);
        all.putAll(extraVars);
        return TEMPLAR.renderText(text, all);
    }

    @Override
    public boolean evaluate(String expression) {
        return TEMPLAR.evaluate(expression, vars);
    }

    @Override
    public Path findFile(String src, String kind) {
        Path p = Path.of(src);
        if (p.isAbsolute()) {
            if (Files.exists(p)) {
                return p;
            }
            throw new RiggerException("Could not find or access '" + src + "'");
        }
        for (Path c : new Path[] {controllerDir.resolve(kind).resolve(src), controllerDir.resolve(src)}) {
            if (Files.exists(c)) {
                return c;
            }
        }
        throw new RiggerException("Could not find or access '" + src + "' in " + controllerDir.resolve(kind)
                + " or " + controllerDir);
    }

    @Override
    public Pos pos() {
        return Pos.UNKNOWN;
    }

    /** Counts exec and write calls: each is one round trip to the host. */
    private static final class CountingConnection implements Connection {
        private final Connection inner;
        private final boolean direct;
        private final AtomicInteger count = new AtomicInteger();

        CountingConnection(Connection inner, boolean direct) {
            this.inner = inner;
            this.direct = direct;
        }

        @Override
        public dev.rigger.connection.FileAccess files(Become become) {
            return direct ? inner.files(become) : null;
        }

        @Override
        public String host() {
            return inner.host();
        }

        @Override
        public dev.rigger.connection.ExecResult exec(dev.rigger.connection.Command command) throws java.io.IOException {
            count.incrementAndGet();
            return inner.exec(command);
        }

        @Override
        public void writeFileAtomic(String path, byte[] content, String mode, Become become) throws java.io.IOException {
            count.incrementAndGet();
            inner.writeFileAtomic(path, content, mode, become);
        }

        @Override
        public byte[] readFile(String path, long maxBytes, Become become) throws java.io.IOException {
            count.incrementAndGet();
            return inner.readFile(path, maxBytes, become);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
