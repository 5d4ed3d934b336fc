package dev.rigger.yaml;

/** A parsed YAML collection that remembers where it starts. */
public interface Located {
    Pos pos();
}
