package dev.rigger.module;

import dev.rigger.connection.Command;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.CommandRun;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ansible.builtin.raw: the text as-is through the host's shell (or {@code executable}), become applied, the
 * task environment not (as Ansible). Always changed; rc != 0 fails; skipped in check mode.
 */
public final class RawModule extends BaseModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .freeForm()
            .args("executable")
            .checkMode(ModuleSpec.CheckMode.NONE)
            .build();

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        if (ctx.checkMode()) {
            return new ModuleResult(ModuleResult.Status.SKIPPED, Map.of(), null, null, false);
        }
        String text = a.str("_raw_params", "");
        if (text.isBlank()) {
            return ModuleResult.failed("no command given");
        }
        String script = a.has("executable") ? "exec " + Shell.quote(a.str("executable")) + " -c " + Shell.quote(text)
                : text;
        ExecResult r = ctx.connection().exec(Command.of(script).withBecome(ctx.become()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rc", r.rc());
        data.put("stdout", r.stdout());
        data.put("stdout_lines", CommandRun.rstrip(r.stdout()).lines().toList());
        data.put("stderr", r.stderr());
        data.put("stderr_lines", CommandRun.rstrip(r.stderr()).lines().toList());
        if (r.rc() != 0) {
            data.put("changed", true); // as Ansible: raw ran, so its failed result says changed=true
            return ModuleResult.failed("non-zero return code", data);
        }
        return ModuleResult.changed(data);
    }
}
