package dev.rigger.connection;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import net.schmizz.keepalive.KeepAlive;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPublickey;

/**
 * Connecting and logging in, for {@link SshConnection}: through the jump hosts first (each one logged in with its
 * own settings and host key check, the next reached over a direct-tcpip channel of the one before, as OpenSSH's
 * ProxyJump), then the host. Login tries the keys ssh-agent holds first, in the agent's order (with
 * IdentitiesOnly only those of the configured key files), then the key files, then the password, as OpenSSH does.
 */
final class SshLogin {
    private SshLogin() {
    }

    /** The logged-in clients: the hops in order, then the host's. */
    record Clients(List<SSHClient> hops, SSHClient client, List<String> warnings) {
    }

    static Clients open(SshSettings s, Function<Path, KnownHostsFile> knownHosts, HostKeyPolicy policy)
            throws IOException {
        // one counter for the whole path: every byte of the host's link arrives on the first hop's socket
        AtomicLong received = new AtomicLong();
        List<SSHClient> hops = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        SSHClient via = null;
        String viaName = null;
        try {
            for (SshSettings.Jump j : s.jumps()) {
                SshSettings h = j.settings();
                String where = "jump host " + h.host() + " (" + h.user() + "@" + h.address() + ":" + h.port()
                        + ") on the way to " + s.host();
                via = client(h, knownHosts.apply(h.knownHosts()), j.policy(), via, viaName, received, warnings,
                        where);
                viaName = h.host();
                hops.add(via);
            }
            String where = s.host() + " (" + s.user() + "@" + s.address() + ":" + s.port()
                    + (viaName == null ? "" : " via " + viaName) + ")";
            SSHClient c = client(s, knownHosts.apply(s.knownHosts()), policy, via, viaName, received, warnings,
                    where);
            return new Clients(hops, c, warnings);
        } catch (IOException | RuntimeException e) {
            for (int i = hops.size() - 1; i >= 0; i--) {
                closeQuietly(hops.get(i));
            }
            throw e;
        }
    }

