package dev.rigger.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/rigger is java itself, on the first play after a build too (when it writes the class-data archive): a SIGINT
 * sent to the launcher's pid, as a supervisor or {@code timeout} sends it, ends the run with exit 99; the next start
 * takes the archive.
 */
class LauncherIT {
    @TempDir
    Path tmp;

    @Test
    void firstPlayAfterABuild_isTheJvm_soSigintEndsIt_andTheArchiveIsTakenNextTime() throws Exception {
        Path home = tmp.resolve("rigger");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("target"));
        Files.copy(Path.of("bin/rigger"), home.resolve("bin/rigger"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(Path.of("target/rigger.jar"), home.resolve("target/rigger.jar"));
        Path pb = tmp.resolve("pb.yml");
        Files.writeString(pb, """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - command: sleep 3141
                """);
        Path out = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(home.resolve("bin/rigger").toString(), "play", pb.toString(), "-i",
                "localhost,", "-c", "local").redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(out).contains("TASK [command]"));
            assertTrue(p.info().command().orElse("").endsWith("java"), "the launcher exec'd java: " + p.info());
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "SIGINT to the launcher's pid ended the run");
            assertEquals(99, p.exitValue(), Files.readString(out));
        } finally {
            p.destroyForcibly();
        }
        Process again = new ProcessBuilder(home.resolve("bin/rigger").toString(), "--version")
                .redirectErrorStream(true).start();
        assertTrue(again.waitFor(60, TimeUnit.SECONDS));
        assertTrue(Files.exists(home.resolve("target/rigger.jsa")), "the next start took the archive");
    }
}
