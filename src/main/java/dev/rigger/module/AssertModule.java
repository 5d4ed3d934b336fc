package dev.rigger.module;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** assert: every expression in {@code that} must hold. */
public final class AssertModule implements Module {
    private static final ModuleSpec SPEC = ModuleSpec.builder().required("that")
            .args("fail_msg", "success_msg").alias("msg", "fail_msg").raw("that")
            .bool("quiet")
            .build();

    @Override
    public String name() {
        return "assert";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    public ModuleResult run(Map<String, Object> args, ModuleContext ctx) {
        Object that = args.get("that");
        List<?> conds = that instanceof List<?> l ? l : List.of(that);
        for (Object c : conds) {
            String cond = c instanceof Boolean b ? (b ? "True" : "False") : String.valueOf(c);
            if (!ctx.evaluate(cond)) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("assertion", cond);
                d.put("evaluated_to", false);
                Object fm = args.get("fail_msg");
                return ModuleResult.failed(fm == null ? "Assertion failed" : String.valueOf(ctx.template(fm)), d);
            }
        }
        Map<String, Object> d = new LinkedHashMap<>();
        Object sm = args.get("success_msg");
        d.put("msg", sm == null ? "All assertions passed" : String.valueOf(ctx.template(sm)));
        return ModuleResult.ok(d);
    }
}
