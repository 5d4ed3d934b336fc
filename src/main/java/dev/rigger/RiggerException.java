package dev.rigger;


/** Any error rigger reports to a user: carries the source position when one is known. */
public class RiggerException extends RuntimeException {
    private final transient Pos pos;

    public RiggerException(String message) {
        this(message, null, null);
    }

    public RiggerException(String message, Pos pos) {
        this(message, pos, null);
    }

    public RiggerException(String message, Pos pos, Throwable cause) {
        super(message, cause);
        this.pos = pos;
    }

    public Pos pos() {
        return pos;
    }

    /** The message with its position in front, as printed to users. */
    public String describe() {
        return pos == null || pos.line() == 0 ? getMessage() : pos + ": " + getMessage();
    }
}
