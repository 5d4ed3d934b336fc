package dev.rigger.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigTest {
    @TempDir
    Path tmp;

    private static SshConfig parse(String text) {
        return SshConfig.parse(text, "config", Path.of("/nowhere"));
    }

    @Test
    void hostPatterns_wildcardsSeveralPatternsAndNegation() {
        assertTrue(SshConfig.hostMatches(List.of("gpu*"), "gpu1"));
        assertTrue(SshConfig.hostMatches(List.of("gpu?"), "GPU7"), "host names ignore case");
        assertFalse(SshConfig.hostMatches(List.of("gpu?"), "gpu12"));
        assertTrue(SshConfig.hostMatches(List.of("login", "gpu*"), "gpu12"));
        assertFalse(SshConfig.hostMatches(List.of("*", "!login"), "login"));
        assertTrue(SshConfig.hostMatches(List.of("*", "!login"), "gpu1"));
        assertFalse(SshConfig.hostMatches(List.of("!login"), "gpu1"), "only negated patterns never match");
        assertTrue(SshConfig.hostMatches(List.of("10.0.*.?"), "10.0.17.5"));
    }

    @Test
    void firstValueWins_andIdentityFilesAddUp() {
        SshConfig c = parse("""
                Host gpu1
                    HostName 10.0.0.11
                    User alice
                    IdentityFile ~/.ssh/gpu
                Host gpu*
                    HostName ignored
                    User bob
                    Port 2222
                    IdentityFile /keys/second
                Host *
                    Port 22
                    ServerAliveInterval 30
                """);
        SshHostConfig h = c.lookup("gpu1");
        assertEquals("10.0.0.11", h.hostName());
        assertEquals("alice", h.user());
        assertEquals(2222, h.port());
        assertEquals(Duration.ofSeconds(30), h.seconds("ServerAliveInterval"));
        SshHostConfig.Tokens t = new SshHostConfig.Tokens("gpu1", "10.0.0.11", 2222, "alice");
        assertEquals(List.of(Path.of(System.getProperty("user.home"), ".ssh", "gpu"), Path.of("/keys/second")),
                h.identityFiles(t));
        SshHostConfig other = c.lookup("web");
        assertEquals("web", other.hostName(), "no HostName: the name given");
        assertNull(other.user());
        assertEquals(22, other.port());
        assertEquals("config:4", h.identities().get(0).where());
    }

    @Test
    void tokens_inHostNameAndIdentityFile() {
        SshConfig c = parse("""
                Host *.lab
                  HostName %h.example.internal
                  IdentityFile %d/.ssh/%r@%h-%p
                  UserKnownHostsFile ~/.ssh/known_%n
                """);
        SshHostConfig h = c.lookup("rig1.lab");
        assertEquals("rig1.lab.example.internal", h.hostName());
        SshHostConfig.Tokens t = new SshHostConfig.Tokens("rig1.lab", h.hostName(), 0, "ops");
        String home = System.getProperty("user.home");
        assertEquals(List.of(Path.of(home + "/.ssh/ops@rig1.lab.example.internal-22")), h.identityFiles(t));
        assertEquals(Path.of(home + "/.ssh/known_rig1.lab"), h.knownHostsFile(t));
        assertEquals("100%", SshHostConfig.tokens("100%%", t));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> SshHostConfig.tokens("%C", t));
        assertTrue(bad.getMessage().contains("%C"), bad.getMessage());
    }

    @Test
    void equalsSignsQuotesAndComments() {
        SshConfig c = parse("""
                # a comment
                Host=quoted
                  IdentityFile "/path with spaces/key"   # trailing comment
                  Port=2200
                  ProxyCommand ssh -W %h:%p "bastion"
                """);
        SshHostConfig h = c.lookup("quoted");
        assertEquals(List.of(Path.of("/path with spaces/key")), h.identityFiles(new SshHostConfig.Tokens("q", "q", 0, "u")));
        assertEquals(2200, h.port());
        assertEquals("ssh -W %h:%p \"bastion\"", h.values().get("proxy").value(), "ProxyCommand is kept as written");
    }

    @Test
    void proxyJumpAndProxyCommand_theFirstOfTheTwoWins() {
        SshConfig c = parse("""
                Host a
                  ProxyCommand ssh -W %h:%p b
                Host *
                  ProxyJump login
                """);
        assertEquals("proxycommand", c.lookup("a").values().get("proxy").key());
        assertEquals("proxyjump", c.lookup("z").values().get("proxy").key());
    }

    @Test
    void matchBlocks_areSkippedWithOneWarning() {
        SshConfig c = parse("""
                Match host gpu1
                  User fromMatch
                Match all
                  Port 1
                Host gpu1
                  User fromHost
                """);
        assertEquals("fromHost", c.lookup("gpu1").user());
        assertNull(c.lookup("gpu1").raw("port"));
        assertEquals(1, c.warnings().size());
        assertTrue(c.warnings().get(0).contains("rigger does not read Match blocks"), c.warnings().get(0));
        assertTrue(c.warnings().get(0).startsWith("config:1"), c.warnings().get(0));
    }

    @Test
    void include_isRelativeToTheConfigFolder_globbed_andOnlyInsideAMatchingBlock() throws IOException {
        Files.createDirectories(tmp.resolve("conf.d"));
        Files.writeString(tmp.resolve("conf.d/10-gpu.conf"), "Host gpu*\n  User gpuuser\n");
        Files.writeString(tmp.resolve("conf.d/20-all.conf"), "Port 2022\n");
        Files.writeString(tmp.resolve("only-web"), "IdentityFile /keys/web\n");
        Path config = tmp.resolve("config");
        Files.writeString(config, """
                Include conf.d/*.conf
                Host web
                  Include only-web
                Host *
                  User fallback
                """);
        SshConfig c = SshConfig.read(List.of(new SshConfig.Source(config, tmp)));
        assertEquals("gpuuser", c.lookup("gpu3").user());
        assertEquals(2022, c.lookup("gpu3").port(), "a line outside any Host in an included file applies to all");
        assertEquals("fallback", c.lookup("web").user());
        SshHostConfig.Tokens t = new SshHostConfig.Tokens("x", "x", 0, "u");
        assertEquals(List.of(Path.of("/keys/web")), c.lookup("web").identityFiles(t));
        assertEquals(List.of(), c.lookup("db").identityFiles(t), "the Include under Host web is for web only");
    }

    @Test
    void theSystemFileOnlyFillsWhatTheUsersLeftUnset() throws IOException {
        Path user = tmp.resolve("user");
        Path system = tmp.resolve("system");
        Files.writeString(user, "Host gpu1\n  User mine\n");
        Files.writeString(system, "Host *\n  User theirs\n  Port 2200\n");
        SshConfig c = SshConfig.read(List.of(new SshConfig.Source(user, tmp), new SshConfig.Source(system, tmp),
                new SshConfig.Source(tmp.resolve("missing"), tmp)));
        assertEquals("mine", c.lookup("gpu1").user());
        assertEquals(2200, c.lookup("gpu1").port());
    }

    @Test
    void badValuesNameTheFileAndLine() {
        SshConfig c = parse("Host h\n  Port twenty\n  IdentitiesOnly maybe\n");
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class, () -> c.lookup("h").port());
        assertTrue(port.getMessage().startsWith("config:2: Port"), port.getMessage());
        IllegalArgumentException only = assertThrows(IllegalArgumentException.class,
                () -> c.lookup("h").yesNo("identitiesonly"));
        assertTrue(only.getMessage().startsWith("config:3"), only.getMessage());
    }

    @Test
    void sshArgs_readConfigFileOptionsAndJumps() {
        SshArgs a = SshArgs.parse(List.of("ansible_ssh_common_args", "ansible_ssh_extra_args"),
                List.of("-F ~/lab/ssh.cfg -o StrictHostKeyChecking=no -oUser=x -C -o 'ProxyCommand=ssh -W %h:%p -q bastion'",
                        "-J jump1,jump2 -i /keys/k -p 2200"));
        assertEquals("~/lab/ssh.cfg", a.configFile());
        SshHostConfig h = SshConfig.empty().lookup("any", a.options());
        assertEquals("no", h.raw("stricthostkeychecking"));
        assertEquals("x", h.user());
        assertEquals(2200, h.port());
        assertEquals("ssh -W %h:%p -q bastion", h.values().get("proxy").value());
        assertEquals(List.of(Path.of("/keys/k")), h.identityFiles(new SshHostConfig.Tokens("a", "a", 0, "u")));
        Path home = Path.of(System.getProperty("user.home"));
        assertEquals(List.of(new SshConfig.Source(home.resolve("lab/ssh.cfg"), home.resolve(".ssh"))),
                a.sources(Path.of("/u"), Path.of("/s")), "-F replaces both files, as in OpenSSH");
        assertEquals(List.of(), SshArgs.parse(List.of("v"), List.of("-F none")).sources(Path.of("/u"), Path.of("/s")));
    }
}
