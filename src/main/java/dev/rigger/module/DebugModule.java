package dev.rigger.module;

import dev.rigger.RiggerException;
import java.util.LinkedHashMap;
import java.util.Map;

/** debug: prints a message or a variable's value (always shown, as Ansible's verbose output). */
public final class DebugModule implements Module {
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
    public ModuleResult run(Map<String, Object> args, ModuleContext ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        Object verbosity = args.get("verbosity");
        if (verbosity != null) {
            Object v = ctx.vars().get("ansible_verbosity");
            int have = v instanceof Number n ? n.intValue() : 0;
            if (have < Integer.parseInt(String.valueOf(verbosity))) {
                ModuleResult r = ModuleResult.skipped("Verbosity threshold not met.");
                return new ModuleResult(ModuleResult.Status.SKIPPED, Map.of("skipped_reason",
                        "Verbosity threshold not met."), null, null, false);
            }
        }
        if (args.containsKey("var")) {
            if (args.containsKey("msg")) {
                return ModuleResult.failed("parameters are mutually exclusive: msg|var");
            }
            String name = String.valueOf(args.get("var"));
            Object value;
            try {
                value = ctx.template("{{ " + name + " }}");
            } catch (RiggerException e) {
                value = "VARIABLE IS NOT DEFINED!";
            }
            out.put(name, value);
        } else {
            out.put("msg", args.getOrDefault("msg", "Hello world!"));
        }
        return ModuleResult.ok(out);
    }
}
