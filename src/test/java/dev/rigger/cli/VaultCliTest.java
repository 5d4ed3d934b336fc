package dev.rigger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rigger vault and the vault flags of rigger play, end to end; ansible-vault checks rigger's output. */
class VaultCliTest {
    private static final String PASSWORD = "pw-Hunter2-never-shown";

    @TempDir
    Path tmp;

    private record Out(int rc, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private static Out rigger(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Out(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path passwordFile() throws IOException {
        return Files.writeString(tmp.resolve("pw"), PASSWORD + "\n");
    }

    @Test
    void encrypt_view_decrypt_andEncryptString_roundTrip() throws IOException {
        String pw = passwordFile().toString();
        Path f = Files.writeString(tmp.resolve("vars.yml"), "db: s3cret\n");
        Out enc = rigger("vault", "encrypt", "--vault-id", "prod@" + pw, f.toString());
        assertEquals(0, enc.rc(), enc.all());
        assertTrue(Files.readString(f).startsWith("$ANSIBLE_VAULT;1.2;AES256;prod\n"));
        Out view = rigger("vault", "view", "--vault-password-file", pw, f.toString());
        assertEquals("db: s3cret\n", view.out(), view.all());
        Out again = rigger("vault", "encrypt", "--vault-password-file", pw, f.toString());
        assertEquals(1, again.rc());
        assertTrue(again.err().contains("input is already encrypted"), again.err());
        Out wrong = rigger("vault", "view", "--vault-password-file",
                Files.writeString(tmp.resolve("bad"), "nope\n").toString(), f.toString());
        assertEquals(1, wrong.rc());
        assertTrue(wrong.err().contains("Decryption failed (no vault secrets were found that could decrypt) on "
                + f), wrong.err());
        assertEquals(0, rigger("vault", "decrypt", "--vault-password-file", pw, f.toString()).rc());
        assertEquals("db: s3cret\n", Files.readString(f));
        Out str = rigger("vault", "encrypt_string", "--vault-password-file", pw, "--name", "token", "tok-42");
        assertEquals(0, str.rc(), str.all());
        assertTrue(str.out().startsWith("token: !vault |\n          $ANSIBLE_VAULT;1.1;AES256\n"), str.out());
        assertFalse(str.all().contains(PASSWORD));
    }

    @Test
    void play_decryptsWithEachKindOfFlag_andNoVaultFlag_isAnsiblesError() throws IOException {
        String pw = passwordFile().toString();
        Out str = rigger("vault", "encrypt_string", "--vault-id", "dev@" + pw, "--name", "token", "tok-42");
        Path pb = Files.writeString(tmp.resolve("pb.yml"), "- hosts: localhost\n  gather_facts: false\n  vars:\n"
                + str.out().replaceAll("(?m)^", "    ") + "\n  tasks:\n    - assert: {that: \"token == 'tok-42'\"}\n");
        for (List<String> flags : List.of(List.of("--vault-password-file", pw), List.of("--vault-id", "dev@" + pw),
                List.of("--vault-id", pw))) {
            List<String> args = new ArrayList<>(List.of("play", pb.toString(), "-i", "localhost,", "-c", "local"));
            args.addAll(flags);
            Out run = rigger(args.toArray(String[]::new));
            assertEquals(0, run.rc(), flags + "\n" + run.all());
        }
        Out none = rigger("play", pb.toString(), "-i", "localhost,", "-c", "local");
        assertTrue(none.rc() != 0);
        assertTrue(none.err().contains("Attempting to decrypt but no vault secrets found"), none.err());
    }

    @Test
    void aVaultedValueAndThePassword_neverAppearInConsoleJsonlJsonJunitHtml_evenWithDiffAndVvvv() throws Exception {
        String pw = passwordFile().toString();
        String secret = "vaulted-Value-77";
        Out str = rigger("vault", "encrypt_string", "--vault-password-file", pw, "--name", "token", secret);
        Path vars = Files.writeString(tmp.resolve("secrets.yml"), "file_secret: file-Secret-88\n");
        assertEquals(0, rigger("vault", "encrypt", "--vault-password-file", pw, vars.toString()).rc());
        Files.createDirectories(tmp.resolve("files"));
        Files.writeString(tmp.resolve("files/key.txt"), "key-Secret-99\n");
        assertEquals(0, rigger("vault", "encrypt", "--vault-password-file", pw,
                tmp.resolve("files/key.txt").toString()).rc());
        Path pb = Files.writeString(tmp.resolve("pb.yml"), "- hosts: localhost\n  gather_facts: false\n"
                + "  vars_files: [secrets.yml]\n  vars:\n" + str.out().replaceAll("(?m)^", "    ") + "\n  tasks:\n"
                + "    - assert: {that: [\"token == '" + secret + "'\", \"file_secret == 'file-Secret-88'\"]}\n"
                + "    - copy: {content: \"{{ token }} {{ file_secret }}\\n\", dest: " + tmp.resolve("a.txt") + "}\n"
                + "    - copy: {src: key.txt, dest: " + tmp.resolve("b.txt") + "}\n");
        Path json = tmp.resolve("r.json");
        Path junit = tmp.resolve("r.xml");
        Path html = tmp.resolve("r.html");
        for (String output : List.of("console", "jsonl")) {
            Files.deleteIfExists(tmp.resolve("a.txt"));
            Files.deleteIfExists(tmp.resolve("b.txt"));
            Out run = rigger("play", pb.toString(), "-i", "localhost,", "-c", "local", "-vvvv", "--diff",
                    "--vault-password-file", pw, "--output", output, "--report", "json:" + json,
                    "--report", "junit:" + junit, "--report", "html:" + html);
            assertEquals(0, run.rc(), run.all());
            assertEquals(secret + " file-Secret-88\n", Files.readString(tmp.resolve("a.txt")));
            assertEquals("key-Secret-99\n", Files.readString(tmp.resolve("b.txt")));
            String everything = run.all() + Files.readString(json) + Files.readString(junit)
                    + Files.readString(html);
            for (String hidden : List.of(PASSWORD, secret, "file-Secret-88", "key-Secret-99")) {
                assertFalse(everything.contains(hidden), output + ": " + hidden + " shown in\n" + run.all());
            }
            assertTrue(everything.contains("diff hidden"), run.all());
        }
    }

    // ---- both ways with ansible-vault, when it is installed ----

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

    private String ansibleVault(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ansible-vault"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "ansible-vault " + String.join(" ", args));
        return out;
    }

    @Test
    void ansibleVaultReadsWhatRiggerVaultWrites_andRiggerReadsAnsibleVaults() throws Exception {
        assumeTrue(ansibleVault(), "ansible-vault is not installed");
        String pw = passwordFile().toString();
        Files.writeString(tmp.resolve("a.yml"), "a: 1\n");
        assertEquals(0, rigger("vault", "encrypt", "--vault-id", "ops@" + pw, tmp.resolve("a.yml").toString()).rc());
        assertEquals("a: 1\n", ansibleVault("view", "--vault-password-file", pw, "a.yml"));
        Out str = rigger("vault", "encrypt_string", "--vault-password-file", pw, "plain-text");
        Files.writeString(tmp.resolve("s.vault"), str.out().substring(str.out().indexOf('$')).replaceAll("(?m)^ +", ""));
        assertEquals("plain-text", ansibleVault("view", "--vault-password-file", pw, "s.vault").strip());
        Files.writeString(tmp.resolve("b.yml"), "b: ünï\n");
        ansibleVault("encrypt", "--vault-id", "dev@" + pw, "b.yml");
        Out view = rigger("vault", "view", "--vault-id", "dev@" + pw, tmp.resolve("b.yml").toString());
        assertEquals("b: ünï\n", view.out(), view.all());
    }
}
