package dev.rigger.module;

import dev.rigger.connection.Become;
import dev.rigger.connection.Connection;
import dev.rigger.Pos;
import java.nio.file.Path;
import java.util.Map;

/** A ModuleContext for module tests: a real connection, check/diff switches, no templating. */
public record SystemTestContext(Connection connection, boolean checkMode, boolean diffMode,
                                Map<String, String> environment) implements ModuleContext {

    public SystemTestContext(Connection connection) {
        this(connection, false, true, Map.of());
    }

    public SystemTestContext check() {
        return new SystemTestContext(connection, true, diffMode, environment);
    }

    public SystemTestContext withEnv(Map<String, String> env) {
        return new SystemTestContext(connection, checkMode, diffMode, env);
    }

    @Override
    public String hostName() {
        return connection.host();
    }

    @Override
    public Become become() {
        return null;
    }

    @Override
    public Map<String, Object> vars() {
        return Map.of();
    }

    @Override
    public Object template(Object value) {
        return value;
    }

    @Override
    public String templateText(String text, Map<String, Object> extraVars) {
        return text;
    }

    @Override
    public boolean evaluate(String expression) {
        return Boolean.parseBoolean(expression.trim());
    }

    @Override
    public Path findFile(String src, String kind) {
        return Path.of(src);
    }

    @Override
    public Pos pos() {
        return Pos.UNKNOWN;
    }
}
