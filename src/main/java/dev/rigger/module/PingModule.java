package dev.rigger.module;

import dev.rigger.connection.ExecResult;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ansible.builtin.ping: proves that rigger can log in and run a shell on the host (Ansible's proves Python runs
 * there; rigger needs none). Returns {@code ping: <data>}; {@code data=crash} fails, as Ansible's raises. Never
 * changes anything, so check mode runs it too. CONTRIBUTING.md walks through this class as the example.
 */
public final class PingModule extends BaseModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .args("data")
            .build();

    @Override
    public String name() {
        return "ping";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String data = a.str("data", "pong");
        if (data.equals("crash")) {
            return ModuleResult.failed("boom (ping was asked to crash with data=crash)");
        }
        ExecResult r = ctx.run("true");
        if (r.rc() != 0) {
            return ModuleResult.failed("the host's shell did not run 'true' (rc " + r.rc() + "): " + r.stderr().trim());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ping", data);
        return ModuleResult.ok(out);
    }
}
