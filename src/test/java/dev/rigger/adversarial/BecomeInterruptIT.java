package dev.rigger.adversarial;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rigger.lab.LabExtension;
import dev.rigger.lab.LabRigs;
import dev.rigger.lab.LabSetup;
import dev.rigger.lab.RigShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C while a become task runs (sudo with a password): rigger exits 99 as fast as without become, and no sudo,
 * shell or command is left on the rigs (sudo stops itself when its command is stopped; it must be let go).
 */
@ExtendWith(LabExtension.class)
@LabSetup(rigs = 2)
class BecomeInterruptIT {
    private static final String PASSWORD = "Interrupt-H0rse-rigger";

    @TempDir
    Path tmp;

    private static String leftovers(LabRigs rigs, String rig) {
        return RigShell.run(rigs, rig, "ps -eo pid,ppid,stat,args | grep -E 'sudo via rigger|sleep [2]718|defunct'"
                + " | grep -v grep || true").trim();
    }

    private String output() {
        try {
            return Files.readString(tmp.resolve("out.txt")) + Files.readString(tmp.resolve("err.txt"));
        } catch (java.io.IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** rigger's threads, for a run that hangs (jcmd ships with the JDK that runs the tests). */
    private static String threads(Process p) {
        try {
            Path jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
            Process j = new ProcessBuilder(jcmd.toString(), Long.toString(p.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String dump = new String(j.getInputStream().readAllBytes());
            j.waitFor(20, TimeUnit.SECONDS);
            return dump;
        } catch (java.io.IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    @Test
    void ctrlCDuringASudoTask_exits99AtOnce_andLeavesNoSudoBehind(LabRigs rigs) throws Exception {
        StringBuilder hosts = new StringBuilder();
        for (String rig : List.of("rig1", "rig2")) {
            RigShell.addSudoUser(rigs, rig, PASSWORD);
            hosts.append("    ").append(rig).append(": {ansible_host: ").append(rigs.rig(rig).address())
                    .append("}\n");
        }
        Path inv = tmp.resolve("inv.yml");
        Files.writeString(inv, "all:\n  vars:\n    ansible_user: deploy\n    ansible_ssh_private_key_file: "
                + rigs.key() + "\n    ansible_become_password: " + PASSWORD + "\n  hosts:\n" + hosts);
        Path pb = tmp.resolve("pb.yml");
        Files.writeString(pb, """
                - hosts: all
                  gather_facts: false
                  become: true
                  tasks:
                    - name: long
                      shell: sleep 2718
                """);
        Files.createDirectories(tmp.resolve(".ssh"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Duser.home=" + tmp, "-cp", System.getProperty("java.class.path"),
                "dev.rigger.cli.Main", "play", pb.toString(), "-i", inv.toString())
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile())
                .start();
        try {
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> !p.isAlive()
                        || leftovers(rigs, "rig1").contains("sleep 2718") && leftovers(rigs, "rig2").contains("sleep 2718"));
            } catch (ConditionTimeoutException e) {
                fail("the task did not start on both rigs within 60 s\nrig1: " + leftovers(rigs, "rig1") + "\nrig2: "
                        + leftovers(rigs, "rig2") + "\n" + output() + "\n" + threads(p));
            }
            assertTrue(p.isAlive(), () -> "rigger ended before the task started on both rigs:\n" + output());
            long t0 = System.nanoTime();
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "rigger ended after Ctrl-C");
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("[become-interrupt] exit %d after %.2f s%n", p.exitValue(), secs);
            assertEquals(99, p.exitValue(), output());
            assertTrue(secs < 10, "exit took " + secs + " s (sudo's hand-shake limit is 30 s)");
            for (String rig : List.of("rig1", "rig2")) {
                await().atMost(Duration.ofSeconds(5)).until(() -> leftovers(rigs, rig).isEmpty());
            }
        } finally {
            p.destroyForcibly();
            for (String rig : List.of("rig1", "rig2")) {
                RigShell.run(rigs, rig, "pkill -9 -f 'sleep [2]718'; pkill -9 -f '[s]udo via rigger'; true");
            }
        }
    }
}
