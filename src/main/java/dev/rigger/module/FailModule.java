package dev.rigger.module;

import java.util.Map;

/** fail: fails the task with a message. */
public final class FailModule implements Module {
    private static final ModuleSpec SPEC = ModuleSpec.builder().args("msg").build();

    @Override
    public String name() {
        return "fail";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    public ModuleResult run(Map<String, Object> args, ModuleContext ctx) {
        return ModuleResult.failed(String.valueOf(args.getOrDefault("msg", "Failed as requested from task")));
    }
}
