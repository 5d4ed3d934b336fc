package dev.rigger.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FactsTableTest {
    private static Map<String, Object> gpuRig() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("distribution", "Ubuntu");
        f.put("distribution_version", "24.04");
        f.put("kernel", "6.8.0-45-generic");
        f.put("processor_vcpus", 32);
        f.put("memtotal_mb", 128_700);
        f.put("mounts", List.of(Map.of("mount", "/boot", "size_available", 1L << 30),
                Map.of("mount", "/", "size_available", 200L * 1024 * 1024 * 1024)));
        f.put("gpus", List.of(Map.of("name", "NVIDIA A100"), Map.of("name", "NVIDIA A100"), Map.of("name", "T4")));
        f.put("nvidia_driver_version", "580.95.05");
        f.put("cuda_version", "12.8");
        f.put("cudnn_version", "9.8.0");
        return f;
    }

    @Test
    void row_takesEveryColumnFromTheFacts_andMissingOnesShowADash() {
        FactsTable.Row gpu = FactsTable.of("rig01", gpuRig());
        assertEquals(List.of("rig01", "Ubuntu 24.04", "6.8.0-45-generic", "32", "125.7 GiB", "200.0 GiB",
                "2× NVIDIA A100, 1× T4", "580.95.05", "12.8", "9.8.0"), gpu.cells());

        FactsTable.Row bare = FactsTable.of("rig02", Map.of("ansible_distribution", "Debian", "kernel", "6.1.0",
                "disk_free_mb", 800));
        assertEquals(List.of("rig02", "Debian", "6.1.0", "-", "-", "800 MiB", "-", "-", "-", "-"), bare.cells());
    }

    @Test
    void render_alignsColumns_andGivesUnreachableRigsTheirReason() {
        String table = FactsTable.render(List.of(FactsTable.of("rig01", gpuRig()),
                FactsTable.missing("rig03", "unreachable", "failed to connect: Connection refused")));
        List<String> lines = table.lines().toList();
        assertEquals("RIG    OS            KERNEL            CPUS  MEMORY     DISK FREE  GPUS                   "
                + "DRIVER     CUDA  CUDNN", lines.get(0));
        assertEquals("rig01  Ubuntu 24.04  6.8.0-45-generic  32    125.7 GiB  200.0 GiB  2× NVIDIA A100, 1× T4  "
                + "580.95.05  12.8  9.8.0", lines.get(1));
        assertEquals("rig03  UNREACHABLE: failed to connect: Connection refused", lines.get(2));
    }

    @Test
    void json_holdsTheSameValuesAndEveryFact() throws Exception {
        String json = FactsTable.json(List.of(FactsTable.of("rig01", gpuRig()),
                FactsTable.missing("rig03", "unreachable", "refused")), Map.of("rig01", gpuRig()));
        JsonNode n = new ObjectMapper().readTree(json);
        assertEquals("Ubuntu 24.04", n.at("/rig01/os").asText());
        assertEquals("12.8", n.at("/rig01/cuda").asText());
        assertEquals(32, n.at("/rig01/facts/processor_vcpus").asInt());
        assertEquals("unreachable", n.at("/rig03/status").asText());
        assertTrue(n.at("/rig03/os").isNull());
        assertEquals("refused", n.at("/rig03/error").asText());
    }
}
