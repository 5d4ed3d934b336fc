package dev.rigger.module.support;

/** A module argument is missing, malformed or conflicts with another; the module reports it as failed. */
public final class ArgException extends RuntimeException {
    public ArgException(String message) {
        super(message);
    }
}
