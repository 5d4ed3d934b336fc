package dev.rigger.connection;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;
import net.schmizz.concurrent.Promise;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.ConnectionImpl;

/**
 * Keep-alive probes that tell a slow link from a dead one. sshj's own runner counts unanswered probes only, so on a
 * slow link (1 mbit with a large upload) the answer, queued behind the bulk data, comes too late and a working link
 * is declared dead. Here every byte the host sends counts as an answer: the link is dead only when, for
 * {@code interval × maxCount} seconds, no probe was answered and nothing at all arrived from the host (a cut link
 * still takes ~20 s to notice with the default 5 s × 3).
 */
final class ProgressKeepAlive extends KeepAlive {
    private static final String REQUEST = "keepalive@openssh.com";

    private final AtomicLong received;
    private final int maxCount;
    private final Queue<Promise<SSHPacket, ConnectionException>> unanswered = new ArrayDeque<>();
    private long receivedAtLastProbe = -1;

    private ProgressKeepAlive(ConnectionImpl conn, AtomicLong received, int maxCount) {
        super(conn, "rigger-keepalive");
        this.received = received;
        this.maxCount = maxCount;
    }

    /** A provider whose probes watch {@code received}, the count of bytes read from the host's socket. */
    static KeepAliveProvider provider(AtomicLong received, int maxCount) {
        return new KeepAliveProvider() {
            @Override
            public KeepAlive provide(ConnectionImpl connection) {
                return new ProgressKeepAlive(connection, received, Math.max(1, maxCount));
            }
        };
    }

    @Override
    protected void doKeepAlive() throws net.schmizz.sshj.transport.TransportException, ConnectionException {
        if (!conn.equals(conn.getTransport().getService())) {
            return; // still authenticating: the read timeout guards that phase
        }
        unanswered.removeIf(Promise::isDelivered);
        long now = received.get();
        if (now != receivedAtLastProbe) {
            receivedAtLastProbe = now;
            unanswered.clear(); // the host is talking: the answers are only behind the data
        }
        if (unanswered.size() >= maxCount) {
            throw new ConnectionException(DisconnectReason.CONNECTION_LOST, "no answer to keep-alive probes and no"
                    + " data from the host for " + maxCount * getKeepAliveInterval() + " seconds");
        }
        unanswered.add(conn.sendGlobalRequest(REQUEST, true, new byte[0]));
    }

    /** Sockets that count the bytes read from them into one counter (one factory per connection). */
    static SocketFactory countingSockets(AtomicLong received) {
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                return new CountingSocket(received);
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return connected(new java.net.InetSocketAddress(host, port), null);
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                return connected(new java.net.InetSocketAddress(host, port),
                        new java.net.InetSocketAddress(local, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return connected(new java.net.InetSocketAddress(host, port), null);
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
                    throws IOException {
                return connected(new java.net.InetSocketAddress(host, port),
                        new java.net.InetSocketAddress(local, localPort));
            }

            private Socket connected(java.net.SocketAddress to, java.net.SocketAddress from) throws IOException {
                Socket s = createSocket();
                if (from != null) {
                    s.bind(from);
                }
                s.connect(to);
                return s;
            }
        };
    }

    private static final class CountingSocket extends Socket {
        private final AtomicLong received;
        private InputStream in;

        CountingSocket(AtomicLong received) {
            this.received = received;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new FilterInputStream(super.getInputStream()) {
                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        if (b >= 0) {
                            received.incrementAndGet();
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = super.read(buf, off, len);
                        if (n > 0) {
                            received.addAndGet(n);
                        }
                        return n;
                    }
                };
            }
            return in;
        }
    }
}
