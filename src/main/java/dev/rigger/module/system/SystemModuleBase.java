package dev.rigger.module.system;

import dev.rigger.module.Module;
import dev.rigger.module.ModuleContext;
import dev.rigger.module.ModuleResult;
import java.io.IOException;
import java.util.Map;

/** Shared frame of the system modules: typed arguments, and bad arguments reported as a failed task. */
public abstract class SystemModuleBase implements Module {

    @Override
    public final ModuleResult run(Map<String, Object> args, ModuleContext ctx) throws IOException {
        try {
            return execute(new Args(name(), args), ctx);
        } catch (ArgException e) {
            return ModuleResult.failed(e.getMessage());
        }
    }

    /** The module's work: inspect, then (outside check mode) change only what differs. */
    protected abstract ModuleResult execute(Args args, ModuleContext ctx) throws IOException;
}
