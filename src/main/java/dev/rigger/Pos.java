package dev.rigger;

/** A place in a source file: 1-based line and column. Travels with every parsed node for error messages. */
public record Pos(String file, int line, int column) {
    public static final Pos UNKNOWN = new Pos("<unknown>", 0, 0);

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column : file;
    }
}
