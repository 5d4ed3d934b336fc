package dev.rigger.connection;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

import net.schmizz.sshj.connection.channel.direct.LocalPortForwarder;
import net.schmizz.sshj.connection.channel.direct.Parameters;

/**
 * A local port forward over SSH ({@code ssh -N -L 127.0.0.1:LOCAL:REMOTE_HOST:REMOTE_PORT}): connections to
 * 127.0.0.1:{@link #localPort()} on this machine are carried to {@code remoteHost:remotePort} as seen from the
 * rig. It logs in like every other connection ({@link SshConnection#open(SshSettings, KnownHostsFile)}: the
 * same keys, timeouts, keep-alive and known_hosts checking). Close it to end the forward and the SSH link.
 */
public final class Tunnel implements AutoCloseable {
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final SshConnection connection;
    private final ServerSocket server;
    private final LocalPortForwarder forwarder;
    private final Thread listener;
    private final String remoteHost;
    private final int remotePort;
    private volatile IOException failure;

    private Tunnel(SshConnection connection, ServerSocket server, String remoteHost, int remotePort) {
        this.connection = connection;
        this.server = server;
        this.remoteHost = remoteHost;
        this.remotePort = remotePort;
        Parameters p = new Parameters("127.0.0.1", server.getLocalPort(), remoteHost, remotePort);
        this.forwarder = connection.client().newLocalPortForwarder(p, server);
        this.listener = new Thread(this::listen, "rigger-tunnel-" + connection.host() + "-" + server.getLocalPort());
        this.listener.setDaemon(true);
    }

    /** Opens a forward, recording an unknown host key in the settings' known_hosts file. */
    public static Tunnel open(SshSettings s, int localPort, String remoteHost, int remotePort) throws IOException {
        return open(s, new KnownHostsFile(s.knownHosts()), localPort, remoteHost, remotePort);
    }

    /**
     * Binds 127.0.0.1:{@code localPort} (0: any free port), logs in to the rig and starts forwarding.
     *
     * @throws IOException          when the local port is taken (nothing is connected then)
     * @throws UnreachableException when the rig cannot be reached, its key changed or login fails
     */
    public static Tunnel open(SshSettings s, KnownHostsFile knownHosts, int localPort, String remoteHost,
                              int remotePort) throws IOException {
        if (localPort < 0 || localPort > 65535) {
            throw new IllegalArgumentException("local port " + localPort + " is not a TCP port (0..65535; 0: any free port)");
        }
        if (remotePort < 1 || remotePort > 65535) {
            throw new IllegalArgumentException("remote port " + remotePort + " on " + s.host()
                    + " is not a TCP port (1..65535)");
        }
        ServerSocket server = bind(localPort);
        SshConnection c;
        try {
            c = SshConnection.open(s, knownHosts);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        Tunnel t = new Tunnel(c, server, remoteHost, remotePort);
        t.listener.start();
        return t;
    }

    /** True when {@code port} can be bound on 127.0.0.1 now. */
    public static boolean isFree(int port) {
        try (ServerSocket ignored = bind(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket ss = new ServerSocket();
        try {
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return ss;
        } catch (BindException e) {
            ss.close();
            throw new IOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage()
                    + " (the port is in use; choose another local port, or 0 for any free one)", e);
        } catch (IOException e) {
            ss.close();
            throw e;
        }
    }

    private void listen() {
        try {
            forwarder.listen();
        } catch (IOException e) {
            if (!server.isClosed()) {
                failure = e;
            }
        } finally {
            closeServer();
        }
    }

    /** The port on 127.0.0.1 that leads to the rig. */
    public int localPort() {
        return server.getLocalPort();
    }

    /** The inventory name of the rig. */
    public String host() {
        return connection.host();
    }

    public String remoteHost() {
        return remoteHost;
    }

    public int remotePort() {
        return remotePort;
    }

    /** True while the local port listens and the SSH link is up. */
    public boolean isOpen() {
        return !server.isClosed() && listener.isAlive() && connection.isAlive();
    }

    /** Why the forward stopped by itself, or null. */
    public IOException failure() {
        return failure;
    }

    /**
     * Waits up to {@code timeout} for the tunnel to end (closed, the link lost, or the listener failed).
     *
     * @return true when it has ended
     */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (isOpen()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            listener.join(Math.max(1, Math.min(Duration.ofNanos(left).toMillis(), 500)));
        }
        return true;
    }

    private void closeServer() {
        try {
            forwarder.close();
        } catch (IOException e) {
            // the socket is closed either way
        }
    }

    @Override
    public void close() {
        closeServer();
        connection.close();
        try {
            listener.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Tunnel[127.0.0.1:" + localPort() + " -> " + host() + " " + remoteHost + ":" + remotePort + "]";
    }
}
