package dev.rigger.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rigger.Pos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultTest {
    private static final Path FIXTURES = Path.of("src/test/resources/vault");
    private static final Vault HUNTER2 = new Vault(List.of(secret("default", "hunter2")));

    @TempDir
    Path tmp;

    private static VaultSecret secret(String label, String password) {
        return new VaultSecret(label, password.getBytes(StandardCharsets.UTF_8), "test");
    }

    private static String read(String name) throws IOException {
        return Files.readString(FIXTURES.resolve(name));
    }

    @Test
    void decryptsFilesThatAnsibleVaultEncrypted_1_1_and_1_2() throws IOException {
        assertEquals("db_password: s3cret-from-file\nport: 5432\n",
                HUNTER2.decryptText(read("vars-1.1.yml"), new Pos("vars-1.1.yml", 0, 0)));
        assertEquals("db_password: s3cret-from-file\nport: 5432\n",
                HUNTER2.decryptText(read("vars-1.2-dev.yml"), new Pos("vars-1.2-dev.yml", 0, 0)));
    }

    @Test
    void theSecretLabelledAsTheTextIsTriedFirst_thenAllOthers() throws IOException {
        Vault v = new Vault(List.of(secret("other", "nope"), secret("dev", "hunter2")));
        assertEquals("port: 5432", v.decryptText(read("vars-1.2-dev.yml"), null).lines().toList().get(1));
        Vault unlabelled = new Vault(List.of(secret("x", "nope"), secret("y", "hunter2")));
        assertTrue(unlabelled.decryptText(read("vars-1.1.yml"), null).startsWith("db_password"));
    }

    @Test
    void aWrongPassword_isAnErrorNamingTheFile_andNeverShowsThePassword() throws IOException {
        Vault wrong = new Vault(List.of(secret("default", "not-the-password")));
        VaultException e = assertThrows(VaultException.class,
                () -> wrong.decryptText(read("vars-1.1.yml"), new Pos("group_vars/all.yml", 0, 0)));
        assertEquals("Decryption failed (no vault secrets were found that could decrypt) on group_vars/all.yml",
                e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"));
        assertFalse(wrong.secrets().get(0).toString().contains("not-the-password"));
    }

    @Test
    void noSecrets_isAnsiblesError() throws IOException {
        VaultException e = assertThrows(VaultException.class, () -> Vault.NONE.decryptText(read("vars-1.1.yml"),
                new Pos("f.yml", 3, 5)));
        assertTrue(e.getMessage().startsWith("Attempting to decrypt but no vault secrets found"), e.getMessage());
        assertEquals(3, e.pos().line());
    }

    @Test
    void encryptThenDecrypt_roundTrips_inThe80ColumnFormat() {
        String text = new Vault(List.of(secret("prod", "pw"))).encrypt("héllo\n".getBytes(StandardCharsets.UTF_8),
                null);
        assertTrue(text.startsWith("$ANSIBLE_VAULT;1.2;AES256;prod\n"), text);
        assertTrue(text.lines().skip(1).allMatch(l -> l.length() <= 80 && l.matches("[0-9a-f]+")));
        assertEquals("héllo\n", new Vault(List.of(secret("x", "pw"))).decryptText(text, null));
        assertTrue(HUNTER2.encrypt(new byte[0], null).startsWith("$ANSIBLE_VAULT;1.1;AES256\n"));
        assertEquals("", HUNTER2.decryptText(HUNTER2.encrypt(new byte[0], null), null));
    }

    @Test
    void aMalformedBody_isAFormatError() {
        assertThrows(VaultException.class, () -> HUNTER2.decryptText("$ANSIBLE_VAULT;1.1;AES256\nzz\n", null));
        assertThrows(VaultException.class, () -> HUNTER2.decryptText("$ANSIBLE_VAULT;1.1;AES128\n3030\n", null));
    }

    @Test
    void passwordFiles_scripts_andClientScripts_asAnsibleReadsThem() throws IOException {
        Path file = Files.writeString(tmp.resolve("pw"), "  hunter2 \n");
        Path script = Files.writeString(tmp.resolve("pw.sh"), "#!/bin/sh\necho hunter2\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Path client = Files.writeString(tmp.resolve("pw-client.sh"),
                "#!/bin/sh\n[ \"$1\" = --vault-id ] && [ \"$2\" = dev ] && echo hunter2 && exit 0\nexit 2\n");
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rwx------"));
        String vaulted = read("vars-1.1.yml");
        for (Path p : List.of(file, script)) {
            Vault v = VaultSecrets.load(new VaultSecrets.Request(List.of(), List.of(p.toString()), false, null,
                    false, false), null, w -> { });
            assertEquals("default", v.secrets().get(0).label());
            assertTrue(v.decryptText(vaulted, null).startsWith("db_password"));
        }
        Vault v = VaultSecrets.load(new VaultSecrets.Request(List.of("dev@" + client), List.of(), false, null,
                false, false), null, w -> { });
        assertTrue(v.decryptText(read("vars-1.2-dev.yml"), null).startsWith("db_password"));
        VaultException e = assertThrows(VaultException.class, () -> VaultSecrets.load(new VaultSecrets.Request(
                List.of("prod@" + client), List.of(), false, null, false, false), null, w -> { }));
        assertTrue(e.getMessage().contains("did not find a secret for vault-id=prod"), e.getMessage());
    }

    @Test
    void aFailingSourceIsAWarning_whileAnotherGivesASecret_andPromptsAskWithAnsiblesWords() {
        List<String> warnings = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        Vault v = VaultSecrets.load(new VaultSecrets.Request(List.of("a@/nonexistent/pw", "b@prompt"), List.of(),
                true, null, false, false), p -> {
                    asked.add(p);
                    return "hunter2".toCharArray();
                }, warnings::add);
        assertEquals(List.of("Vault password (b): ", "Vault password: "), asked);
        assertEquals(List.of("b", "default"), v.secrets().stream().map(VaultSecret::label).toList());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("/nonexistent/pw was not found"), warnings.get(0));
    }

    // ---- both ways with ansible-vault itself, when it is installed ----

    private static boolean ansibleVault() {
        try {
            Process p = new ProcessBuilder("ansible-vault", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String ansibleVault(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ansible-vault"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ansible-vault timed out");
        assertEquals(0, p.exitValue(), "ansible-vault " + String.join(" ", args));
        return out;
    }

    @Test
    void riggerDecryptsWhatAnsibleVaultEncrypts_now() throws Exception {
        assumeTrue(ansibleVault(), "ansible-vault is not installed: the committed fixtures were checked instead");
        Files.writeString(tmp.resolve("pw"), "hunter2\n");
        Files.writeString(tmp.resolve("plain.txt"), "line one\nünïcode line\n");
        ansibleVault(tmp, "encrypt", "--vault-id", "ops@pw", "--output", "enc.txt", "plain.txt");
        String enc = Files.readString(tmp.resolve("enc.txt"));
        assertTrue(enc.startsWith("$ANSIBLE_VAULT;1.2;AES256;ops"));
        assertEquals("line one\nünïcode line\n", HUNTER2.decryptText(enc, null));
        String yaml = ansibleVault(tmp, "encrypt_string", "--vault-password-file", "pw", "--name", "x", "v@lue");
        String body = yaml.substring(yaml.indexOf("$ANSIBLE_VAULT")).lines().map(String::strip)
                .reduce((a, b) -> a + "\n" + b).orElseThrow();
        assertEquals("v@lue", HUNTER2.decryptText(body, null));
    }

    @Test
    void ansibleVaultDecryptsWhatRiggerEncrypts() throws Exception {
        assumeTrue(ansibleVault(), "ansible-vault is not installed");
        Files.writeString(tmp.resolve("pw"), "hunter2\n");
        byte[] plain = "a: 1\nb: \"ünïcode\"\n".repeat(20).getBytes(StandardCharsets.UTF_8);
        Files.writeString(tmp.resolve("v11.yml"), HUNTER2.encrypt(plain, null));
        Files.writeString(tmp.resolve("v12.yml"), new Vault(List.of(secret("dev", "hunter2"))).encrypt(plain, null));
        for (String f : List.of("v11.yml", "v12.yml")) {
            assertEquals(new String(plain, StandardCharsets.UTF_8),
                    ansibleVault(tmp, "view", "--vault-password-file", "pw", f));
        }
    }
}
