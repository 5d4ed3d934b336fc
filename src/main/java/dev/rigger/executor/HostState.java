package dev.rigger.executor;

import dev.rigger.connection.Connection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

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
    /** Ansible's {@code ansible_facts}: the names without their {@code ansible_} prefix. */
    final Map<String, Object> facts = Collections.synchronizedMap(new LinkedHashMap<>());
    /** True once Gathering Facts ran for the host in this run (ansible.cfg's gathering = smart). */
    volatile boolean gathered;
    /**
     * The names of {@link #facts} that a module returned without the {@code ansible_} prefix ({@code getent_passwd},
     * {@code ansible_local}): Ansible injects a fact as a variable under the name the module gave it.
     */
    private final Set<String> plainFacts = Collections.synchronizedSet(new HashSet<>());
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

    /**
     * Adds a module's {@code ansible_facts} (names as the module returned them) to {@link #facts}, as Ansible's
     * {@code namespace_facts}: {@code ansible_X} is stored as {@code X}, another name (and ansible_local) as it is.
     */
    void addFacts(Map<String, Object> returned) {
        synchronized (facts) {
            for (Map.Entry<String, Object> e : returned.entrySet()) {
                String k = e.getKey();
                if (k.startsWith("ansible_") && !k.equals("ansible_local")) {
                    plainFacts.remove(k.substring(8));
                    facts.put(k.substring(8), e.getValue());
                } else {
                    plainFacts.add(k);
                    facts.put(k, e.getValue());
                }
            }
        }
    }

    /** Forgets every fact (meta: clear_facts). */
    void clearFacts() {
        synchronized (facts) {
            facts.clear();
            plainFacts.clear();
        }
    }

    /**
     * The facts as the variables Ansible injects (INJECT_FACTS_AS_VARS): each under the name its module gave it,
     * {@code ansible_distribution} for setup's {@code distribution}, {@code getent_passwd} for getent's.
     */
    Map<String, Object> factVars() {
        Map<String, Object> out = new LinkedHashMap<>();
        synchronized (facts) {
            for (Map.Entry<String, Object> e : facts.entrySet()) {
                out.put(plainFacts.contains(e.getKey()) ? e.getKey() : "ansible_" + e.getKey(), e.getValue());
            }
        }
        return out;
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
