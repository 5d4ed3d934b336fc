package dev.rigger.module;

import java.util.List;

/** The modules of this group: copy, template, file, lineinfile, blockinfile, stat, get_url, unarchive, tempfile, find. */
public final class FileModules {
    private FileModules() {
    }

    public static List<Module> all() {
        return List.of();
    }
}
