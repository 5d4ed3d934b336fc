package dev.rigger.module;

import java.util.List;

/** The modules of this group: command, shell, raw, wait_for. */
public final class CommandModules {
    private CommandModules() {
    }

    public static List<Module> all() {
        return List.of(new CommandModule(), new ShellModule(), new RawModule(), new WaitForModule());
    }
}
