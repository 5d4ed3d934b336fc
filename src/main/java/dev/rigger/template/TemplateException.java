package dev.rigger.template;

import dev.rigger.RiggerException;
import dev.rigger.Pos;

/** A template could not be rendered: an undefined variable, an unknown filter, a syntax error, a failing filter. */
public class TemplateException extends RiggerException {
    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, null, cause);
    }

    public TemplateException(String message, Pos pos, Throwable cause) {
        super(message, pos, cause);
    }
}
