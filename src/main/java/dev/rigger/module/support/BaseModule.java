package dev.rigger.module.support;

import dev.rigger.RiggerException;
import dev.rigger.module.Module;
import dev.rigger.module.ModuleContext;
import dev.rigger.module.ModuleResult;
import java.io.IOException;
import java.util.Map;

/** Turns argument errors, failed host steps and missing controller files into failed results with a message. */
public abstract class BaseModule implements Module {

    @Override
    public final ModuleResult run(Map<String, Object> args, ModuleContext ctx) throws IOException {
        try {
            return execute(new Args(args), ctx);
        } catch (ArgException | Content.WriteFailed e) {
            return ModuleResult.failed(e.getMessage());
        } catch (RiggerException e) {
            return ModuleResult.failed(e.getMessage());
        }
    }

    protected abstract ModuleResult execute(Args a, ModuleContext ctx) throws IOException;
}
