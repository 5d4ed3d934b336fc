package dev.rigger.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyValue#parse} gives what ansible-core 2.14's {@code parse_kv} gives on every case of
 * src/test/resources/parity/parse_kv.json, whose answers are Ansible's own (made by parse_kv.py beside it). check_raw
 * cases are parsed as free-form with {@link KeyValue#COMMAND_KEYS}. Where Ansible fails, rigger throws
 * IllegalArgumentException; where Ansible, without check_raw, puts a token that is not key=value under _raw_params
 * (for the module to refuse later), rigger refuses it at once. The live check against Ansible itself is skipped unless
 * {@code -Drigger.ansibleParity=true} (or RIGGER_ANSIBLE_PARITY=1) and Debian's ansible is installed.
 */
class KeyValueParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyCase_isWhatAnsiblesParseKvGives() throws Exception {
        JsonNode table = table();
        assertTrue(table.size() >= 30, "the table has " + table.size() + " cases");
        List<String> problems = new ArrayList<>();
        for (JsonNode c : table) {
            String text = c.get("text").asText();
            boolean raw = c.get("check_raw").asBoolean();
            String what = (raw ? "[check_raw] " : "") + JSON.writeValueAsString(text);
            Object got;
            try {
                got = entries(KeyValue.parse(text, raw, KeyValue.COMMAND_KEYS));
            } catch (IllegalArgumentException e) {
                got = e;
            }
            if (c.has("error")) {
                if (!(got instanceof IllegalArgumentException)) {
                    problems.add(what + ": Ansible fails (" + c.get("message").asText() + "), rigger gives " + got);
                }
                continue;
            }
            List<List<String>> want = new ArrayList<>();
            boolean rawParams = false;
            for (JsonNode kv : c.get("result")) {
                want.add(List.of(kv.get(0).asText(), kv.get(1).asText()));
                rawParams |= kv.get(0).asText().equals("_raw_params");
            }
            if (!raw && rawParams) {
                if (!(got instanceof IllegalArgumentException e)
                        || !e.getMessage().startsWith("expected key=value arguments, found '")) {
                    problems.add(what + ": Ansible has free-form text " + want + ", rigger should refuse it but gives "
                            + got);
                }
            } else if (!want.equals(got)) {
                problems.add(what + ": Ansible " + want + ", rigger " + got);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void storedAnswers_areAnsiblesToday() throws Exception {
        assumeTrue(Boolean.getBoolean("rigger.ansibleParity") || "1".equals(System.getenv("RIGGER_ANSIBLE_PARITY")),
                "set -Drigger.ansibleParity=true (or RIGGER_ANSIBLE_PARITY=1) to compare");
        assumeTrue(Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/ansible")), "ansible is not installed");
        Path script = Path.of("src/test/resources/parity/parse_kv.py");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var in = p.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(table()));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "parse_kv.py did not finish");
        assertEquals(0, p.exitValue(), "parse_kv.py failed");
        assertEquals(table(), JSON.readTree(out), "Ansible's parse_kv answers differently now: regenerate "
                + "parse_kv.json as parse_kv.py says, then look at what KeyValueParityTest says");
    }

    private static JsonNode table() throws Exception {
        try (InputStream in = KeyValueParityTest.class.getResourceAsStream("/parity/parse_kv.json")) {
            return JSON.readTree(in);
        }
    }

    private static List<List<String>> entries(Map<String, Object> m) {
        List<List<String>> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(List.of(k, String.valueOf(v))));
        return out;
    }

}
