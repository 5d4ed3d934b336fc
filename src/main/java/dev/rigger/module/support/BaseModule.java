package dev.rigger.module.support;

import dev.rigger.RiggerException;
import dev.rigger.module.Module;
import dev.rigger.module.ModuleContext;
import dev.rigger.module.ModuleResult;
import java.io.IOException;
import java.util.Map;

/**
 * The one frame of rigger's modules: typed arguments ({@link Args}), and argument errors, failed host steps and
 * missing controller files turned into failed results with a message.
 */
public abstract class BaseModule implements Module {

    @Override
    public final ModuleResult run(Map<String, Object> args, ModuleContext ctx) throws IOException {
        try {
            return execute(new Args(name(), args, spec()), ctx);
        } catch (Content.WriteFailed e) {
            return ModuleResult.failed(e.getMessage());
        } catch (RiggerException e) {
            // ArgException is one too
            return ModuleResult.failed(e.getMessage());
        }
    }

    /** The module's work: inspect, then (outside check mode) change only what differs. */
    protected abstract ModuleResult execute(Args a, ModuleContext ctx) throws IOException;
}
