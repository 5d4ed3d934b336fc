package dev.rigger.module.support;

import dev.rigger.RiggerException;

/** A module argument is missing, malformed or conflicts with another; the module reports it as failed. */
public final class ArgException extends RiggerException {
    public ArgException(String message) {
        super(message);
    }
}
