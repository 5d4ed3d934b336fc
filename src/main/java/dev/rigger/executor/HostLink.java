package dev.rigger.executor;

import dev.rigger.connection.Connection;
import dev.rigger.connection.ConnectionVar;
import dev.rigger.connection.UnreachableException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A host's one connection: opened on first use from its connection variables ({@link ConnectionVar}) and the play's
 * remote_user / connection / port keywords, reused by every task, reopened after a reboot.
 */
final class HostLink {
    private final RunContext ctx;
    private final PlayRun play;
    private final HostState hs;

    /** The connection could not be opened or was lost: the host is unreachable from here on. */
    static final class Lost extends RuntimeException {
        /** A delegated task's {@code _ansible_delegated_vars} (the console names the host that was lost), or empty. */
        final Map<String, Object> delegation;

        Lost(String msg) {
            this(msg, Map.of());
        }

        Lost(String msg, Map<String, Object> delegation) {
            super(msg, null, false, false);
            this.delegation = delegation;
        }
    }

    HostLink(RunContext ctx, PlayRun play, HostState hs) {
        this.ctx = ctx;
        this.play = play;
        this.hs = hs;
    }

    /** The open connection. @throws Lost when it cannot be opened */
    Connection connection() {
        if (hs.connection == null) {
            hs.connection = open(hs.name, ownSettings());
        }
        return hs.connection;
    }

    /**
     * The connection of a task that runs elsewhere ({@link Delegation.Target}: a delegate_to host, or this host with
     * a task's own connection settings): opened on first use, kept in {@link HostState#routes} under the host and
     * its effective settings for this host's later tasks, closed with the host's own connection.
     */
    Connection connection(Delegation.Target target) {
        if (target.own()) {
            return connection();
        }
        String key = target.key(hs.name);
        Connection c = hs.routes.get(key);
        if (c == null) {
            c = open(target.host(hs.name), target.settings());
            hs.routes.put(key, c);
        }
        return c;
    }

    /** The host's own connection settings: its connection variables, then the play's keywords. */
    Map<String, Object> ownSettings() {
        Map<String, Object> vars = play.lazy(play.merged(hs, null, null, null, null));
        Map<String, Object> conn = new LinkedHashMap<>(ConnectionVar.select(vars));
        // the play's remote_user / connection / port keywords, where no host variable says otherwise
        play.play.connectionVars().forEach((k, v) -> {
            if (!conn.containsKey(k)) {
                conn.put(k, ctx.templar().render(v, vars));
            }
        });
        return conn;
    }

    private Connection open(String host, Map<String, Object> conn) {
        try {
            Connection c = ctx.connections().open(host, conn);
            c.warnings().forEach(w -> ctx.bus().warning(host + ": " + w));
            return c;
        } catch (UnreachableException e) {
            throw new Lost(e.getMessage());
        } catch (IOException e) {
            throw new Lost("failed to connect to the host: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Lost(e.getMessage()); // a connection setting that cannot be honoured
        }
    }

    /** Closes the host's connection and opens a new one (after a reboot). */
    Connection reconnect() throws IOException {
        hs.closeConnection();
        try {
            return connection();
        } catch (Lost u) {
            throw new UnreachableException(u.getMessage());
        }
    }

    /** Closes {@code target}'s connection and opens a new one (after a reboot of a delegated host). */
    Connection reconnect(Delegation.Target target) throws IOException {
        if (target.own()) {
            return reconnect();
        }
        HostState.close(hs.routes.remove(target.key(hs.name)));
        try {
            return connection(target);
        } catch (Lost u) {
            throw new UnreachableException(u.getMessage());
        }
    }
}
