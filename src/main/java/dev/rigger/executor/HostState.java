package dev.rigger.executor;

import dev.rigger.connection.Connection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run knows of one host: its connection, facts and variables set by tasks. Used by its own host's thread,
 * except that a task of another host with {@code delegate_facts} writes this host's facts: the fact maps are
 * synchronized (read them whole through {@link #copy}).
 */
final class HostState {
    final String name;
    Connection connection;
    /**
     * The connections this host's tasks opened elsewhere (delegate_to, or a task's own connection / remote_user /
     * port), by {@code HostLink.routeKey}: reused by later tasks of this host, closed with its own.
     */
    final Map<String, Connection> routes = new LinkedHashMap<>();
    final Map<String, Object> facts = Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<String, Object> setFacts = Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<String, Object> includeVars = Collections.synchronizedMap(new LinkedHashMap<>());
    volatile boolean unreachable;
    boolean failedThisPlay;
    boolean endedThisPlay;

    HostState(String name) {
        this.name = name;
    }

    /** A snapshot of one of this host's synchronized maps, taken under its lock. */
    static Map<String, Object> copy(Map<String, Object> m) {
        synchronized (m) {
            return new LinkedHashMap<>(m);
        }
    }

    /** Closes the connection and those of {@link #routes}, if any (best effort: a lost link is closed already). */
    void closeConnection() {
        close(connection);
        connection = null;
        routes.values().forEach(HostState::close);
        routes.clear();
    }

    static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // closing is best effort
            }
        }
    }
}
