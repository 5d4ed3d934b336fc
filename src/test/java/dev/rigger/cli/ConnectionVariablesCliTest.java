package dev.rigger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.connection.SshdFixture;
import dev.rigger.engine.Rigger;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection variables under every name Ansible gives them reach the connection (one table), and a connection
 * setting rigger cannot honour is refused before any host is contacted, naming where it was set (exit 4).
 */
class ConnectionVariablesCliTest {
    @RegisterExtension
    static final SshdFixture SSHD = new SshdFixture();

    @TempDir
    Path tmp;

    private record Run(int rc, String out, String err) {
    }

    private Run rigger(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path playbook() throws Exception {
        Path pb = tmp.resolve("pb.yml");
        Files.writeString(pb, "- hosts: all\n  gather_facts: false\n  tasks:\n"
                + "    - shell: printf '%s@%s' \"$(id -un)\" \"${SSH_CONNECTION##* }\"\n      register: who\n"
                + "    - debug: {msg: \"{{ who.stdout }}\"}\n");
        return pb;
    }

    /** Runs the playbook through the library (its own known_hosts file): each host's "user@port", all ok. */
    private java.util.Map<String, Object> whoAmI(Path inv) throws Exception {
        RunResult r = Rigger.builder().inventory(inv.toString()).playbook(playbook())
                .options(RunOptions.builder().knownHosts(tmp.resolve("known_hosts")).build()).build().run();
        assertEquals(0, r.exitCode(), r.outcomes().toString());
        java.util.Map<String, Object> who = new java.util.TreeMap<>();
        r.outcomes().stream().filter(x -> x.task().action().equals("debug"))
                .forEach(x -> who.put(x.outcome().host(), x.outcome().result().get("msg")));
        return who;
    }

    @Test
    void oldSshSpellings_hostPortUserAndKeyFile_areUsed() throws Exception {
        Path inv = tmp.resolve("inv.yml");
        // the inventory name does not resolve: only ansible_ssh_host can lead to the sshd
        Files.writeString(inv, "all:\n  hosts:\n    old-style-rig.invalid:\n"
                + "      ansible_ssh_host: 127.0.0.1\n"
                + "      ansible_ssh_port: " + SSHD.port() + "\n"
                + "      ansible_ssh_user: root\n"
                + "      ansible_private_key_file: " + SSHD.clientKey() + "\n");
        assertEquals(java.util.Map.of("old-style-rig.invalid", "root@" + SSHD.port()), whoAmI(inv));
    }

    @Test
    void unknownConnectionType_inTheInventory_isRefusedBeforeAnyHost_namingFileAndHost() throws Exception {
        Path inv = tmp.resolve("hosts.yml");
        Files.writeString(inv, "all:\n  hosts:\n    rig1: {ansible_host: 127.0.0.1, ansible_port: " + SSHD.port()
                + "}\n    rig2: {ansible_connection: local2}\n");
        Run r = rigger("play", "-i", inv.toString(), playbook().toString());
        assertEquals(4, r.rc(), r.out() + r.err());
        assertTrue(r.err().contains(inv + ": host rig2: ansible_connection 'local2' is not a connection type"),
                r.err());
        assertFalse(r.out().contains("TASK ["), "no host was contacted: " + r.out());
    }

    @Test
    void unknownConnectionType_onTheCommandLine_andABadPort_areRefused() throws Exception {
        Path inv = tmp.resolve("hosts.ini");
        Files.writeString(inv, "rig1 ansible_host=127.0.0.1 ansible_port=twenty-two\n");
        Run r = rigger("play", "-i", inv.toString(), "-c", "docker", playbook().toString());
        assertEquals(4, r.rc(), r.out() + r.err());
        assertTrue(r.err().contains("--connection 'docker' is not a connection type rigger has; use ssh or local"),
                r.err());
        assertTrue(r.err().contains("host rig1: ansible_port must be a TCP port (1..65535), not 'twenty-two'"),
                r.err());
        assertFalse(r.out().contains("TASK ["), r.out());
    }

    @Test
    void unknownConnectionType_asAPlayKeyword_isRefusedAtThePlay() throws Exception {
        Path inv = tmp.resolve("hosts.ini");
        Files.writeString(inv, "rig1 ansible_host=127.0.0.1\n");
        Path pb = tmp.resolve("docker.yml");
        Files.writeString(pb, "- hosts: all\n  connection: docker\n  gather_facts: false\n  tasks:\n"
                + "    - command: \"true\"\n");
        Run r = rigger("play", "-i", inv.toString(), pb.toString());
        assertEquals(4, r.rc(), r.out() + r.err());
        assertTrue(r.err().contains(pb + ":1:3: play 'all': ansible_connection 'docker' is not a connection type"),
                r.err());
    }

    @Test
    void collectionNameOfSsh_andATemplatedType_connect() throws Exception {
        Path inv = tmp.resolve("inv.yml");
        Files.writeString(inv, "all:\n  vars:\n    kind: ssh\n  hosts:\n    rig1:\n"
                + "      ansible_connection: ansible.builtin.ssh\n      ansible_host: 127.0.0.1\n"
                + "      ansible_port: " + SSHD.port() + "\n      ansible_user: root\n"
                + "      ansible_ssh_private_key_file: " + SSHD.clientKey() + "\n"
                + "    rig2:\n      ansible_connection: \"{{ kind }}\"\n      ansible_host: 127.0.0.1\n"
                + "      ansible_port: " + SSHD.port() + "\n      ansible_user: root\n"
                + "      ansible_ssh_private_key_file: " + SSHD.clientKey() + "\n");
        String me = "root@" + SSHD.port();
        assertEquals(java.util.Map.of("rig1", me, "rig2", me), whoAmI(inv));
    }
}
