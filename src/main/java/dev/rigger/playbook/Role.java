package dev.rigger.playbook;

import java.nio.file.Path;
import java.util.Map;

/**
 * A loaded role. Its tasks and handlers live in the play's lists (with this role in their attrs).
 *
 * @param name     role name
 * @param path     role folder
 * @param defaults defaults/main.yml (lowest precedence)
 * @param vars     vars/main.yml (high precedence)
 */
public record Role(String name, Path path, Map<String, Object> defaults, Map<String, Object> vars) {
    @Override
    public boolean equals(Object o) {
        return o instanceof Role r && r.path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return "Role[" + name + "]";
    }
}
