package dev.rigger.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Local port forwards through a real OpenSSH server to a line server on the "rig" (here: loopback). */
class TunnelTest {
    @RegisterExtension
    static final SshdFixture SSHD = new SshdFixture();

    @TempDir
    Path tmp;

    /** Answers each connection's first line with "echo: LINE", connection after connection. */
    static final class LineServer implements AutoCloseable {
        final ServerSocket socket;
        final Thread thread;

        LineServer() throws IOException {
            socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, "line-server");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    s.setSoTimeout(10_000);
                    String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                            .readLine();
                    PrintWriter w = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
                    w.println("echo: " + line);
                } catch (IOException e) {
                    // closed, or one client went away: serve the next
                }
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static String ask(int port, String line) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8).println(line);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    private SshSettings settings() {
        return SSHD.settings("root", tmp.resolve("known_hosts"), ShellMode.PERSISTENT);
    }

    @Test
    void open_forwardsEveryLocalConnectionToTheRemotePort_andCloseFreesTheLocalPort() throws IOException {
        int local;
        try (LineServer server = new LineServer();
             Tunnel t = Tunnel.open(settings(), 0, "127.0.0.1", server.port())) {
            local = t.localPort();
            assertNotEquals(server.port(), local);
            assertTrue(t.isOpen());
            assertEquals("echo: one", ask(local, "one"));
            assertEquals("echo: two", ask(local, "two"));
            assertEquals("rig1", t.host());
        }
        assertTrue(Tunnel.isFree(local), "closing the tunnel frees 127.0.0.1:" + local);
    }

    @Test
    void open_withATakenLocalPort_failsNamingThePortBeforeConnecting() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IOException e = assertThrows(IOException.class,
                    () -> Tunnel.open(settings(), taken.getLocalPort(), "127.0.0.1", 8888));
            assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()), e.getMessage());
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }

    @Test
    void open_toAnUnreachableRig_isUnreachableAndLeavesTheLocalPortFree() throws IOException {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        SshSettings nowhere = settings().withAddress("127.0.0.1", free);
        assertThrows(UnreachableException.class, () -> Tunnel.open(nowhere, free, "127.0.0.1", 8888));
        assertTrue(Tunnel.isFree(free));
    }

    @Test
    void tunnel_endsWhenTheSshLinkDrops() throws Exception {
        try (LineServer server = new LineServer();
             Tunnel t = Tunnel.open(settings(), 0, "127.0.0.1", server.port())) {
            assertEquals("echo: up", ask(t.localPort(), "up"));
            SSHD.killSessions();
            assertTrue(t.awaitEnd(Duration.ofSeconds(30)), "the tunnel notices the lost link");
            assertFalse(t.isOpen());
        }
    }
}
