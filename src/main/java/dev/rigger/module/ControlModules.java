package dev.rigger.module;

import java.util.List;

/** The modules of this group: debug, assert, fail, set_fact, include_vars, setup, ping, async_status. */
public final class ControlModules {
    private ControlModules() {
    }

    public static List<Module> all() {
        return List.of(new DebugModule(), new AssertModule(), new FailModule(), new SetFactModule(),
                new IncludeVarsModule(), new SetupModule(), new PingModule(), new AsyncStatusModule());
    }
}
