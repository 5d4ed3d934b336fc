package dev.rigger.connection;

import com.hierynomus.sshj.key.KeyAlgorithm;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.LinkedList;
import java.util.Queue;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthPublickey;

/**
 * sshj's public key login with a key that ssh-agent holds: the request carries the agent's public key blob as
 * it is, and the signature comes from the agent (with the rsa-sha2-256/512 flag when the server takes those
 * algorithms). Like sshj's own method, it tries the key's algorithms in the transport's order.
 */
final class AgentAuth extends AuthPublickey {
    private final SshAgent agent;
    private final SshAgent.Identity identity;
    private final KeyType type;
    private Queue<KeyAlgorithm> algorithms;

    private AgentAuth(SshAgent agent, SshAgent.Identity identity, PublicKey key) {
        super(publicOnly(key));
        this.agent = agent;
        this.identity = identity;
        this.type = KeyType.fromKey(key);
    }

    /** A login with one of the agent's keys, or null when sshj does not know the key's type. */
    static AgentAuth of(SshAgent agent, SshAgent.Identity identity) {
        try {
            PublicKey key = new Buffer.PlainBuffer(identity.blob()).readPublicKey();
            return KeyType.fromKey(key) == KeyType.UNKNOWN ? null : new AgentAuth(agent, identity, key);
        } catch (Buffer.BufferException | RuntimeException e) {
            return null;
        }
    }

    private KeyAlgorithm algorithm() throws TransportException {
        if (algorithms == null) {
            algorithms = new LinkedList<>(params.getTransport().getClientKeyAlgorithms(type));
        }
        return algorithms.peek();
    }

    @Override
    public boolean shouldRetry() {
        if (algorithms == null) {
            return false;
        }
        algorithms.poll();
        return !algorithms.isEmpty();
    }

    @Override
    protected SSHPacket putPubKey(SSHPacket reqBuf) throws UserAuthException {
        KeyAlgorithm a = current();
        reqBuf.putString(a.getKeyAlgorithm()).putString(identity.blob());
        return reqBuf;
    }

    @Override
    protected SSHPacket putSig(SSHPacket reqBuf) throws UserAuthException {
        KeyAlgorithm a = current();
        byte[] data = new Buffer.PlainBuffer().putString(params.getTransport().getSessionID()).putBuffer(reqBuf)
                .getCompactData();
        int flags = switch (a.getKeyAlgorithm()) {
            case "rsa-sha2-256" -> SshAgent.RSA_SHA2_256;
            case "rsa-sha2-512" -> SshAgent.RSA_SHA2_512;
            default -> 0;
        };
        try {
            reqBuf.putString(agent.sign(identity.blob(), data, flags));
        } catch (IOException e) {
            throw new UserAuthException("ssh-agent could not sign with the key " + identity.comment() + ": "
                    + e.getMessage(), e);
        }
        return reqBuf;
    }

    private KeyAlgorithm current() throws UserAuthException {
        try {
            KeyAlgorithm a = algorithm();
            if (a == null) {
                throw new UserAuthException("no algorithm for the ssh-agent key " + identity.comment());
            }
            return a;
        } catch (TransportException e) {
            throw new UserAuthException(e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ssh-agent key " + identity.comment();
    }

    /** The public half, for sshj's bookkeeping; the private half stays in the agent. */
    private static KeyProvider publicOnly(PublicKey key) {
        return new KeyProvider() {
            @Override
            public PrivateKey getPrivate() throws IOException {
                throw new IOException("the private key is held by ssh-agent");
            }

            @Override
            public PublicKey getPublic() {
                return key;
            }

            @Override
            public KeyType getType() {
                return KeyType.fromKey(key);
            }
        };
    }
}
