package dev.rigger.module;

import dev.rigger.Shlex;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.AsyncJob;
import dev.rigger.module.support.ArgException;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.CommandRun;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * ansible.builtin.command: runs argv without a shell (free-form text is split like shlex; $VAR and ~ are expanded
 * as Ansible's run_command does, nothing else). Always changed; rc != 0 fails; check mode skips unless
 * creates/removes decide.
 */
public final class CommandModule extends BaseModule implements AsyncModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .freeForm()
            .args("cmd", "argv", "chdir", "creates", "removes", "stdin")
            .checkMode(ModuleSpec.CheckMode.PARTIAL)
            .bool("stdin_add_newline", "strip_empty_ends")
            .list("argv")
            .path("chdir", "creates", "removes")
            .build();

    @Override
    public String name() {
        return "command";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        List<String> argv = argv(a);
        if (argv.isEmpty()) {
            Map<String, Object> d = new java.util.LinkedHashMap<>();
            d.put("rc", 256);
            return ModuleResult.failed("no command given", d);
        }
        return CommandRun.run(ctx, a, argv, exec(argv));
    }

    @Override
    public AsyncJob.Spec job(Map<String, Object> args) {
        Args a = new Args(name(), args, spec());
        List<String> argv = argv(a);
        if (argv.isEmpty()) {
            throw new ArgException("no command given");
        }
        return CommandRun.job(a, argv, exec(argv));
    }

    private static List<String> argv(Args a) {
        String text = a.has("_raw_params") ? a.str("_raw_params") : a.str("cmd");
        boolean hasText = text != null && !text.isBlank();
        if (hasText && a.has("argv")) {
            throw new ArgException("only command or argv can be given, not both");
        }
        return hasText ? words(text) : a.list("argv");
    }

    private static String exec(List<String> argv) {
        return "exec " + argv.stream().map(CommandRun::expandingWord).collect(Collectors.joining(" "));
    }

    private static List<String> words(String text) {
        try {
            return Shlex.split(text);
        } catch (IllegalArgumentException e) {
            throw new ArgException(e.getMessage() + " in: " + text);
        }
    }
}
