package dev.rigger.vault;

import dev.rigger.Pos;
import dev.rigger.RiggerException;

/** A vault problem (no secret, wrong password, malformed vault text). Its message never holds a secret. */
public final class VaultException extends RiggerException {
    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, Pos pos) {
        super(message, pos);
    }
}
