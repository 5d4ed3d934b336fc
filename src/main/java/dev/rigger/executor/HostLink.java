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
        Lost(String msg) {
            super(msg, null, false, false);
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
            Map<String, Object> vars = play.lazy(play.merged(hs, null, null, null, null));
            Map<String, Object> conn = new LinkedHashMap<>(ConnectionVar.select(vars));
            // the play's remote_user / connection / port keywords, where no host variable says otherwise
            play.play.connectionVars().forEach((k, v) -> {
                if (!conn.containsKey(k)) {
                    conn.put(k, ctx.templar().render(v, vars));
                }
            });
            try {
                hs.connection = ctx.connections().open(hs.name, conn);
                hs.connection.warnings().forEach(w -> ctx.bus().warning(hs.name + ": " + w));
            } catch (UnreachableException e) {
                throw new Lost(e.getMessage());
            } catch (IOException e) {
                throw new Lost("failed to connect to the host: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new Lost(e.getMessage()); // a connection setting that cannot be honoured
            }
        }
        return hs.connection;
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
}
