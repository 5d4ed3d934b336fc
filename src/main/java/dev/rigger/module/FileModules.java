package dev.rigger.module;

import java.util.List;

/** The modules of this group: copy, template, file, lineinfile, blockinfile, stat, get_url, unarchive, tempfile, find. */
public final class FileModules {
    private FileModules() {
    }

    public static List<Module> all() {
        return List.of(new CopyModule(), new TemplateModule(), new FileModule(), new LineinfileModule(),
                new BlockinfileModule(), new StatModule(), new GetUrlModule(), new UnarchiveModule(),
                new TempfileModule(), new FindModule());
    }
}
