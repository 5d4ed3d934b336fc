package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rigger.api.RunOptions;
import dev.rigger.engine.Rigger;
import dev.rigger.connection.LocalConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A play's remote_user / connection keywords apply unless the host's own variables say otherwise (as Ansible). */
class RemoteUserTest {
    @TempDir
    Path dir;

    @Test
    void playRemoteUserAndConnection_areUsed_butHostVariablesWin() throws IOException {
        Path inv = dir.resolve("inv.yml");
        Files.writeString(inv, "all:\n  hosts:\n    a: {}\n    b: {ansible_user: admin}\n");
        Path pb = dir.resolve("pb.yml");
        Files.writeString(pb, "- hosts: all\n  remote_user: deploy\n  connection: local\n  gather_facts: false\n  tasks:\n"
                + "    - command: 'true'\n");
        Map<String, Object> users = new ConcurrentHashMap<>();
        Map<String, Object> kinds = new ConcurrentHashMap<>();
        Rigger.builder().inventory(inv.toString()).playbook(pb).options(RunOptions.builder().build())
                .connections((host, vars) -> {
                    users.put(host, vars.get("ansible_user"));
                    kinds.put(host, vars.get("ansible_connection"));
                    return new LocalConnection(host);
                }).build().run();
        assertEquals(Map.of("a", "deploy", "b", "admin"), users);
        assertEquals(Map.of("a", "local", "b", "local"), kinds, "the play's connection keyword");
    }
}
