package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PingModuleTest {
    @TempDir
    Path dir;

    private final PingModule ping = new PingModule();

    @Test
    void answersPong_orTheDataGiven_andNeverChanges_evenInCheckMode() {
        ModuleResult r = Scenario.run(ping, Map.of(), TestContext.normal(dir));
        assertEquals(ModuleResult.Status.OK, r.status());
        assertEquals(Map.of("ping", "pong"), r.data());
        ModuleResult c = Scenario.run(ping, Map.of("data", "gpu"), TestContext.check(dir));
        assertEquals(ModuleResult.Status.OK, c.status());
        assertEquals("gpu", c.data().get("ping"));
    }

    @Test
    void dataCrash_fails_asAnsiblesRaises() {
        ModuleResult r = Scenario.run(ping, Map.of("data", "crash"), TestContext.normal(dir));
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertTrue(String.valueOf(r.data().get("msg")).contains("boom"), r.data().toString());
    }

    @Test
    void anArgumentPingDoesNotTake_isRefusedByItsSpec() {
        assertEquals(null, ping.spec().canonical("date"));
        assertEquals("data", ping.spec().canonical("data"));
    }
}
