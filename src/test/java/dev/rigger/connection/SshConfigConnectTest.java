package dev.rigger.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** ~/.ssh/config, ProxyJump and ssh-agent against a real sshd (one sshd that is its own jump host). */
class SshConfigConnectTest {
    @RegisterExtension
    static final SshdFixture SSHD = new SshdFixture();

    @TempDir
    Path tmp;

    /** A factory reading {@code config} as the user's ssh config, with {@code agent} as SSH_AUTH_SOCK. */
    private ConnectionFactory factory(String config, Path agent) throws IOException {
        Path file = tmp.resolve("config");
        Files.writeString(file, config);
        return new ConnectionFactory(null, k -> k.equals("SSH_AUTH_SOCK") && agent != null ? agent.toString() : null,
                file, null);
    }

    private String host(String alias, String... more) {
        return "Host " + alias + "\n  HostName 127.0.0.1\n  Port " + SSHD.port() + "\n  User root\n"
                + "  UserKnownHostsFile " + tmp.resolve("known_hosts") + "\n" + String.join("\n", more) + "\n";
    }

    private static String run(Connection c, String cmd) throws IOException {
        ExecResult r = c.exec(Command.of(cmd));
        assertEquals(0, r.rc(), r.stderr());
        return r.stdout().strip();
    }

    @Test
    void anAliasInTheSshConfig_resolvesAndConnects() throws IOException {
        ConnectionFactory f = factory(host("gpu1", "  IdentityFile " + SSHD.clientKey()), null);
        try (Connection c = f.open("gpu1", Map.of())) {
            assertEquals("root", run(c, "id -un"));
        }
        assertTrue(Files.readString(tmp.resolve("known_hosts")).contains("[127.0.0.1]:" + SSHD.port()),
                "the config's UserKnownHostsFile records the key");
    }

    @Test
    void inventoryVariablesWinOverTheConfig() throws IOException {
        ConnectionFactory f = factory("Host gpu1\n  HostName 127.0.0.1\n  Port 1\n  User nobody\n  IdentityFile "
                + SSHD.clientKey() + "\n  UserKnownHostsFile " + tmp.resolve("known_hosts") + "\n", null);
        SshSettings s = f.sshSettings("rig", Map.of("ansible_host", "gpu1", "ansible_port", SSHD.port(),
                "ansible_user", "root"));
        assertEquals("127.0.0.1", s.address(), "ansible_host is the name the config is looked up with");
        assertEquals(SSHD.port(), s.port());
        assertEquals("root", s.user());
        try (Connection c = f.open("rig", Map.of("ansible_host", "gpu1", "ansible_port", SSHD.port(),
                "ansible_user", "root"))) {
            assertEquals("root", run(c, "id -un"));
        }
        assertEquals("nobody", f.sshSettings("rig", Map.of("ansible_host", "gpu1")).user(),
                "without ansible_user the config's User applies");
    }

    @Test
    void proxyJump_reachesTheHostOverTheJumpHostsChannel_andClosesTheHopWithIt() throws IOException {
        ConnectionFactory f = factory(host("login", "  IdentityFile " + SSHD.clientKey())
                + host("gpu1", "  IdentityFile " + SSHD.clientKey(), "  ProxyJump login,root@127.0.0.1:" + SSHD.port())
                + "Host 127.0.0.1\n  IdentityFile " + SSHD.clientKey() + "\n  UserKnownHostsFile "
                + tmp.resolve("known_hosts") + "\n", null);
        SshSettings s = f.sshSettings("gpu1", Map.of());
        assertEquals(2, s.jumps().size());
        assertEquals("login", s.jumps().get(0).settings().host());
        try (SshConnection c = (SshConnection) f.open("gpu1", Map.of())) {
            assertEquals(2, c.hops().size());
            assertNull(c.client().getSocket(), "the host is reached over a channel, not a socket of ours");
            int hopPort = c.hops().get(0).getSocket().getLocalPort();
            String[] conn = run(c, "echo $SSH_CONNECTION").split(" ");
            assertNotEquals(String.valueOf(hopPort), conn[1], "the host's client is the jump host's sshd");
            assertTrue(c.hops().get(1).isConnected());
            c.close();
            assertFalse(c.hops().get(0).isConnected(), "the hops close with the connection");
        }
    }

