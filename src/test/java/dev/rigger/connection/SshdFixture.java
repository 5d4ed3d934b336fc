package dev.rigger.connection;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OpenSSH server on 127.0.0.1 and a random port, with its own config, host key and authorized_keys in
 * a temporary folder, started before the test class and killed after. Tests skip when sshd is missing or not
 * running as root. Also prepares {@link #BECOME_USER}, an unprivileged user whose sudo needs a password.
 */
public final class SshdFixture implements BeforeAllCallback, AfterAllCallback {
    public static final String SSHD = "/usr/sbin/sshd";
    public static final String BECOME_USER = "riggerbecome";

    private Path dir;
    private Process sshd;
    private int port;
    private String becomePassword;
    private boolean becomeReady;
    private String becomeProblem = "not prepared";

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(SSHD)),
                "SSH tests skipped: " + SSHD + " missing (apt-get install -y openssh-server)");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "SSH tests skipped: they need root to start sshd");
        dir = Files.createTempDirectory("rigger-sshd");
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("client_key").toString());
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        // sshd reads authorized_keys as the user logging in: let the unprivileged become user read it
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("authorized_keys"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.createDirectories(Path.of("/run/sshd"));
        prepareBecomeUser();
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path cfg = dir.resolve("sshd_config");
        Files.writeString(cfg, String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_key"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "StrictModes no",
                "UsePAM no",
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PidFile none",
                "MaxSessions 64",
                "MaxStartups 64",
                "LogLevel ERROR",
                "Subsystem sftp internal-sftp",
                ""));
        sshd = new ProcessBuilder(SSHD, "-D", "-e", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(this::listening);
    }

    private boolean listening() throws IOException {
        if (!sshd.isAlive()) {
            throw new IllegalStateException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void prepareBecomeUser() {
        try {
            if (!Files.isExecutable(Path.of("/usr/bin/sudo"))) {
                becomeProblem = "sudo is not installed (apt-get install -y sudo)";
                return;
            }
            if (run(List.of("id", BECOME_USER), null) != 0) {
                run("useradd", "-m", "-s", "/bin/sh", BECOME_USER);
            }
            byte[] r = new byte[8];
            new SecureRandom().nextBytes(r);
            becomePassword = "pw-" + HexFormat.of().formatHex(r);
            run(List.of("chpasswd"), BECOME_USER + ":" + becomePassword + "\n");
            Files.writeString(Path.of("/etc/sudoers.d/rigger-test"), BECOME_USER + " ALL=(ALL:ALL) ALL\n"
                    + "Defaults:" + BECOME_USER + " timestamp_timeout=0, !lecture\n");
            Files.setPosixFilePermissions(Path.of("/etc/sudoers.d/rigger-test"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("r--r-----"));
            becomeReady = true;
        } catch (IOException | RuntimeException e) {
            becomeProblem = "could not prepare user " + BECOME_USER + ": " + e.getMessage();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (sshd != null) {
            sshd.descendants().forEach(ProcessHandle::destroyForcibly);
            sshd.destroyForcibly();
            sshd.waitFor(10, TimeUnit.SECONDS);
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public Path clientKey() {
        return dir.resolve("client_key");
    }

    public Path hostPublicKey() {
        return dir.resolve("host_key.pub");
    }

    /** Settings for logging in as {@code user} with the fixture's key and a fresh known_hosts file. */
    public SshSettings settings(String user, Path knownHosts, ShellMode mode) {
        return SshSettings.of("rig1").withAddress("127.0.0.1", port).withUser(user)
                .withPrivateKeys(List.of(clientKey())).withKnownHosts(knownHosts)
                .withConnectTimeout(Duration.ofSeconds(5)).withShellMode(mode);
    }

    public void assumeBecome() {
        Assumptions.assumeTrue(becomeReady, "become tests skipped: " + becomeProblem);
    }

    public String becomePassword() {
        return becomePassword;
    }

    /** Kills the per-connection sshd processes (not the listener): every open session drops. */
    public void killSessions() {
        sshd.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    static void run(String... argv) throws IOException {
        int rc = run(List.of(argv), null);
        if (rc != 0) {
            throw new IOException(String.join(" ", argv) + " failed with rc " + rc);
        }
    }

    static int run(List<String> argv, String input) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (var os = p.getOutputStream()) {
            if (input != null) {
                os.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", argv) + " did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        return p.exitValue();
    }
}
