package dev.rigger.cli;

import dev.rigger.AnsibleBool;
import dev.rigger.RiggerException;
import dev.rigger.vault.Vault;
import dev.rigger.vault.VaultSecrets;
import java.io.Console;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The vault flags of ansible-playbook and ansible-vault ({@code --vault-id}, {@code --vault-password-file},
 * {@code --ask-vault-pass}, each repeatable), plus ANSIBLE_VAULT_IDENTITY_LIST (ids put first, as Ansible),
 * ANSIBLE_VAULT_PASSWORD_FILE and ANSIBLE_ASK_VAULT_PASS. A mixin: one {@code @Mixin} line per command.
 */
public final class VaultOptions {
    @Option(names = "--vault-id", paramLabel = "ID",
            description = "vault identity: label@file, label@script, label@prompt, or a file (repeatable)")
    List<String> vaultIds = new ArrayList<>();

    @Option(names = {"--vault-password-file", "--vault-pass-file"}, paramLabel = "FILE",
            description = "vault password file, or an executable script printing it (repeatable)")
    List<String> passwordFiles = new ArrayList<>();

    @Option(names = {"-J", "--ask-vault-password", "--ask-vault-pass"}, description = "ask for the vault password")
    boolean askVaultPass;

    /**
     * The secrets for a run: these flags, then ansible.cfg's and the environment's vault settings as {@code settings}
     * ranks them (vault_identity_list first, then --vault-id; vault_password_file; ask_vault_pass).
     */
    Vault vault(dev.rigger.config.Settings settings, PrintStream err) {
        List<String> ids = new ArrayList<>(settings.vaultIdentityList() == null ? List.of()
                : settings.vaultIdentityList());
        ids.addAll(vaultIds);
        List<java.nio.file.Path> files = settings.vaultPasswordFiles();
        VaultSecrets.Request req = new VaultSecrets.Request(ids, passwordFiles, askVaultPass || settings.askVaultPass(),
                files.isEmpty() ? null : files.get(0).toString(), false, false);
        return VaultSecrets.load(req, VaultOptions::prompt, w -> err.println("[WARNING]: " + w));
    }

    /**
     * The secrets these flags and the environment give.
     *
     * @param autoPrompt  prompt when nothing else is given (ansible-vault)
     * @param newPassword the prompt asks twice for a new password (encrypt)
     */
    Vault vault(Map<String, String> env, PrintStream err, boolean autoPrompt, boolean newPassword) {
        List<String> ids = new ArrayList<>();
        String identities = env.get("ANSIBLE_VAULT_IDENTITY_LIST");
        if (identities != null && !identities.isBlank()) {
            Arrays.stream(identities.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(ids::add);
        }
        ids.addAll(vaultIds);
        boolean ask = askVaultPass || AnsibleBool.isTrue(env.get("ANSIBLE_ASK_VAULT_PASS"));
        VaultSecrets.Request req = new VaultSecrets.Request(ids, passwordFiles, ask,
                env.get("ANSIBLE_VAULT_PASSWORD_FILE"), autoPrompt, newPassword);
        return VaultSecrets.load(req, VaultOptions::prompt, w -> err.println("[WARNING]: " + w));
    }

    private static char[] prompt(String text) {
        Console console = System.console();
        if (console == null) {
            throw new RiggerException("a vault password prompt needs a terminal; give --vault-password-file or "
                    + "--vault-id label@FILE");
        }
        return console.readPassword("%s", text);
    }
}
