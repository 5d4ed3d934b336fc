package dev.rigger.module;

import dev.rigger.facts.FactGatherer;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** setup: gathers the host's facts in one round trip (what gather_facts does at the start of a play). */
public final class SetupModule extends BaseModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .args("gather_subset", "filter", "fact_path")
            .integer("gather_timeout")
            .list("gather_subset", "filter")
            .path("fact_path")
            .build();

    @Override
    public String name() {
        return "setup";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        Map<String, Object> facts = FactGatherer.gather(ctx.connection(), ctx.become(), ctx.environment());
        Map<String, Object> data = new LinkedHashMap<>();
        Map<String, Object> prefixed = new LinkedHashMap<>();
        facts.forEach((k, v) -> prefixed.put("ansible_" + k, v));
        data.put("ansible_facts", prefixed);
        return ModuleResult.ok(data).withFacts(prefixed);
    }
}
