package dev.rigger.playbook;

import java.nio.file.Path;
import java.util.List;

/** A parsed playbook file: its plays, in order (import_playbook already expanded). */
public record Playbook(Path file, List<Play> plays) {
}
