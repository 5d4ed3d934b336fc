package dev.rigger.module;

import dev.rigger.RiggerException;
import dev.rigger.module.support.ArgException;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import java.util.LinkedHashMap;
import java.util.Map;

/** debug: prints a message or a variable's value (always shown, as Ansible's verbose output). */
public final class DebugModule extends BaseModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder().args("msg", "var").raw("var")
            .checkMode(ModuleSpec.CheckMode.FULL)
            .integer("verbosity")
            .build();

    @Override
    public String name() {
        return "debug";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (a.has("verbosity")) {
            Object v = ctx.vars().get("ansible_verbosity");
            int have = v instanceof Number n ? n.intValue() : 0;
            if (have < a.integer("verbosity", 0)) {
                return new ModuleResult(ModuleResult.Status.SKIPPED, Map.of("skipped_reason",
                        "Verbosity threshold not met."), null, null, false);
            }
        }
        if (a.has("var")) {
            if (a.has("msg")) { // the debug action plugin's rule and words
                throw new ArgException("'msg' and 'var' are incompatible options");
            }
            String name = a.str("var");
            Object value;
            try {
                value = ctx.template("{{ " + name + " }}");
            } catch (RiggerException e) {
                value = "VARIABLE IS NOT DEFINED!";
            }
            out.put(name, value);
        } else {
            out.put("msg", a.has("msg") ? a.raw("msg") : "Hello world!");
        }
        return ModuleResult.ok(out);
    }
}