    private static SSHClient client(SshSettings s, KnownHostsFile knownHosts, HostKeyPolicy policy, SSHClient via,
                                    String viaName, AtomicLong received, List<String> warnings, String where)
            throws IOException {
        DefaultConfig cfg = new DefaultConfig();
        cfg.setKeepAliveProvider(ProgressKeepAlive.provider(received, s.keepAliveMaxCount()));
        SSHClient c = new SSHClient(cfg);
        if (via == null) {
            c.setSocketFactory(ProgressKeepAlive.countingSockets(received));
        }
        KeepAlive ka = c.getConnection().getKeepAlive();
        ka.setKeepAliveInterval((int) Math.max(1, s.keepAliveInterval().toSeconds()));
        int ms = (int) Math.min(Integer.MAX_VALUE, s.connectTimeout().toMillis());
        c.setConnectTimeout(ms);
        c.setTimeout(ms);
        KeyCheck check = new KeyCheck(knownHosts, s.address(), s.port(), policy);
        c.addHostKeyVerifier(check);
        try {
            if (via == null) {
                c.connect(s.address(), s.port());
            } else {
                c.connectVia(via.newDirectConnection(s.address(), s.port()));
            }
        } catch (OpenFailException e) {
            closeQuietly(c);
            throw new UnreachableException("cannot connect to " + where + ": the jump host " + viaName
                    + " could not open a connection to " + s.address() + ":" + s.port() + " (" + e.getMessage()
                    + ")", e);
        } catch (IOException e) {
            closeQuietly(c);
            if (check.refusal != null) {
                throw new UnreachableException("cannot connect to " + where + ": " + check.refusal);
            }
            throw new UnreachableException("cannot connect to " + where + ": " + describe(e, s), e);
        }
        try {
            if (c.getSocket() != null) {
                c.getSocket().setTcpNoDelay(true);
            }
            login(c, s, where);
            // the read timeout guarded the hand-shake; from now on keep-alive probes watch the link
            if (c.getSocket() != null) {
                c.getSocket().setSoTimeout(0);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(c);
            throw e instanceof UnreachableException u ? u
                    : new UnreachableException("cannot log in to " + where + ": " + e.getMessage(), e);
        }
        if (check.warning != null) {
            warnings.add(check.warning);
        }
        return c;
    }

    private static void login(SSHClient c, SshSettings s, String where) throws IOException {
        List<AuthMethod> methods = new ArrayList<>();
        List<String> tried = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        SshAgent agent = null;
        try {
            Set<String> offered = new HashSet<>();
            if (s.agentSocket() != null) {
                agent = agentKeys(c, s, methods, offered, problems);
                if (!offered.isEmpty()) {
                    tried.add(offered.size() + " from ssh-agent");
                }
            }
            for (Path p : s.privateKeys()) {
                if (!Files.isRegularFile(p)) {
                    problems.add(p + " does not exist");
                    continue;
                }
                byte[] pub = publicBlob(c, p);
                if (pub != null && offered.contains(Base64.getEncoder().encodeToString(pub))) {
                    continue; // the agent offered this key already
                }
                try {
                    KeyProvider k = c.loadKeys(p.toString());
                    k.getPrivate(); // an encrypted key fails here, not later as "the server refused the keys"
                    methods.add(new AuthPublickey(k));
                    tried.add(p.toString());
                } catch (IOException | RuntimeException e) {
                    problems.add(encrypted(p, e) ? "the key " + p + " is encrypted: load it into ssh-agent (ssh-add "
                            + p + ") and run rigger with SSH_AUTH_SOCK set" : p + " cannot be read: " + e.getMessage());
                }
            }
            if (!methods.isEmpty()) {
                try {
                    c.auth(s.user(), methods);
                } catch (UserAuthException e) {
                    problems.add(0, "the server refused the keys " + tried);
                }
            }
        } finally {
            if (agent != null) {
                agent.close();
            }
        }
        if (!c.isAuthenticated() && s.password() != null) {
            try {
                c.authPassword(s.user(), s.password());
            } catch (IOException e) {
                problems.add("the server refused the password");
            }
        }
        if (!c.isAuthenticated()) {
            throw new UnreachableException("permission denied logging in to " + where + ": "
                    + (problems.isEmpty() ? "no key files, no ssh-agent keys and no password given"
                    : String.join("; ", problems))
                    + ". Check ansible_user, ansible_ssh_private_key_file / --private-key, the ssh config"
                    + " (IdentityFile, User) and the host's authorized_keys.");
        }
    }

    /** The agent's keys as login methods (IdentitiesOnly: those of the key files only); the agent stays open. */
    private static SshAgent agentKeys(SSHClient c, SshSettings s, List<AuthMethod> methods, Set<String> offered,
                                      List<String> problems) {
        SshAgent agent;
        try {
            agent = SshAgent.connect(s.agentSocket());
        } catch (IOException e) {
            problems.add(e.getMessage());
            return null;
        }
        try {
            Set<String> allowed = null;
            if (s.identitiesOnly()) {
                allowed = new HashSet<>();
                for (Path p : s.privateKeys()) {
                    byte[] pub = publicBlob(c, p);
                    if (pub != null) {
                        allowed.add(Base64.getEncoder().encodeToString(pub));
                    }
                }
            }
            for (SshAgent.Identity id : agent.identities()) {
                String b64 = Base64.getEncoder().encodeToString(id.blob());
                if (allowed != null && !allowed.contains(b64)) {
                    continue;
                }
                AgentAuth m = AgentAuth.of(agent, id);
                if (m != null && offered.add(b64)) {
                    methods.add(m);
                }
            }
        } catch (IOException e) {
            problems.add(e.getMessage());
        }
        return agent;
    }

    /** A key file's public key blob: from FILE.pub, as OpenSSH reads it, else from the key itself; null if neither. */
    static byte[] publicBlob(SSHClient c, Path key) {
        Path pub = Path.of(key + ".pub");
        try {
            if (Files.isRegularFile(pub)) {
                String[] f = Files.readString(pub, StandardCharsets.UTF_8).strip().split("\\s+");
                if (f.length >= 2) {
                    return Base64.getDecoder().decode(f[1]);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // fall back to the key file
        }
        try {
            PublicKey pk = c.loadKeys(key.toString()).getPublic();
            return new Buffer.PlainBuffer().putPublicKey(pk).getCompactData();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean encrypted(Path key, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("passphrase") || m.contains("password") || m.contains("decrypt")
                    || m.contains("encrypted")) {
                return true;
            }
        }
        try {
            return Files.readString(key).contains("ENCRYPTED");
        } catch (IOException | RuntimeException ignored) {
            return false;
        }
    }

    private static String describe(IOException e, SshSettings s) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof ConnectException) && !(t instanceof SocketTimeoutException)
                && !(t instanceof UnknownHostException) && !(t instanceof NoRouteToHostException)) {
            t = t.getCause();
        }
        if (t instanceof ConnectException) {
            return "connection refused (is sshd running and listening on port " + s.port() + "? check"
                    + " ansible_host / ansible_port)";
        }
        if (t instanceof SocketTimeoutException) {
            return "timed out after " + s.connectTimeout().toSeconds() + " s (host down, firewalled, or not"
                    + " an SSH server; raise ansible_ssh_timeout if the link is slow)";
        }
        if (t instanceof UnknownHostException) {
            return "cannot resolve the name " + s.address() + " (check ansible_host, and HostName in the ssh config)";
        }
        if (t instanceof NoRouteToHostException) {
            return "no route to host (check the address and the network)";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** Checks the server's key against known_hosts and remembers why it refused, for the message. */
    private static final class KeyCheck implements HostKeyVerifier {
        private final KnownHostsFile file;
        private final String address;
        private final int port;
        private volatile String refusal;
        private volatile String warning;

        private final HostKeyPolicy policy;

        KeyCheck(KnownHostsFile file, String address, int port, HostKeyPolicy policy) {
            this.file = file;
            this.address = address;
            this.port = port;
            this.policy = policy;
        }

        @Override
        public boolean verify(String hostname, int p, PublicKey key) {
            try {
                if (policy == HostKeyPolicy.STRICT
                        && file.check(address, port, key) instanceof KnownHostsFile.Verdict.Recorded) {
                    String pattern = KnownHostsFile.hostPattern(address, port);
                    refusal = "the host key of " + pattern + " (" + KeyType.fromKey(key) + " "
                            + KnownHostsFile.fingerprint(key) + ") is not in " + file.path() + " and host_key_checking"
                            + " is on: check the fingerprint, then add it (ssh-keyscan" + (port == 22 ? "" : " -p " + port)
                            + " " + address + " >> " + file.path() + ") or set host_key_checking to false";
                    return false;
                }
                KnownHostsFile.Verdict v = file.verify(address, port, key);
                if (v instanceof KnownHostsFile.Verdict.Changed changed) {
                    if (policy == HostKeyPolicy.OFF) {
                        warning = "host_key_checking is off: connecting although " + changed.message();
                        return true;
                    }
                    refusal = changed.message();
                    return false;
                }
                if (v instanceof KnownHostsFile.Verdict.Unrecorded u) {
                    warning = "could not record the host key of " + KnownHostsFile.hostPattern(address, port) + " ("
                            + KnownHostsFile.fingerprint(key) + "): " + u.why() + "; trusting it for this run only";
                }
                return true;
            } catch (IOException e) {
                refusal = "cannot check the host key against " + file.path() + ": " + e.getMessage();
                return false;
            }
        }

        @Override
        public List<String> findExistingAlgorithms(String hostname, int p) {
            return file.knownAlgorithms(address, port);
        }
    }


    static void closeQuietly(SSHClient c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing more to do
        }
    }
}
