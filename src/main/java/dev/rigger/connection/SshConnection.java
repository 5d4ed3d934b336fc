package dev.rigger.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import net.schmizz.keepalive.KeepAlive;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * A connection to one host over SSH (sshj). Commands run in a long-lived {@code /bin/sh} per become user
 * ({@link ShellMode#PERSISTENT}, the default) or in a new session channel each ({@link
 * ShellMode#CHANNEL_PER_COMMAND}); both use the same framing (see {@link ShellChannel}). TCP_NODELAY is set,
 * and keep-alive probes detect a cut link within about interval × (max count + 1).
 */
public final class SshConnection implements Connection {
    /** Most bytes kept of one stream of one command; the rest is counted and dropped. */
    public static final int MAX_OUTPUT = 8 * 1024 * 1024;
    private static final Duration SUDO_HANDSHAKE = Duration.ofSeconds(30);
    private static final Duration KILL_GRACE = Duration.ofSeconds(10);

    private final SshSettings settings;
    private final SSHClient client;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ShellChannel> shells = new HashMap<>();
    private final Map<String, BecomeException> becomeFailures = new HashMap<>();
    private final SftpFiles sftp;
    /** Counts commands and writes: what SFTP cached from /etc/passwd is read again after any of them. */
    private long generation;
    private final List<String> warnings;

    private SshConnection(SshSettings settings, SSHClient client, List<String> warnings) {
        this.settings = settings;
        this.client = client;
        this.warnings = List.copyOf(warnings);
        this.sftp = new SftpFiles(client, this::lost, () -> generation);
    }

    /** Connects and logs in, recording an unknown host key in the settings' known_hosts file. */
    public static SshConnection open(SshSettings s) throws IOException {
        return open(s, new KnownHostsFile(s.knownHosts()));
    }

    /**
     * Connects and logs in. Share one {@link KnownHostsFile} between parallel connections so that new host
     * keys are appended one at a time.
     *
     * @throws UnreachableException when the host cannot be reached, its key changed or login fails
     */
    public static SshConnection open(SshSettings s, KnownHostsFile knownHosts) throws IOException {
        return open(s, knownHosts, HostKeyPolicy.ACCEPT_NEW);
    }

    /** Connects and logs in, treating a host key known_hosts does not hold as {@code policy} says. */
    public static SshConnection open(SshSettings s, KnownHostsFile knownHosts, HostKeyPolicy policy)
            throws IOException {
        DefaultConfig cfg = new DefaultConfig();
        java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
        cfg.setKeepAliveProvider(ProgressKeepAlive.provider(received, s.keepAliveMaxCount()));
        SSHClient c = new SSHClient(cfg);
        c.setSocketFactory(ProgressKeepAlive.countingSockets(received));
        KeepAlive ka = c.getConnection().getKeepAlive();
        ka.setKeepAliveInterval((int) Math.max(1, s.keepAliveInterval().toSeconds()));
        int ms = (int) Math.min(Integer.MAX_VALUE, s.connectTimeout().toMillis());
        c.setConnectTimeout(ms);
        c.setTimeout(ms);
        String where = s.host() + " (" + s.user() + "@" + s.address() + ":" + s.port() + ")";
        KeyCheck check = new KeyCheck(knownHosts, s.address(), s.port(), policy);
        c.addHostKeyVerifier(check);
        try {
            c.connect(s.address(), s.port());
        } catch (IOException e) {
            closeQuietly(c);
            if (check.refusal != null) {
                throw new UnreachableException("cannot connect to " + where + ": " + check.refusal);
            }
            throw new UnreachableException("cannot connect to " + where + ": " + describe(e, s), e);
        }
        try {
            c.getSocket().setTcpNoDelay(true);
            login(c, s, where);
            // the read timeout guarded the hand-shake; from now on keep-alive probes watch the link
            c.getSocket().setSoTimeout(0);
        } catch (IOException | RuntimeException e) {
            closeQuietly(c);
            throw e instanceof UnreachableException u ? u
                    : new UnreachableException("cannot log in to " + where + ": " + e.getMessage(), e);
        }
        return new SshConnection(s, c, check.warning == null ? List.of() : List.of(check.warning));
    }

    private static void login(SSHClient c, SshSettings s, String where) throws IOException {
        List<KeyProvider> keys = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path p : s.privateKeys()) {
            if (!Files.isRegularFile(p)) {
                problems.add(p + " does not exist");
                continue;
            }
            try {
                KeyProvider k = c.loadKeys(p.toString());
                k.getPrivate(); // an encrypted key fails here, not later as "the server refused the keys"
                keys.add(k);
            } catch (IOException | RuntimeException e) {
                problems.add(encrypted(p, e) ? p + " is encrypted with a passphrase, which rigger cannot ask for:"
                        + " use a key without a passphrase for rigger" : p + " cannot be read: " + e.getMessage());
            }
        }
        if (!keys.isEmpty()) {
            try {
                c.authPublickey(s.user(), keys);
            } catch (IOException e) {
                problems.add("the server refused the keys " + s.privateKeys());
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
                    + (problems.isEmpty() ? "no key files and no password given" : String.join("; ", problems))
                    + ". Check ansible_user, ansible_ssh_private_key_file / --private-key and the host's"
                    + " authorized_keys.");
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
            return "cannot resolve the name " + s.address() + " (check ansible_host)";
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

    private static void closeQuietly(SSHClient c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing more to do
        }
    }

    public SshSettings settings() {
        return settings;
    }

    @Override
    public String host() {
        return settings.host();
    }

    @Override
    public synchronized ExecResult exec(Command command) throws IOException {
        return exec(command, MAX_OUTPUT);
    }

    private ExecResult exec(Command command, int stdoutLimit) throws IOException {
        long start = System.nanoTime();
        generation++;
        Become b = command.become();
        String sudoUser = b == null || b.user().equals(settings.user()) ? null : b.user();
        if (b != null && sudoUser != null && !"sudo".equals(b.method())) {
            throw new BecomeException("become_method " + b.method() + " is not supported on " + host()
                    + "; use sudo");
        }
        String key = sudoUser == null ? "" : sudoUser + "\0" + Objects.hashCode(b.password());
        BecomeException failed = becomeFailures.get(key);
        if (failed != null) {
            throw new BecomeException(failed.getMessage());
        }
        Duration timeout = command.timeout();
        if (settings.commandTimeout() != null && settings.commandTimeout().compareTo(timeout) < 0) {
            timeout = settings.commandTimeout();
        }
        boolean persistent = settings.shellMode() == ShellMode.PERSISTENT;
        ShellChannel sh = persistent ? shells.get(key) : null;
        if (sh != null && !sh.alive()) {
            sh.close();
            shells.remove(key);
            sh = null;
        }
        try {
            if (sh == null) {
                sh = openShell(sudoUser, b, key);
                if (persistent) {
                    shells.put(key, sh);
                }
            }
            ShellChannel.Outcome o = sh.run(command, stdoutLimit, MAX_OUTPUT, timeout);
            if (o.out() == null) {
                endTimedOut(sh, sudoUser, b);
                shells.remove(key);
                return new ExecResult(ExecResult.RC_TIMEOUT, o.partialOut(), o.partialErr(), false,
                        Duration.ofNanos(System.nanoTime() - start));
            }
            byte[] err = o.err() == null ? new byte[0] : o.err().data();
            boolean truncated = o.out().truncated() || (o.err() != null && o.err().truncated());
            return new ExecResult(o.out().rc(), o.out().data(), err, truncated,
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (BecomeException e) {
            becomeFailures.put(key, e);
            throw e;
        } catch (InterruptedIOException e) {
            endInterrupted(sh, sudoUser, b);
            dropShell(key, sh);
            throw e;
        } catch (IllegalArgumentException e) {
            dropShell(key, sh);
            throw e;
        } catch (IOException e) {
            dropShell(key, sh);
            throw lost(e);
        } finally {
            if (!persistent && sh != null) {
                sh.close();
            }
        }
    }

    private ShellChannel openShell(String sudoUser, Become b, String key) throws IOException {
        return ShellChannel.open(client, host(), sudoUser, sudoUser == null ? null : b.password(), SUDO_HANDSHAKE,
                MAX_OUTPUT, random);
    }

    private void dropShell(String key, ShellChannel sh) {
        if (sh != null) {
            sh.close();
            shells.remove(key, sh);
        }
    }

    /** Kills the timed-out command's shell and everything under it, from a second shell as the same user. */
    private void endTimedOut(ShellChannel sh, String sudoUser, Become b) throws IOException {
        long pid = sh.pid(Duration.ofSeconds(2));
        if (pid > 0) {
            try (ShellChannel killer = openShell(sudoUser, b, "")) {
                killer.run(Command.of(ShellChannel.killTreeScript(pid)), 4096, 4096, KILL_GRACE);
            }
        }
        sh.close();
    }

    /**
     * The run was cancelled (Ctrl-C) while a command ran: ends that command and everything under it on the host,
     * as a timeout does, so that nothing keeps running there after rigger exits. Closing the channel alone would
     * leave it running (without a terminal the host sends no hang-up).
     */
    private void endInterrupted(ShellChannel sh, String sudoUser, Become b) {
        if (sh == null) {
            return;
        }
        boolean wasInterrupted = Thread.interrupted();
        try {
            endTimedOut(sh, sudoUser, b);
        } catch (IOException | RuntimeException ignored) {
            // best effort: the link may be gone as well
        } finally {
            if (wasInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    /** Turns an I/O failure into UnreachableException when the SSH link itself is gone. */
    private IOException lost(IOException e) {
        if (e instanceof UnreachableException) {
            return e;
        }
        boolean down = !client.isConnected() || !client.getTransport().isRunning();
        if (!down) {
            try {
                Session probe = client.startSession();
                probe.close();
            } catch (IOException | RuntimeException probeFailed) {
                down = true;
            }
        }
        if (down) {
            return new UnreachableException("lost the connection to " + host() + " (" + settings.address() + ":"
                    + settings.port() + "): " + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
        if (e instanceof FrameReader.StreamEndedException) {
            return new IOException("the shell on " + host() + " ended while running the command; its result is"
                    + " unknown", e);
        }
        return e;
    }

    /** SFTP when the task runs as the login user (sudo cannot be put in front of the SFTP subsystem). */
    @Override
    public synchronized FileAccess files(Become become) {
        boolean sudo = become != null && !become.user().equals(settings.user());
        return sudo || !sftp.usable() || settings.shellMode() != ShellMode.PERSISTENT ? null : sftp;
    }

    @Override
    public synchronized void writeFileAtomic(String path, byte[] content, String mode, Become become)
            throws IOException {
        generation++;
        if (content.length <= SftpFiles.MAX_WRITE && files(become) != null) {
            try {
                sftp.writeAtomic(path, content, mode);
                return;
            } catch (FileAccess.Unsupported e) {
                // the shell's write below says what is wrong, or manages where SFTP may not (e.g. no posix-rename)
            }
        }
        ExecResult r = exec(Command.of(completeOnly(AtomicWrite.script(path, mode), content.length))
                .withStdin(content).withBecome(become));
        if (r.rc() != 0) {
            throw new IOException("cannot write " + path + " on " + host() + ": " + r.stderr().trim());
        }
    }

    /**
     * Guards an atomic write against a connection lost mid-transfer: the shell on the host runs a here-document
     * cut short by end of input with what it got, so the temp file is renamed over the target only when it holds
     * all {@code size} bytes.
     */
    static String completeOnly(String atomicScript, long size) {
        String read = "cat > \"$tmp\"; ";
        int at = atomicScript.indexOf(read);
        if (at < 0) {
            throw new IllegalStateException("unexpected atomic write script: " + atomicScript);
        }
        int end = at + read.length();
        return atomicScript.substring(0, end) + "[ \"$(wc -c < \"$tmp\")\" -eq " + size + " ] || { echo \"incomplete"
                + " transfer: the connection ended before all " + size + " bytes arrived; the target was left as it"
                + " was\" >&2; exit 75; }; " + atomicScript.substring(end);
    }

    @Override
    public synchronized byte[] readFile(String path, long maxBytes, Become become) throws IOException {
        if (files(become) != null) {
            try {
                FileAccess.RemoteStat st = sftp.stat(path, true);
                if (st == null || !"file".equals(st.type())) {
                    return null;
                }
                if (st.size() <= maxBytes) {
                    return sftp.read(path, maxBytes);
                }
            } catch (FileAccess.Unsupported e) {
                // asked again through the shell below
            }
        }
        int limit = (int) Math.max(0, Math.min(maxBytes, Integer.MAX_VALUE - 64));
        ExecResult r = exec(Command.of("test -f " + Shell.quote(path) + " || exit 3; exec head -c " + limit + " "
                + Shell.quote(path)).withBecome(become), limit);
        if (r.rc() == 3) {
            return null;
        }
        if (r.rc() != 0) {
            throw new IOException("cannot read " + path + " on " + host() + ": " + r.stderr().trim());
        }
        return r.stdoutBytes();
    }

    /** The logged-in sshj client, for port forwards ({@link Tunnel}); commands go through {@link #exec}. */
    SSHClient client() {
        return client;
    }

    /** True while the SSH link is up and logged in (keep-alive probes end it when the rig goes away). */
    public boolean isAlive() {
        return client.isConnected() && client.isAuthenticated();
    }

    @Override
    public synchronized void close() {
        sftp.closeQuietly();
        for (ShellChannel sh : shells.values()) {
            sh.close();
        }
        shells.clear();
        closeQuietly(client);
    }
}
