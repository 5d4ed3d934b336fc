package dev.rigger.module.system;

import dev.rigger.RiggerException;

/** A module argument is missing, has the wrong type or an unknown value. Reported as a failed task. */
public class ArgException extends RiggerException {
    public ArgException(String message) {
        super(message);
    }
}
