package dev.rigger.module;

import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.Probe;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** ansible.builtin.tempfile: mktemp on the host; always changed; returns the path. Not run in check mode. */
public final class TempfileModule extends BaseModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .args("path", "prefix", "suffix")
            .checkMode(ModuleSpec.CheckMode.NONE)
            .choices("state", "file", "directory")
            .path("path")
            .build();

    @Override
    public String name() {
        return "tempfile";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String state = a.choice("state", "file");
        if (ctx.checkMode()) {
            return new ModuleResult(ModuleResult.Status.SKIPPED, Map.of(), null, null, false);
        }
        String prefix = a.str("prefix", "ansible.");
        String suffix = a.str("suffix", "");
        StringBuilder s = new StringBuilder("mktemp");
        if (state.equals("directory")) {
            s.append(" -d");
        }
        s.append(a.has("path") ? " -p " + Shell.quote(a.str("path")) : " -p \"${TMPDIR:-/tmp}\"");
        if (!suffix.isEmpty()) {
            s.append(" --suffix=").append(Shell.quote(suffix));
        }
        s.append(" -- ").append(Shell.quote(prefix + "XXXXXXXX"));
        Probe p = new Probe().shell("p=$(" + s + ") || exit 1").value("path", "printf '%s' \"$p\"").stat("t", "\"$p\"");
        ExecResult r = ctx.run(p.script());
        if (r.rc() != 0) {
            return ModuleResult.failed("could not create the temporary " + state + ": " + r.stderr().trim());
        }
        Probe.Result pr = Probe.parse(r.stdoutBytes());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("path", pr.value("path"));
        CopyModule.putAttrs(data, pr.stat("t"));
        data.put("size", pr.stat("t").size());
        data.put("state", state);
        return ModuleResult.changed(data);
    }
}
