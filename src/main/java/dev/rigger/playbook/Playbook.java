package dev.rigger.playbook;

import java.nio.file.Path;
import java.util.List;

/**
 * A parsed playbook file: its plays, in order (import_playbook already expanded), and what loaded but is worth a
 * warning ("file:line:col: message": a module that is Ansible's but not rigger's).
 */
public record Playbook(Path file, List<Play> plays, List<String> warnings) {
    public Playbook {
        plays = List.copyOf(plays);
        warnings = List.copyOf(warnings);
    }

    public Playbook(Path file, List<Play> plays) {
        this(file, plays, List.of());
    }
}
