package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.module.ModuleResult.FactScope;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a result's facts go is data on the result, kept through its withers. */
class FactScopeTest {

    @Test
    void setFact_definesSetFactVariables() {
        ModuleResult r = new SetFactModule().run(Map.of("a", 1), null);
        assertEquals(FactScope.SET_FACT, r.factScope());
        assertEquals(Map.of("a", 1), r.facts());
        assertTrue(r.factScope().variables());
    }

    @Test
    void factsByDefault_andTheScopeSurvivesTheWithers() {
        assertEquals(FactScope.FACTS, ModuleResult.ok(Map.of()).factScope());
        assertEquals(FactScope.FACTS, ModuleResult.ok(Map.of()).withFacts(Map.of("x", 1)).factScope());
        assertFalse(FactScope.FACTS.variables());
        ModuleResult r = ModuleResult.ok(Map.of()).withFacts(FactScope.INCLUDE_VARS, Map.of("x", 1)).asUncertain();
        assertEquals(FactScope.INCLUDE_VARS, r.factScope());
        assertTrue(r.uncertain());
    }
}
