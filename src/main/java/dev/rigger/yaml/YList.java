package dev.rigger.yaml;

import dev.rigger.Pos;
import java.util.ArrayList;

/** A YAML sequence that knows its position. */
public final class YList extends ArrayList<Object> implements Located {
    private final Pos pos;
    private final java.util.List<Pos> itemPos = new java.util.ArrayList<>();

    public YList(Pos pos) {
        this.pos = pos;
    }

    @Override
    public Pos pos() {
        return pos;
    }

    /** Where item {@code i} was written, or the list's own position. */
    public Pos posOf(int i) {
        return i >= 0 && i < itemPos.size() ? itemPos.get(i) : pos;
    }

    void addAt(Object value, Pos at) {
        add(value);
        itemPos.add(at);
    }
}
