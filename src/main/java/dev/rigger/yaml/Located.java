package dev.rigger.yaml;

import dev.rigger.Pos;

/** A parsed YAML collection that remembers where it starts. */
public interface Located {
    Pos pos();
}
