package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * service_facts' sysv listing with a stub {@code service} on PATH (this machine's PID 1 is not systemd, so the
 * systemd listing is not read here; AnsibleOracleIT's system.yml compares both with ansible-playbook on a rig).
 */
class ServiceFactsModuleTest {
    @TempDir
    Path dir;

    private TestContext withService(String script) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path stub = bin.resolve("service");
        Files.writeString(stub, "#!/bin/sh\n" + script);
        stub.toFile().setExecutable(true);
        return TestContext.check(dir).withEnvironment(Map.of("PATH", bin + ":/usr/bin:/bin"));
    }

    @Test
    void sysvServices_areFactsUnderServices_asAnsibleParsesThem() throws Exception {
        ModuleResult r = Scenario.run(new ServiceFactsModule(), Map.of(),
                withService("[ \"$1\" = --status-all ] || exit 3\nprintf ' [ + ]  cron\\n [ - ]  hwclock.sh\\n"
                        + "junk line\\n'\n"));
        assertEquals(ModuleResult.Status.OK, r.status());
        @SuppressWarnings("unchecked")
        Map<String, Object> services = (Map<String, Object>) r.facts().get("services");
        assertEquals(List.of("cron", "hwclock.sh"), List.copyOf(services.keySet()));
        assertEquals(Map.of("name", "cron", "state", "running", "source", "sysv"), services.get("cron"));
        assertEquals("stopped", ((Map<?, ?>) services.get("hwclock.sh")).get("state"));
    }

    @Test
    void aFailingServiceTool_warns_andNoServicesIsAnsiblesSkip() throws Exception {
        ModuleResult r = Scenario.run(new ServiceFactsModule(), Map.of(),
                withService("echo 'no init scripts' >&2\nexit 1\n"));
        assertEquals(ModuleResult.Status.SKIPPED, r.status());
        assertEquals("Failed to find any services. This can be due to privileges or some other configuration issue.",
                r.data().get("msg"));
        assertEquals(List.of("Unable to query 'service' tool (1): no init scripts"), r.data().get("warnings"));
    }
}
