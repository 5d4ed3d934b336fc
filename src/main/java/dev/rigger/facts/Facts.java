package dev.rigger.facts;

import dev.rigger.connection.Connection;
import java.util.Map;

/** Entry point for fact gathering used by the runner. */
public final class Facts {
    private Facts() {
    }

    public static Map<String, Object> gather(Connection c) {
        return Map.of();
    }
}
