package dev.rigger.connection;

import java.io.IOException;

/** The host could not be reached, or the connection to it was lost. The host is reported UNREACHABLE. */
public class UnreachableException extends IOException {
    public UnreachableException(String message) {
        super(message);
    }

    public UnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
