package dev.rigger.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;

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
    /** The jump hosts' clients, first hop first; closed after the host's. */
    private final List<SSHClient> hops;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ShellChannel> shells = new HashMap<>();
    private final Map<String, BecomeException> becomeFailures = new HashMap<>();
    private final SftpFiles sftp;
    /** Counts commands and writes: what SFTP cached from /etc/passwd is read again after any of them. */
    private long generation;
    private final List<String> warnings;

    private SshConnection(SshSettings settings, SSHClient client, List<SSHClient> hops, List<String> warnings) {
        this.settings = settings;
        this.client = client;
        this.hops = List.copyOf(hops);
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
        Path own = s.knownHosts().toAbsolutePath().normalize();
        return open(s, p -> p.toAbsolutePath().normalize().equals(own) ? knownHosts : new KnownHostsFile(p), policy,
                List.of());
    }

    /**
     * Connects through the settings' jump hosts, if any, and logs in; {@code knownHosts} gives the shared file for
     * a path (hops may have their own); {@code notes} are added to the connection's {@link #warnings()}.
     */
    public static SshConnection open(SshSettings s, java.util.function.Function<Path, KnownHostsFile> knownHosts,
                                     HostKeyPolicy policy, List<String> notes) throws IOException {
        SshLogin.Clients c = SshLogin.open(s, knownHosts, policy);
        List<String> warnings = new ArrayList<>(notes);
        warnings.addAll(c.warnings());
        return new SshConnection(s, c.client(), c.hops(), warnings);
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

    /** The jump hosts' clients, first hop first (for tests). */
    List<SSHClient> hops() {
        return hops;
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
        SshLogin.closeQuietly(client);
        for (int i = hops.size() - 1; i >= 0; i--) {
            SshLogin.closeQuietly(hops.get(i));
        }
    }
}
