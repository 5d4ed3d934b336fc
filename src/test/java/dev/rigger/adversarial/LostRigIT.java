package dev.rigger.adversarial;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rigger.lab.LabExtension;
import dev.rigger.lab.LabRigs;
import dev.rigger.lab.LabSetup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A rig that dies between two tasks is UNREACHABLE at the next one: recap, JSON report and exit code 4 say so. */
@ExtendWith(LabExtension.class)
@LabSetup(rigs = 3)
class LostRigIT {
    @TempDir
    Path tmp;

    @Test
    void aRigKilledBetweenTasks_isUnreachableAtTheNextTask_andTheRunExits4(LabRigs rigs) throws Exception {
        Path pb = tmp.resolve("pb.yml");
        Files.writeString(pb, """
                - hosts: rigs
                  gather_facts: false
                  tasks:
                    - name: wait
                      command: "sleep {{ 0 if inventory_hostname == 'rig3' else 10 }}"
                    - name: next
                      command: hostname
                """);
        Path json = tmp.resolve("r.json");
        Files.createDirectories(tmp.resolve(".ssh"));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Duser.home=" + tmp, "-cp",
                System.getProperty("java.class.path"), "dev.rigger.cli.Main", "play", pb.toString(), "-i",
                rigs.inventory().toString(), "-l", "rig1,rig2,rig3", "--report", "json:" + json));
        Process p = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile()).start();
        try {
            // rig3 finished "wait" at once; rig1 and rig2 still sleep 8 s
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> Files.readString(tmp.resolve("out.txt")).contains("changed: [rig3]"));
            rigs.lab().kill("rig3");
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "rigger ended");
            String out = Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8);
            String err = Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8);
            assertEquals(4, p.exitValue(), out + err);
            assertFalse((out + err).contains("Exception"), out + err);
            assertTrue(out.matches("(?s).*TASK \\[next].*UNREACHABLE! => \\{[^\\n]*rig3.*"), out);
            assertTrue(out.matches("(?s).*PLAY RECAP.*rig3 +: ok=1 +changed=1 +unreachable=1 .*"), out);
            JsonNode doc = new ObjectMapper().readTree(json.toFile());
            assertEquals(1, doc.path("recap").path("rig3").path("unreachable").asInt(), doc.toString());
            assertEquals(4, doc.path("exit_code").asInt(), doc.toString());
            for (String h : List.of("rig1", "rig2")) {
                assertEquals(2, doc.path("recap").path(h).path("changed").asInt(), h + " ran both tasks: " + doc);
            }
        } finally {
            p.destroyForcibly();
            rigs.lab().start("rig3");
        }
    }
}
