package dev.rigger.module;

import java.util.LinkedHashMap;
import java.util.Map;

/** set_fact: sets host variables (precedence of set_fact / register). */
public final class SetFactModule implements Module {
    private static final ModuleSpec SPEC = ModuleSpec.builder().anyArgs().build();

    @Override
    public String name() {
        return "set_fact";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    public ModuleResult run(Map<String, Object> args, ModuleContext ctx) {
        Map<String, Object> facts = new LinkedHashMap<>(args);
        facts.remove("cacheable");
        if (facts.isEmpty()) {
            return ModuleResult.failed("No key/value pairs provided, at least one is required for this action to "
                    + "succeed");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ansible_facts", facts);
        return ModuleResult.ok(data).withFacts(ModuleResult.FactScope.SET_FACT, facts);
    }
}
