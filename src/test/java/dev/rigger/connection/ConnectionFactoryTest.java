package dev.rigger.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConnectionFactoryTest {
    private final ConnectionOverrides cli = new ConnectionOverrides("cliuser", Path.of("/keys/cli"),
            Duration.ofSeconds(30), null, null, Path.of("/tmp/kh"), ShellMode.CHANNEL_PER_COMMAND);

    @Test
    void sshSettings_hostVariablesWinOverTheCommandLine() {
        SshSettings s = new ConnectionFactory(cli).sshSettings("web1", Map.of("ansible_host", "10.77.0.5",
                "ansible_port", 2222, "ansible_user", "deploy", "ansible_ssh_private_key_file", "/keys/web",
                "ansible_password", "secret", "ansible_ssh_timeout", "7"));
        assertEquals("web1", s.host());
        assertEquals("10.77.0.5", s.address());
        assertEquals(2222, s.port());
        assertEquals("deploy", s.user());
        assertEquals(List.of(Path.of("/keys/web")), s.privateKeys());
        assertEquals("secret", s.password());
        assertEquals(Duration.ofSeconds(7), s.connectTimeout());
        assertEquals(ShellMode.CHANNEL_PER_COMMAND, s.shellMode());
        assertTrue(!s.toString().contains("secret"), s.toString());
    }

    @Test
    void sshSettings_commandLineFillsTheGapsAndDefaultsFollow() {
        SshSettings s = new ConnectionFactory(cli).sshSettings("web2", Map.of());
        assertEquals("web2", s.address());
        assertEquals(22, s.port());
        assertEquals("cliuser", s.user());
        assertEquals(List.of(Path.of("/keys/cli")), s.privateKeys());
        assertEquals(Duration.ofSeconds(30), s.connectTimeout());
        assertNull(s.password());
        SshSettings d = new ConnectionFactory(null).sshSettings("web3", Map.of("ansible_timeout", 3));
        assertEquals(System.getProperty("user.name"), d.user());
        assertEquals(Duration.ofSeconds(3), d.connectTimeout());
        assertEquals(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"), d.knownHosts());
    }

    @Test
    void open_localConnectionForAnsibleConnectionLocal() throws IOException {
        try (Connection c = new ConnectionFactory(null).open("localhost", Map.of("ansible_connection", "local"))) {
            assertInstanceOf(LocalConnection.class, c);
            assertEquals("localhost", c.host());
        }
    }

    @Test
    void open_unknownConnectionKindAndBadPortAreExplained() {
        ConnectionFactory f = new ConnectionFactory(null);
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                () -> f.open("h", Map.of("ansible_connection", "winrm")));
        assertTrue(kind.getMessage().contains("winrm"), kind.getMessage());
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> f.sshSettings("h", Map.of("ansible_port", "twenty-two")));
        assertTrue(port.getMessage().contains("ansible_port"), port.getMessage());
    }

    @org.junit.jupiter.api.Test
    void hostKeyChecking_comesFromTheHostVariable_thenTheEnvironment_andABadValueIsNamed() {
        ConnectionFactory env = new ConnectionFactory(null, k -> k.equals("ANSIBLE_HOST_KEY_CHECKING") ? "False" : null);
        org.junit.jupiter.api.Assertions.assertEquals(HostKeyPolicy.OFF, env.hostKeyPolicy("h", java.util.Map.of()));
        org.junit.jupiter.api.Assertions.assertEquals(HostKeyPolicy.STRICT,
                env.hostKeyPolicy("h", java.util.Map.of("ansible_host_key_checking", true)));
        org.junit.jupiter.api.Assertions.assertEquals(HostKeyPolicy.ACCEPT_NEW,
                new ConnectionFactory(null, k -> null).hostKeyPolicy("h", java.util.Map.of()));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> env.hostKeyPolicy("h", java.util.Map.of("ansible_host_key_checking", "maybe")));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("ansible_host_key_checking"),
                e.getMessage());
    }
}
