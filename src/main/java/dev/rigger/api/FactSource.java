package dev.rigger.api;

import dev.rigger.connection.Connection;
import java.io.IOException;
import java.util.Map;

/** Gathers a host's facts (keys without the ansible_ prefix) over its connection. */
@FunctionalInterface
public interface FactSource {
    Map<String, Object> gather(Connection connection) throws IOException;
}
