package dev.rigger.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.lab.LabExtension;
import dev.rigger.lab.LabRigs;
import dev.rigger.lab.LabSetup;
import dev.rigger.lab.RigShell;
import java.io.IOException;
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

/** Ctrl-C on {@code rigger play} (a real child process): commands end on the rigs, recap and reports, exit 99. */
@ExtendWith(LabExtension.class)
@LabSetup(rigs = 2)
class InterruptIT {
    @TempDir
    Path tmp;

    private Process start(LabRigs rigs, Path pb, Path json) throws IOException {
        Files.createDirectories(tmp.resolve(".ssh"));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Duser.home=" + tmp, "-cp",
                System.getProperty("java.class.path"), "dev.rigger.cli.Main", "play", pb.toString(), "-i",
                rigs.inventory().toString(), "-l", "rig1,rig2", "--report", "json:" + json));
        return new ProcessBuilder(cmd).redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile()).start();
    }

    private String out() throws IOException {
        return Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8);
    }

    private static void sigint(Process p) throws Exception {
        Process k = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
        assertTrue(k.waitFor(10, TimeUnit.SECONDS));
    }

    private static String sleeps(LabRigs rigs, String rig) {
        return RigShell.run(rigs, rig, "pgrep -f 'sleep [3]141' || true").trim();
    }

    @Test
    void ctrlC_endsCommandsOnTheRigs_printsTheRecap_writesReports_andExits99(LabRigs rigs) throws Exception {
        Path pb = tmp.resolve("long.yml");
        Files.writeString(pb, """
                - hosts: rigs
                  gather_facts: false
                  tasks:
                    - name: quick
                      command: "true"
                    - name: long
                      command: sleep 3141
                """);
        Path json = tmp.resolve("report.json");
        Process p = start(rigs, pb, json);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> out().contains("TASK [long]")
                    && !sleeps(rigs, "rig1").isEmpty() && !sleeps(rigs, "rig2").isEmpty());
            sigint(p);
            assertTrue(p.waitFor(40, TimeUnit.SECONDS), "rigger ended after Ctrl-C");
            String err = Files.readString(tmp.resolve("err.txt"));
            assertEquals(99, p.exitValue(), out() + err);
            assertTrue(out().contains("PLAY RECAP"), out());
            assertTrue(err.contains("User interrupted execution"), err);
            assertTrue(Files.readString(json).contains("quick"), "the JSON report was written");
            assertEquals("", sleeps(rigs, "rig1"), "no command left running on rig1");
            assertEquals("", sleeps(rigs, "rig2"), "no command left running on rig2");
        } finally {
            p.destroyForcibly();
            RigShell.run(rigs, "rig1", "pkill -f 'sleep [3]141' || true");
            RigShell.run(rigs, "rig2", "pkill -f 'sleep [3]141' || true");
        }
    }

    @Test
    void aSecondCtrlC_exitsAtOnce(LabRigs rigs) throws Exception {
        Path pb = tmp.resolve("stuck.yml");
        // the first Ctrl-C has to wait for this rig to be declared lost; the second one does not wait
        Files.writeString(pb, """
                - hosts: rigs
                  gather_facts: false
                  tasks:
                    - name: long
                      command: sleep 3141
                """);
        Process p = start(rigs, pb, tmp.resolve("r.json"));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> out().contains("TASK [long]")
                    && !sleeps(rigs, "rig1").isEmpty());
            rigs.lab().cut("rig2");
            sigint(p);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    Files.readString(tmp.resolve("err.txt")).contains("interrupted"));
            long t0 = System.nanoTime();
            sigint(p);
            assertTrue(p.waitFor(5, TimeUnit.SECONDS), "the second Ctrl-C quits at once");
            System.out.printf("[faults] second Ctrl-C: exited after %.2f s%n", (System.nanoTime() - t0) / 1e9);
            assertEquals(99, p.exitValue());
        } finally {
            p.destroyForcibly();
            rigs.lab().restore("rig2");
            RigShell.run(rigs, "rig1", "pkill -f 'sleep [3]141' || true");
            RigShell.run(rigs, "rig2", "pkill -f 'sleep [3]141' || true");
        }
    }
}
