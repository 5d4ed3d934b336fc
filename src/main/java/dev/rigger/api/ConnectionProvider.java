package dev.rigger.api;

import dev.rigger.connection.Connection;
import java.io.IOException;
import java.util.Map;

/** Opens the connection to a host from its (templated) variables. */
@FunctionalInterface
public interface ConnectionProvider {
    /** @throws dev.rigger.connection.UnreachableException when the host cannot be reached */
    Connection open(String host, Map<String, Object> hostVars) throws IOException;
}
