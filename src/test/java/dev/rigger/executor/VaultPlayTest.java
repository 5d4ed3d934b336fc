package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.RiggerException;
import dev.rigger.api.RunOptions;
import dev.rigger.api.TaskOutcome;
import dev.rigger.vault.Vault;
import dev.rigger.vault.VaultSecret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vaulted values in a play: inline !vault, a vaulted vars file, vaulted group_vars, a vaulted copy src. */
class VaultPlayTest {
    private static final Path FIXTURES = Path.of("src/test/resources/vault");

    @TempDir
    Path tmp;

    private static Vault vault(String password) {
        return new Vault(List.of(new VaultSecret(null, password.getBytes(StandardCharsets.UTF_8), "test")));
    }

    private String playbook() throws Exception {
        Files.copy(FIXTURES.resolve("vars-1.1.yml"), tmp.resolve("secrets.yml"));
        String inline = Files.readString(FIXTURES.resolve("inline.yml")).replace("\n", "\n    ");
        return "- hosts: all\n  gather_facts: false\n  vars_files: [secrets.yml]\n  vars:\n    " + inline + "\n"
                + "  tasks:\n"
                + "    - assert: {that: [\"api_token == 'tok-inline-42'\", \"db_password == 's3cret-from-file'\","
                + " \"port == 5432\", \"group_secret == 'from-group-vars'\"]}\n"
                + "    - copy: {src: vaulted.txt, dest: " + tmp.resolve("out.txt") + "}\n"
                + "    - copy: {content: \"token={{ api_token }}\\n\", dest: " + tmp.resolve("token.txt") + "}\n"
                + "    - include_vars: {file: secrets.yml, name: included}\n"
                + "    - assert: {that: \"included.db_password == 's3cret-from-file'\"}\n";
    }

    private void groupVarsAndFile(Vault v) throws Exception {
        Files.createDirectories(tmp.resolve("group_vars"));
        Files.writeString(tmp.resolve("group_vars/all.yml"), v.encrypt(
                "group_secret: from-group-vars\n".getBytes(StandardCharsets.UTF_8), null));
        Files.createDirectories(tmp.resolve("files"));
        Files.writeString(tmp.resolve("files/vaulted.txt"), v.encrypt("file body\n".getBytes(StandardCharsets.UTF_8),
                null));
    }

    @Test
    void inlineVaultValues_vaultedVarsFiles_groupVars_andCopySources_areDecrypted() throws Exception {
        Vault v = vault("hunter2");
        groupVarsAndFile(v);
        LocalPlay.Run run = LocalPlay.run(tmp, LocalPlay.ONE_HOST, playbook(),
                RunOptions.builder().diff(true).vault(v).build());
        assertEquals(0, run.result().exitCode(), run.outcomes().toString());
        assertEquals("file body\n", Files.readString(tmp.resolve("out.txt")));
        assertEquals("token=tok-inline-42\n", Files.readString(tmp.resolve("token.txt")));
        TaskOutcome.Changed copied = assertInstanceOf(TaskOutcome.Changed.class, run.outcomes().get(1));
        assertEquals("(diff hidden: the source is vaulted)\n", copied.diffs().get(0).text());
        TaskOutcome.Changed content = assertInstanceOf(TaskOutcome.Changed.class, run.outcomes().get(2));
        assertEquals("(diff hidden: it shows a vaulted value)\n", content.diffs().get(0).text());
    }

    @Test
    void aWrongPassword_isALoadErrorNamingTheFile() throws Exception {
        groupVarsAndFile(vault("hunter2"));
        RiggerException e = assertThrows(RiggerException.class, () -> LocalPlay.run(tmp, LocalPlay.ONE_HOST,
                playbook(), RunOptions.builder().vault(vault("wrong-password")).build()));
        assertTrue(e.getMessage().contains("Decryption failed (no vault secrets were found that could decrypt) on "),
                e.getMessage());
        assertTrue(e.getMessage().contains("group_vars/all.yml") || e.getMessage().contains("pb"), e.getMessage());
        assertTrue(!e.getMessage().contains("wrong-password"));
    }

    @Test
    void noSecret_isAnsiblesError_withThePositionOfTheInlineValue() throws Exception {
        String inline = Files.readString(FIXTURES.resolve("inline.yml")).replace("\n", "\n    ");
        RiggerException e = assertThrows(RiggerException.class, () -> LocalPlay.run(tmp, LocalPlay.ONE_HOST,
                "- hosts: all\n  gather_facts: false\n  vars:\n    " + inline + "\n  tasks:\n    - debug: var=api_token\n",
                RunOptions.builder().build()));
        assertTrue(e.getMessage().contains("Attempting to decrypt but no vault secrets found"), e.getMessage());
        assertTrue(e.getMessage().contains(":4:"), e.getMessage());
    }
}
