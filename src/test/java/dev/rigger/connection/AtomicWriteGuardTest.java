package dev.rigger.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write whose input ends early (a connection cut mid-transfer) never replaces the target. */
class AtomicWriteGuardTest {
    @TempDir
    Path tmp;

    private int runWithStdin(String script, byte[] stdin) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
        p.getOutputStream().write(stdin);
        p.getOutputStream().close();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue();
    }

    @Test
    void truncatedInput_leavesTheOldFileAndNoTempFile() throws Exception {
        Path target = tmp.resolve("target");
        Files.writeString(target, "old content\n");
        String script = SshConnection.completeOnly(AtomicWrite.script(target.toString(), null), 1000);
        int rc = runWithStdin(script, "only part of the new con".getBytes(StandardCharsets.UTF_8));
        assertEquals(75, rc);
        assertEquals("old content\n", Files.readString(target));
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "the temp file was removed");
        }
    }

    @Test
    void completeInput_replacesTheFile() throws Exception {
        Path target = tmp.resolve("target");
        Files.writeString(target, "old content\n");
        byte[] next = "new content\n".getBytes(StandardCharsets.UTF_8);
        String script = SshConnection.completeOnly(AtomicWrite.script(target.toString(), "0600"), next.length);
        assertEquals(0, runWithStdin(script, next));
        assertEquals("new content\n", Files.readString(target));
    }
}
