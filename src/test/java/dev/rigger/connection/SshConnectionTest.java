package dev.rigger.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SshConnectionTest {
    @RegisterExtension
    static final SshdFixture SSHD = new SshdFixture();

    @TempDir
    Path tmp;

    private SshConnection open(ShellMode mode) throws IOException {
        return SshConnection.open(SSHD.settings("root", tmp.resolve("known_hosts"), mode));
    }

    @ParameterizedTest
    @EnumSource(ShellMode.class)
    void exec_returnsRcStdoutAndStderrSeparately(ShellMode mode) throws IOException {
        try (SshConnection c = open(mode)) {
            ExecResult r = c.exec(Command.of("echo out; echo err >&2; exit 7"));
            assertEquals(7, r.rc());
            assertEquals("out\n", r.stdout());
            assertEquals("err\n", r.stderr());
            assertFalse(r.truncated());
        }
    }

    @ParameterizedTest
    @EnumSource(ShellMode.class)
    void exec_feedsStdinAndEnvironment(ShellMode mode) throws IOException {
        try (SshConnection c = open(mode)) {
            ExecResult r = c.exec(Command.of("tr a-z A-Z; printf '%s' \"$GREETING\"")
                    .withStdin("hello\nworld".getBytes(StandardCharsets.UTF_8))
                    .withEnv(Map.of("GREETING", "it's \"quoted\" $x")));
            assertEquals(0, r.rc());
            assertEquals("HELLO\nWORLDit's \"quoted\" $x", r.stdout());
            ExecResult none = c.exec(Command.of("cat; echo done"));
            assertEquals("done\n", none.stdout(), "without stdin a command reads an empty input");
        }
    }

    @ParameterizedTest
    @EnumSource(ShellMode.class)
    void exec_keepsBinaryOutputAndOutputWithoutNewline(ShellMode mode) throws IOException {
        byte[] data = new byte[300_000];
        new Random(42).nextBytes(data);
        try (SshConnection c = open(mode)) {
            ExecResult r = c.exec(Command.of("cat").withStdin(data));
            assertArrayEquals(data, r.stdoutBytes());
            assertEquals("no newline", c.exec(Command.of("printf 'no newline'")).stdout());
        }
    }

    @Test
    void exec_scriptsCannotBreakTheLongLivedShell() throws IOException {
        try (SshConnection c = open(ShellMode.PERSISTENT)) {
            assertEquals(2, c.exec(Command.of("echo \"unterminated")).rc());
            assertEquals(0, c.exec(Command.of("cd /tmp; X=1; exit 0")).rc());
            ExecResult r = c.exec(Command.of("pwd; echo \"x=$X\"; cat <<'EOF'\nheredoc ) ' \"\nEOF"));
            assertEquals("/root\nx=\nheredoc ) ' \"\n", r.stdout());
        }
    }

    @Test
    void exec_truncatesHugeOutputButKeepsTheConnectionInStep() throws IOException {
        try (SshConnection c = open(ShellMode.PERSISTENT)) {
            ExecResult r = c.exec(Command.of("head -c 10000000 /dev/zero; echo tail >&2"));
            assertEquals(0, r.rc());
            assertTrue(r.truncated());
            assertEquals(SshConnection.MAX_OUTPUT, r.stdoutBytes().length);
            assertEquals("tail\n", r.stderr());
            assertEquals("next\n", c.exec(Command.of("echo next")).stdout());
        }
    }

    @ParameterizedTest
    @EnumSource(ShellMode.class)
    void exec_endsACommandPastItsTimeoutAndKeepsTheConnection(ShellMode mode) throws IOException {
        try (SshConnection c = open(mode)) {
            Path mark = tmp.resolve("child-alive");
            ExecResult r = c.exec(Command.of("echo started; (sleep 3; touch " + mark + ") & sleep 30")
                    .withTimeout(Duration.ofMillis(1500)));
            assertEquals(ExecResult.RC_TIMEOUT, r.rc());
            assertEquals("started\n", r.stdout());
            assertTrue(r.took().compareTo(Duration.ofSeconds(8)) < 0, "took " + r.took());
            assertEquals("after\n", c.exec(Command.of("echo after")).stdout());
            ExecResult ps = c.exec(Command.of("sleep 2.5; test -e " + mark + " && echo leaked || echo clean"));
            assertEquals("clean\n", ps.stdout(), "the background child of the timed-out command was killed");
        }
    }

    @Test
    void exec_runsManyCommandsInSequenceOnOneShell() throws IOException {
        try (SshConnection c = open(ShellMode.PERSISTENT)) {
            for (int i = 0; i < 500; i++) {
                ExecResult r = c.exec(Command.of("echo " + i));
                assertEquals(i + "\n", r.stdout());
            }
        }
    }

    @Test
    void open_recordsAnUnknownHostKeyThenAcceptsIt() throws IOException {
        Path kh = tmp.resolve("known_hosts");
        try (SshConnection c = open(ShellMode.PERSISTENT)) {
            assertEquals(0, c.exec(Command.of("true")).rc());
        }
        String line = Files.readString(kh);
        String hostKey = Files.readString(SSHD.hostPublicKey()).split(" ")[1];
        assertTrue(line.startsWith("[127.0.0.1]:" + SSHD.port() + " ssh-ed25519 " + hostKey), line);
        try (SshConnection c = open(ShellMode.PERSISTENT)) {
            assertEquals(0, c.exec(Command.of("true")).rc());
        }
        assertEquals(line, Files.readString(kh), "a known key is not recorded twice");
    }

    @Test
    void open_withAKnownHostsFileThatCannotBeWritten_warnsAndGoesOn_andNeverCreatesAMissingHome() throws IOException {
        Path missingHome = tmp.resolve("nonexistent/home");
        try (SshConnection c = SshConnection.open(SSHD.settings("root", missingHome.resolve(".ssh/known_hosts"),
                ShellMode.PERSISTENT))) {
            assertEquals(0, c.exec(Command.of("true")).rc());
            assertEquals(1, c.warnings().size(), c.warnings().toString());
            assertTrue(c.warnings().get(0).contains("trusting it for this run only"), c.warnings().get(0));
        }
        assertFalse(Files.exists(tmp.resolve("nonexistent")), "a missing home was created");
        Path notADir = Files.writeString(tmp.resolve("plainfile"), "x");
        try (SshConnection c = SshConnection.open(SSHD.settings("root", notADir.resolve("known_hosts"),
                ShellMode.PERSISTENT))) {
            assertEquals(0, c.exec(Command.of("true")).rc());
            assertTrue(c.warnings().get(0).contains("cannot be written"), c.warnings().toString());
        }
    }

    @Test
    void hostKeyChecking_onRefusesAnUnknownKey_offLetsAChangedKeyThroughWithAWarning() throws IOException {
        Path kh = tmp.resolve("kh-policy");
        SshSettings s = SSHD.settings("root", kh, ShellMode.PERSISTENT);
        UnreachableException refused = assertThrows(UnreachableException.class,
                () -> SshConnection.open(s, new KnownHostsFile(kh), HostKeyPolicy.STRICT));
        assertTrue(refused.getMessage().contains("host_key_checking is on"), refused.getMessage());
        assertTrue(refused.getMessage().contains("SHA256:"), refused.getMessage());
        assertFalse(Files.exists(kh), "nothing recorded under host_key_checking");
        try (SshConnection c = SshConnection.open(s, new KnownHostsFile(kh), HostKeyPolicy.ACCEPT_NEW)) {
            assertEquals(0, c.exec(Command.of("true")).rc());
        }
        try (SshConnection c = SshConnection.open(s, new KnownHostsFile(kh), HostKeyPolicy.STRICT)) {
            assertEquals(0, c.exec(Command.of("true")).rc(), "a recorded key passes the strict check");
        }
        String other = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
        Files.writeString(kh, "[127.0.0.1]:" + SSHD.port() + " ssh-ed25519 " + other + "\n");
        try (SshConnection c = SshConnection.open(s, new KnownHostsFile(kh), HostKeyPolicy.OFF)) {
            assertEquals(0, c.exec(Command.of("true")).rc());
            assertTrue(c.warnings().get(0).contains("host_key_checking is off"), c.warnings().toString());
        }
        assertThrows(UnreachableException.class,
                () -> SshConnection.open(s, new KnownHostsFile(kh), HostKeyPolicy.ACCEPT_NEW));
    }

    @Test
    void open_acceptsAHashedKnownHostsEntry() throws IOException {
        Path kh = tmp.resolve("known_hosts");
        String[] pub = Files.readString(SSHD.hostPublicKey()).trim().split(" ");
        Files.writeString(kh, "# comment\n[127.0.0.1]:" + SSHD.port() + " " + pub[0] + " " + pub[1] + "\n");
        SshdFixture.run("ssh-keygen", "-q", "-H", "-f", kh.toString());
        String hashed = Files.readString(kh);
        assertTrue(hashed.contains("|1|"), hashed);
        try (SshConnection c = open(ShellMode.PERSISTENT)) {
            assertEquals(0, c.exec(Command.of("true")).rc());
        }
        assertEquals(hashed, Files.readString(kh), "the hashed entry matched; nothing appended");
    }

    @Test
    void open_refusesAChangedHostKeyNamingTheFileLineAndTheFix() throws IOException {
        Path kh = tmp.resolve("known_hosts");
        SshdFixture.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", tmp.resolve("other").toString());
        String[] other = Files.readString(tmp.resolve("other.pub")).trim().split(" ");
        Files.writeString(kh, "# first line\n[127.0.0.1]:" + SSHD.port() + " " + other[0] + " " + other[1] + "\n");
        UnreachableException e = assertThrows(UnreachableException.class, () -> open(ShellMode.PERSISTENT));
        String m = e.getMessage();
        assertTrue(m.contains("rig1"), m);
        assertTrue(m.contains("CHANGED"), m);
        assertTrue(m.contains(kh.toAbsolutePath() + ":2"), m);
        assertTrue(m.contains("ssh-keygen -R '[127.0.0.1]:" + SSHD.port() + "' -f " + kh.toAbsolutePath()), m);
    }

    @Test
    void open_refusedPortIsUnreachableQuickly() throws IOException {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        SshSettings s = SSHD.settings("root", tmp.resolve("kh"), ShellMode.PERSISTENT).withAddress("127.0.0.1", closed);
        UnreachableException e = assertThrows(UnreachableException.class, () -> SshConnection.open(s));
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
    }

    @Test
    void open_silentServerTimesOutWithinTheConnectTimeout() throws IOException {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            SshSettings s = SSHD.settings("root", tmp.resolve("kh"), ShellMode.PERSISTENT)
                    .withAddress("127.0.0.1", silent.getLocalPort()).withConnectTimeout(Duration.ofSeconds(1));
            long t0 = System.nanoTime();
            UnreachableException e = assertThrows(UnreachableException.class, () -> SshConnection.open(s));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 4000, "took " + ms + " ms: " + e.getMessage());
        }
    }

    @Test
    void open_wrongKeyIsPermissionDenied() throws IOException {
        SshdFixture.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", tmp.resolve("stranger").toString());
        SshSettings s = SSHD.settings("root", tmp.resolve("kh"), ShellMode.PERSISTENT)
                .withPrivateKeys(java.util.List.of(tmp.resolve("stranger")));
        UnreachableException e = assertThrows(UnreachableException.class, () -> SshConnection.open(s));
        assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
    }

    @Test
    void open_withAPassphraseProtectedKey_saysTheKeyIsEncrypted() throws IOException {
        SshdFixture.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "s3cret-phrase", "-f", tmp.resolve("locked").toString());
        SshSettings s = SSHD.settings("root", tmp.resolve("kh"), ShellMode.PERSISTENT)
                .withPrivateKeys(java.util.List.of(tmp.resolve("locked")));
        UnreachableException e = assertThrows(UnreachableException.class, () -> SshConnection.open(s));
        assertTrue(e.getMessage().contains("is encrypted: load it into ssh-agent"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(ShellMode.class)
    void writeFileAtomic_replacesContentAndReadFileReadsItBack(ShellMode mode) throws IOException {
        Path target = tmp.resolve("conf");
        try (SshConnection c = open(mode)) {
            assertNull(c.readFile(target.toString(), 1000, null));
            c.writeFileAtomic(target.toString(), "v1\n".getBytes(StandardCharsets.UTF_8), "0600", null);
            assertEquals("v1\n", Files.readString(target));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(target)));
            c.writeFileAtomic(target.toString(), "v2\n".getBytes(StandardCharsets.UTF_8), null, null);
            assertArrayEquals("v2\n".getBytes(StandardCharsets.UTF_8), c.readFile(target.toString(), 1000, null));
            assertEquals("v", new String(c.readFile(target.toString(), 1, null), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @EnumSource(ShellMode.class)
    void writeFileAtomic_removesAStaleTempFile_andNeverFollowsALinkPlantedThere(ShellMode mode) throws IOException {
        Path target = tmp.resolve("app.conf");
        Path stale = tmp.resolve(".app.conf.rigger-tmp");
        Path victim = tmp.resolve("victim");
        Files.writeString(victim, "keep me\n");
        Files.createSymbolicLink(stale, victim);  // what a cut write, or someone else, left at the temp name
        byte[] big = new byte[2 * 1024 * 1024]; // over SFTP's size too: both write paths
        new Random(3).nextBytes(big);
        try (SshConnection c = open(mode)) {
            c.writeFileAtomic(target.toString(), "v1\n".getBytes(StandardCharsets.UTF_8), null, null);
            assertEquals("v1\n", Files.readString(target));
            assertEquals("keep me\n", Files.readString(victim), "the planted link was followed");
            assertFalse(Files.exists(stale, java.nio.file.LinkOption.NOFOLLOW_LINKS), "a temp file is left");
            Files.writeString(stale, "partial");
            c.writeFileAtomic(target.toString(), big, null, null);
            assertArrayEquals(big, Files.readAllBytes(target));
            assertFalse(Files.exists(stale, java.nio.file.LinkOption.NOFOLLOW_LINKS), "a temp file is left");
        }
    }

    @Test
    void writeFileAtomic_handlesFiftyMebibytes() throws IOException {
        byte[] big = new byte[50 * 1024 * 1024];
        new Random(7).nextBytes(big);
        Path target = tmp.resolve("big.bin");
        try (SshConnection c = open(ShellMode.PERSISTENT)) {
            c.writeFileAtomic(target.toString(), big, null, null);
            assertArrayEquals(big, Files.readAllBytes(target));
            assertArrayEquals(big, c.readFile(target.toString(), 64L * 1024 * 1024, null));
        }
    }

    @Test
    void exec_connectionKilledMidCommandIsUnreachable() throws IOException {
        try (SshConnection c = open(ShellMode.PERSISTENT)) {
            assertEquals(0, c.exec(Command.of("true")).rc());
            Thread killer = new Thread(() -> {
                try {
                    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                            .until(() -> Files.exists(tmp.resolve("running")));
                } finally {
                    SSHD.killSessions();
                }
            });
            killer.start();
            UnreachableException e = assertThrows(UnreachableException.class,
                    () -> c.exec(Command.of("touch " + tmp.resolve("running") + "; sleep 20")
                            .withTimeout(Duration.ofSeconds(15))));
            assertTrue(e.getMessage().contains("rig1"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(ShellMode.class)
    void become_runsAsRootThroughSudoWithThePassword(ShellMode mode) throws IOException {
        SSHD.assumeBecome();
        try (SshConnection c = SshConnection.open(SSHD.settings(SshdFixture.BECOME_USER, tmp.resolve("kh"), mode))) {
            assertEquals(SshdFixture.BECOME_USER + "\n", c.exec(Command.of("id -un")).stdout());
            Become root = new Become("root", "sudo", SSHD.becomePassword(), null);
            ExecResult r = c.exec(Command.of("id -un; cat").withBecome(root).withStdin("in".getBytes()));
            assertEquals(0, r.rc(), r.stderr());
            assertEquals("root\nin", r.stdout());
            assertFalse(r.stderr().contains(SSHD.becomePassword()));
            assertEquals("root\n", c.exec(Command.of("id -un").withBecome(root)).stdout());
            Path f = tmp.resolve("root-owned");
            c.writeFileAtomic(f.toString(), "x".getBytes(), "0600", root);
            assertEquals(0, Files.getOwner(f).getName().equals("root") ? 0 : 1);
        }
    }

    @Test
    void become_wrongPasswordFailsClearlyAndOnlyOnce() throws IOException {
        SSHD.assumeBecome();
        try (SshConnection c = SshConnection.open(
                SSHD.settings(SshdFixture.BECOME_USER, tmp.resolve("kh"), ShellMode.PERSISTENT))) {
            Become wrong = new Become("root", "sudo", "not-the-password", null);
            long t0 = System.nanoTime();
            BecomeException e = assertThrows(BecomeException.class, () -> c.exec(Command.of("id").withBecome(wrong)));
            assertTrue(e.getMessage().contains("incorrect sudo password"), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-password"));
            long t1 = System.nanoTime();
            assertThrows(BecomeException.class, () -> c.exec(Command.of("id").withBecome(wrong)));
            assertTrue(System.nanoTime() - t1 < 50_000_000L, "the second attempt is refused without asking sudo");
            assertTrue((t1 - t0) < 10_000_000_000L);
            assertEquals(0, c.exec(Command.of("true")).rc(), "the connection still works");
        }
    }

    @Test
    void become_withoutPasswordSaysOneIsRequired() throws IOException {
        SSHD.assumeBecome();
        try (SshConnection c = SshConnection.open(
                SSHD.settings(SshdFixture.BECOME_USER, tmp.resolve("kh"), ShellMode.PERSISTENT))) {
            BecomeException e = assertThrows(BecomeException.class,
                    () -> c.exec(Command.of("id").withBecome(Become.root())));
            assertTrue(e.getMessage().contains("needs a password"), e.getMessage());
        }
    }

    @Test
    void become_asTheLoginUserNeedsNoSudo() throws IOException {
        try (SshConnection c = open(ShellMode.PERSISTENT)) {
            assertEquals("root\n", c.exec(Command.of("id -un").withBecome(Become.root())).stdout());
        }
    }

    @Test
    void facts_gatherOverSshInOneCommand() throws IOException {
        try (SshConnection c = open(ShellMode.PERSISTENT)) {
            Map<String, Object> f = dev.rigger.facts.FactGatherer.gather(c);
            assertEquals("Linux", f.get("system"));
            assertEquals("root", f.get("user_id"));
            assertEquals(0, f.get("user_uid"));
        }
    }
}
