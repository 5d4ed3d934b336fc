package dev.rigger.connection;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A client for ssh-agent over its Unix domain socket ({@code SSH_AUTH_SOCK}): it lists the agent's keys and has
 * the agent sign, so rigger never sees a private key. Only the agent protocol's wire format is here
 * (REQUEST_IDENTITIES / IDENTITIES_ANSWER, SIGN_REQUEST / SIGN_RESPONSE); the agent does the cryptography.
 * One instance per login; not thread-safe.
 */
final class SshAgent implements AutoCloseable {
    static final byte FAILURE = 5;
    static final byte REQUEST_IDENTITIES = 11;
    static final byte IDENTITIES_ANSWER = 12;
    static final byte SIGN_REQUEST = 13;
    static final byte SIGN_RESPONSE = 14;
    /** SIGN_REQUEST flags: an RSA key signs with SHA-256 / SHA-512 instead of SHA-1. */
    static final int RSA_SHA2_256 = 2;
    static final int RSA_SHA2_512 = 4;
    private static final int MAX_MESSAGE = 256 * 1024;

    private final Path socket;
    private final SocketChannel channel;

    /** A key the agent holds: its public key blob (SSH wire format) and comment. */
    record Identity(byte[] blob, String comment) {
    }

    private SshAgent(Path socket, SocketChannel channel) {
        this.socket = socket;
        this.channel = channel;
    }

    static SshAgent connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(java.net.StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot reach ssh-agent at " + socket + " (SSH_AUTH_SOCK): " + e.getMessage(), e);
        }
        return new SshAgent(socket, ch);
    }

    /** The agent's keys, in the agent's order. */
    List<Identity> identities() throws IOException {
        ByteBuffer r = call(new byte[] {REQUEST_IDENTITIES}, IDENTITIES_ANSWER, "list its keys");
        long n = Integer.toUnsignedLong(r.getInt());
        List<Identity> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            byte[] blob = string(r);
            out.add(new Identity(blob, new String(string(r), StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** The agent's signature of {@code data} with the key {@code blob}: the SSH signature blob (name + bytes). */
    byte[] sign(byte[] blob, byte[] data, int flags) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(b);
        o.writeByte(SIGN_REQUEST);
        o.writeInt(blob.length);
        o.write(blob);
        o.writeInt(data.length);
        o.write(data);
        o.writeInt(flags);
        ByteBuffer r = call(b.toByteArray(), SIGN_RESPONSE, "sign");
        return string(r);
    }

    private ByteBuffer call(byte[] message, byte expected, String what) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(4 + message.length);
        out.putInt(message.length).put(message).flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
        ByteBuffer len = read(4);
        int n = len.getInt();
        if (n <= 0 || n > MAX_MESSAGE) {
            throw new IOException("ssh-agent at " + socket + " sent a message of " + n + " bytes");
        }
        ByteBuffer body = read(n);
        byte type = body.get();
        if (type != expected) {
            throw new IOException("ssh-agent at " + socket + " refused to " + what
                    + (type == FAILURE ? "" : " (answer type " + type + ")"));
        }
        return body;
    }

    private ByteBuffer read(int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new IOException("ssh-agent at " + socket + " closed the connection");
            }
        }
        return b.flip();
    }

    private static byte[] string(ByteBuffer b) throws IOException {
        if (b.remaining() < 4) {
            throw new IOException("truncated ssh-agent message");
        }
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IOException("truncated ssh-agent message");
        }
        byte[] s = new byte[n];
        b.get(s);
        return s;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
