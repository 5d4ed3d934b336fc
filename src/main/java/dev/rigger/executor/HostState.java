package dev.rigger.executor;

import dev.rigger.connection.Connection;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a run knows of one host: its connection, facts and variables set by tasks. Used by one thread at a time. */
final class HostState {
    final String name;
    Connection connection;
    final Map<String, Object> facts = new LinkedHashMap<>();
    final Map<String, Object> setFacts = new LinkedHashMap<>();
    final Map<String, Object> includeVars = new LinkedHashMap<>();
    volatile boolean unreachable;
    boolean failedThisPlay;
    boolean endedThisPlay;

    HostState(String name) {
        this.name = name;
    }

    /** Closes the connection, if any (best effort: a lost link is closed already). */
    void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException ignored) {
                // closing is best effort
            }
            connection = null;
        }
    }
}
