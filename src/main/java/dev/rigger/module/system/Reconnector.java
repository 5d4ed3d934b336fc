package dev.rigger.module.system;

import dev.rigger.connection.Connection;
import java.io.IOException;
import java.time.Duration;

/**
 * Opens a fresh connection to the host a task runs on, replacing the one the executor holds (which a reboot cut):
 * later tasks of the host must use the returned connection. The executor provides it, either by passing one to
 * {@link dev.rigger.module.RebootModule#RebootModule(Reconnector)} or by letting its ModuleContext implement this
 * interface.
 */
@FunctionalInterface
public interface Reconnector {
    /**
     * Closes the current connection (ignoring errors) and tries once to open a new one within {@code timeout}.
     *
     * @throws IOException (typically UnreachableException) when the host does not answer yet
     */
    Connection reconnect(Duration timeout) throws IOException;
}
