package dev.rigger.lab;

import dev.rigger.RiggerException;

/** The lab could not do what was asked: the message says what failed and what to do. */
public class LabException extends RiggerException {
    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
