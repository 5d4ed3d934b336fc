package dev.rigger.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Prints the cost of one command on an open connection for each shell mode (300 `true`, after warm-up). */
class SshPerfIT {
    @RegisterExtension
    static final SshdFixture SSHD = new SshdFixture();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(ShellMode.class)
    void perCommandCost(ShellMode mode) throws IOException {
        long t0 = System.nanoTime();
        try (SshConnection c = SshConnection.open(SSHD.settings("root", tmp.resolve("kh"), mode))) {
            long connected = System.nanoTime();
            // a new channel per command is the slow mode: fewer rounds keep the test run short
            int n = mode == ShellMode.CHANNEL_PER_COMMAND ? 20 : 300;
            for (int i = 0; i < n / 6; i++) {
                assertEquals(0, c.exec(Command.of("true")).rc());
            }
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                assertEquals(0, c.exec(Command.of("true")).rc());
            }
            long took = System.nanoTime() - start;
            System.out.printf("[perf] %s: connect+auth %.1f ms, %.3f ms per command (%d x true)%n", mode,
                    (connected - t0) / 1e6, took / (double) n / 1e6, n);
        }
    }
}
