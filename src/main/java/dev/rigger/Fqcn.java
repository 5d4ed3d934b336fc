package dev.rigger;

import java.util.List;

/**
 * The collection prefixes under which rigger finds what it implements: {@code ansible.builtin.copy} and
 * {@code ansible.legacy.copy} are {@code copy}; {@code ansible.posix.} and {@code community.general.} name the
 * collection modules rigger ships.
 */
public final class Fqcn {
    public static final List<String> PREFIXES = List.of("ansible.builtin.", "ansible.legacy.", "ansible.posix.",
            "community.general.");

    private Fqcn() {
    }

    /** The short name of {@code name}: its known collection prefix removed, or {@code name} itself. */
    public static String strip(String name) {
        for (String p : PREFIXES) {
            if (name.startsWith(p)) {
                return name.substring(p.length());
            }
        }
        return name;
    }
}
