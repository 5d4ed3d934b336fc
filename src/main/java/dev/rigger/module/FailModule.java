package dev.rigger.module;

import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;

/** fail: fails the task with a message. */
public final class FailModule extends BaseModule {
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
    protected ModuleResult execute(Args a, ModuleContext ctx) {
        return ModuleResult.failed(a.has("msg") ? String.valueOf(a.raw("msg")) : "Failed as requested from task");
    }
}
