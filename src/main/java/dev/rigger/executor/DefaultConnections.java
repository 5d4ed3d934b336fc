package dev.rigger.executor;

import dev.rigger.api.RunOptions;
import dev.rigger.connection.Connection;
import dev.rigger.connection.LocalConnection;
import dev.rigger.connection.UnreachableException;
import java.io.IOException;
import java.util.Map;

/** Opens local or SSH connections from a host's connection variables and the run's options. */
public final class DefaultConnections implements ConnectionProvider {
    private final RunOptions options;

    public DefaultConnections(RunOptions options) {
        this.options = options;
    }

    @Override
    public Connection open(String host, Map<String, Object> vars) throws IOException {
        Object c = options.connection() != null ? options.connection() : vars.get("ansible_connection");
        if (c == null && (host.equals("localhost") || host.equals("127.0.0.1")) && !vars.containsKey("ansible_host")) {
            c = "local";
        }
        if ("local".equals(String.valueOf(c))) {
            return new LocalConnection(host);
        }
        throw new UnreachableException("ssh connections are not available in this build");
    }
}
