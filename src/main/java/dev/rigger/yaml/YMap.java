package dev.rigger.yaml;

import dev.rigger.Pos;
import java.util.LinkedHashMap;
import java.util.Map;

/** A YAML mapping: an ordinary ordered map that also knows its own position and each key's position. */
public final class YMap extends LinkedHashMap<String, Object> implements Located {
    private final Pos pos;
    private final Map<String, Pos> keyPos = new LinkedHashMap<>();

    public YMap(Pos pos) {
        this.pos = pos;
    }

    @Override
    public Pos pos() {
        return pos;
    }

    /** Where {@code key} was written, or the map's own position. */
    public Pos posOf(String key) {
        return keyPos.getOrDefault(key, pos);
    }

    void putAt(String key, Object value, Pos at) {
        put(key, value);
        keyPos.put(key, at);
    }
}
