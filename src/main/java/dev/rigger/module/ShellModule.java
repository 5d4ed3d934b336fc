package dev.rigger.module;

import dev.rigger.connection.Shell;
import dev.rigger.module.support.ArgException;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.AsyncJob;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.CommandRun;
import java.io.IOException;
import java.util.Map;

/** ansible.builtin.shell: runs text through /bin/sh (or {@code executable}); otherwise like command. */
public final class ShellModule extends BaseModule implements AsyncModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .freeForm()
            .args("cmd", "chdir", "creates", "removes", "stdin", "executable")
            .checkMode(ModuleSpec.CheckMode.PARTIAL)
            .bool("stdin_add_newline", "strip_empty_ends")
            .build();

    @Override
    public String name() {
        return "shell";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String text = a.has("_raw_params") ? a.str("_raw_params") : a.str("cmd");
        if (text == null || text.isBlank()) {
            Map<String, Object> d = new java.util.LinkedHashMap<>();
            d.put("rc", 256);
            return ModuleResult.failed("no command given", d);
        }
        return CommandRun.run(ctx, a, text, exec(a, text));
    }

    @Override
    public AsyncJob.Spec job(Map<String, Object> args) {
        Args a = new Args(name(), args, spec());
        String text = a.has("_raw_params") ? a.str("_raw_params") : a.str("cmd");
        if (text == null || text.isBlank()) {
            throw new ArgException("no command given");
        }
        return CommandRun.job(a, text, exec(a, text));
    }

    private static String exec(Args a, String text) {
        return "exec " + Shell.quote(a.str("executable", "/bin/sh")) + " -c " + Shell.quote(text);
    }
}
