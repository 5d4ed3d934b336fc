package dev.rigger.yaml;

import java.util.ArrayList;

/** A YAML sequence that knows its position. */
public final class YList extends ArrayList<Object> implements Located {
    private final Pos pos;

    public YList(Pos pos) {
        this.pos = pos;
    }

    @Override
    public Pos pos() {
        return pos;
    }
}
