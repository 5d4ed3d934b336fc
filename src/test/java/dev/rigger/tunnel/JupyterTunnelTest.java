package dev.rigger.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.RiggerException;
import dev.rigger.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code rigger tunnel} finds a user's Jupyter in the inventory (no connection is made here). */
class JupyterTunnelTest {
    @TempDir
    Path tmp;

    private String inventory(String rigVars) throws IOException {
        Path inv = tmp.resolve("inventory.yml");
        Files.writeString(inv, """
                all:
                  children:
                    rigs:
                      vars:
                        rig_users:
                          - {name: alice, jupyter_port: 8890}
                          - {name: bob, jupyter_port: "8891"}
                          - {name: carol}
                      hosts:
                        rig1:
                          ansible_host: 10.0.0.7
                          ansible_user: admin
                          ansible_ssh_private_key_file: /keys/admin
                """ + rigVars);
        return inv.toString();
    }

    @Test
    void resolve_takesTheFirstUserByDefault_andLogsInLikePlay() throws IOException {
        JupyterTunnel.Target t = JupyterTunnel.resolve(JupyterTunnel.Request.of(List.of(inventory("")), "rig1"));
        assertEquals("alice", t.user());
        assertEquals(8890, t.port());
        assertTrue(t.tls(), "the jupyter role serves TLS unless jupyter_tls is false");
        assertEquals("10.0.0.7", t.ssh().address());
        assertEquals("admin", t.ssh().user());
        assertEquals(List.of(Path.of("/keys/admin")), t.ssh().privateKeys());
    }

    @Test
    void resolve_namedUser_portAsTextOrTheRoleDefault_andLoginOverride() throws IOException {
        String inv = inventory("""
                          jupyter_tls: false
                """);
        JupyterTunnel.Request r = JupyterTunnel.Request.of(List.of(inv), "rig1");
        JupyterTunnel.Target bob = JupyterTunnel.resolve(r.withUser("bob").withLogin("bob", Path.of("/keys/bob")));
        assertEquals(8891, bob.port());
        assertFalse(bob.tls());
        assertEquals("bob", bob.ssh().user());
        assertEquals(List.of(Path.of("/keys/bob")), bob.ssh().privateKeys());
        assertEquals(JupyterTunnel.DEFAULT_JUPYTER_PORT, JupyterTunnel.resolve(r.withUser("carol")).port());
    }

    @Test
    void resolve_unknownUserOrRig_saysWhatExists() throws IOException {
        String inv = inventory("");
        RiggerException user = assertThrows(RiggerException.class,
                () -> JupyterTunnel.resolve(JupyterTunnel.Request.of(List.of(inv), "rig1").withUser("dave")));
        assertTrue(user.getMessage().contains("no user 'dave'") && user.getMessage().contains("[alice, bob, carol]"),
                user.getMessage());
        RiggerException rig = assertThrows(RiggerException.class,
                () -> JupyterTunnel.resolve(JupyterTunnel.Request.of(List.of(inv), "rig9")));
        assertTrue(rig.getMessage().contains("'rig9' is not in the inventory") && rig.getMessage().contains("rig1"),
                rig.getMessage());
    }

    @Test
    void resolve_templatedPort_asksForTheNumber() throws IOException {
        Path inv = tmp.resolve("templated.yml");
        Files.writeString(inv, """
                rigs:
                  hosts:
                    rig1:
                      rig_users:
                        - {name: alice, jupyter_port: "{{ base_port + 1 }}"}
                """);
        RiggerException e = assertThrows(RiggerException.class,
                () -> JupyterTunnel.resolve(JupyterTunnel.Request.of(List.of(inv.toString()), "rig1")));
        assertTrue(e.getMessage().contains("rig_users[alice].jupyter_port") && e.getMessage().contains("write the number"),
                e.getMessage());
    }

    @Test
    void cli_tunnelToAUserWithoutRigUsers_failsWithExitCode1AndTheFix() throws IOException {
        Path inv = tmp.resolve("bare.yml");
        Files.writeString(inv, "rigs:\n  hosts:\n    rig1:\n      ansible_host: 10.0.0.7\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), "tunnel", "rig1", "-i", inv.toString());
        assertEquals(1, rc);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("has no rig_users"), err.toString(StandardCharsets.UTF_8));
        assertEquals(5, Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), "tunnel", "rig1", "-i", inv.toString(), "--local-port", "70000"));
    }
}