    @Test
    void proxyCommandSshW_isAJump_andAnyOtherProxyCommandFailsTheHost() throws IOException {
        ConnectionFactory f = factory(host("login", "  IdentityFile " + SSHD.clientKey())
                + host("gpu1", "  IdentityFile " + SSHD.clientKey(), "  ProxyCommand ssh -q -W %h:%p login")
                + "Host gpu2\n  ProxyCommand nc %h %p\n", null);
        try (SshConnection c = (SshConnection) f.open("gpu1", Map.of())) {
            assertEquals(1, c.hops().size());
            assertEquals("root", run(c, "id -un"));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.open("gpu2", Map.of()));
        assertTrue(e.getMessage().contains("rigger does not run ProxyCommand"), e.getMessage());
        assertTrue(e.getMessage().contains("config:"), e.getMessage());
    }

    @Test
    void ansibleSshCommonArgs_jumpAndConfigFile() throws IOException {
        Path other = tmp.resolve("lab.cfg");
        Files.writeString(other, host("login", "  IdentityFile " + SSHD.clientKey())
                + host("gpu9", "  IdentityFile " + SSHD.clientKey()));
        ConnectionFactory f = factory("Host *\n  Port 1\n", null);
        Map<String, Object> vars = Map.of("ansible_host", "gpu9", "ansible_ssh_common_args",
                "-F " + other + " -o ProxyJump=login");
        assertEquals(1, f.sshSettings("gpu9", vars).jumps().size());
        try (Connection c = f.open("gpu9", vars)) {
            assertEquals("root", run(c, "id -un"));
        }
    }

    @Test
    void agentKeys_areTriedWithoutAnyKeyFile_rsaWithSha2Too() throws Exception {
        Path rsa = tmp.resolve("rsa_key");
        SshdFixture.run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", rsa.toString());
        Files.writeString(SSHD.dir().resolve("authorized_keys"), Files.readString(Path.of(rsa + ".pub")),
                StandardOpenOption.APPEND);
        for (Path key : List.of(SSHD.clientKey(), rsa)) {
            Agent agent = Agent.start(tmp.resolve("agent-" + key.getFileName()), key);
            try {
                ConnectionFactory f = factory(host("gpu1", "  IdentityFile " + tmp.resolve("no-such-key")),
                        agent.socket);
                try (Connection c = f.open("gpu1", Map.of())) {
                    assertEquals("root", run(c, "id -un"), "logged in with the agent's " + key.getFileName());
                }
            } finally {
                agent.stop();
            }
        }
    }

    @Test
    void identitiesOnly_limitsTheAgentToTheConfiguredKeys() throws Exception {
        Path other = tmp.resolve("other_key");
        SshdFixture.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString());
        Path onlyPub = tmp.resolve("pub-only");
        Files.copy(Path.of(SSHD.clientKey() + ".pub"), Path.of(onlyPub + ".pub"));
        Agent agent = Agent.start(tmp.resolve("agent"), SSHD.clientKey());
        try {
            ConnectionFactory refused = factory(host("gpu1", "  IdentitiesOnly yes", "  IdentityFile " + other),
                    agent.socket);
            UnreachableException e = assertThrows(UnreachableException.class, () -> refused.open("gpu1", Map.of()));
            assertTrue(e.getMessage().contains("refused the keys [" + other + "]"), e.getMessage());
            ConnectionFactory allowed = factory(host("gpu1", "  IdentitiesOnly yes", "  IdentityFile " + onlyPub),
                    agent.socket);
            try (Connection c = allowed.open("gpu1", Map.of())) {
                assertEquals("root", run(c, "id -un"), "the agent's key whose .pub is the IdentityFile's");
            }
        } finally {
            agent.stop();
        }
    }

    @Test
    void anEncryptedKeyFile_isNamedWithWhatToDo() throws IOException {
        Path enc = tmp.resolve("enc_key");
        SshdFixture.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "secret-pass", "-f", enc.toString());
        ConnectionFactory f = factory(host("gpu1", "  IdentityFile " + enc), null);
        UnreachableException e = assertThrows(UnreachableException.class, () -> f.open("gpu1", Map.of()));
        assertTrue(e.getMessage().contains("the key " + enc + " is encrypted: load it into ssh-agent"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-pass"));
    }

    /** A real ssh-agent on its own socket, holding one key. */
    private record Agent(Process process, Path socket) {
        static Agent start(Path socket, Path key) throws Exception {
            Process p = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            for (int i = 0; i < 200 && !Files.exists(socket); i++) {
                Thread.sleep(20);
            }
            ProcessBuilder add = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            Process a = add.start();
            String out = new String(a.getInputStream().readAllBytes());
            assertTrue(a.waitFor(30, TimeUnit.SECONDS) && a.exitValue() == 0, "ssh-add: " + out);
            return new Agent(p, socket);
        }

        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
