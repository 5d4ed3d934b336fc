package dev.rigger.vault;

import dev.rigger.Pos;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The vault secrets of one run, in the order they were given (Ansible's {@code VaultLib}): decrypts vault texts
 * (whole files and inline {@code !vault} values) and encrypts. Immutable and thread-safe; {@link #NONE} has no
 * secrets, so anything vaulted it meets is an error ("Attempting to decrypt but no vault secrets found"), never
 * the ciphertext used as a value.
 *
 * <p>The secrets never change; beside them a vault remembers the values it revealed (inline {@code !vault} values
 * and the strings of vaulted files, as the YAML loader reports them), so that outputs Ansible would fill with them
 * (diffs) can be hidden: {@link #reveals(String)}. That set only grows and is thread-safe.
 */
public final class Vault {
    public static final Vault NONE = new Vault(List.of());

    private final List<VaultSecret> secrets;
    private final java.util.Set<String> revealed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Vault(List<VaultSecret> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    /** Remembers a value that came out of a vault (ignored when blank, and on a vault without secrets). */
    public void remember(String value) {
        if (!secrets.isEmpty() && value != null && !value.isBlank()) {
            revealed.add(value.strip());
        }
    }

    /** Whether {@code text} holds a value this vault revealed (the diff that holds it is then hidden). */
    public boolean reveals(String text) {
        if (text == null || revealed.isEmpty()) {
            return false;
        }
        for (String v : revealed) {
            if (text.contains(v)) {
                return true;
            }
        }
        return false;
    }

    public List<VaultSecret> secrets() {
        return secrets;
    }

    public boolean hasSecrets() {
        return !secrets.isEmpty();
    }

    /** Ansible's {@code is_encrypted}. */
    public static boolean isEncrypted(String text) {
        return VaultFormat.isEncrypted(text);
    }

    /** Decrypts a vault text to UTF-8 text; {@code where} (file, or file:line:col) goes into the error. */
    public String decryptText(String vaultText, Pos where) {
        return new String(decrypt(vaultText, where), StandardCharsets.UTF_8);
    }

    /**
     * Decrypts a vault text as Ansible's {@code decrypt_and_get_vault_id}: the secret whose label is the text's
     * vault id is tried first, then every other secret in order ({@code DEFAULT_VAULT_ID_MATCH} false).
     */
    public byte[] decrypt(String vaultText, Pos where) {
        String name = where == null ? "" : where.toString();
        if (!VaultFormat.isEncrypted(vaultText)) {
            throw new VaultException("input is not vault encrypted data. " + name + " is not a vault encrypted file",
                    where);
        }
        VaultFormat.Envelope env = VaultFormat.parse(vaultText, name);
        if (!VaultFormat.CIPHER.equals(env.cipher())) {
            throw new VaultException(env.cipher() + " cipher could not be found", where);
        }
        if (secrets.isEmpty()) {
            throw new VaultException("Attempting to decrypt but no vault secrets found (give --vault-id, "
                    + "--vault-password-file or --ask-vault-pass)", where);
        }
        for (VaultSecret s : candidates(env.vaultId())) {
            byte[] plain = VaultFormat.decryptBody(env.body(), s.password(), name);
            if (plain != null) {
                return plain;
            }
        }
        throw new VaultException("Decryption failed (no vault secrets were found that could decrypt)"
                + (name.isEmpty() ? "" : " on " + name), where);
    }

    private List<VaultSecret> candidates(String vaultId) {
        List<VaultSecret> out = new ArrayList<>();
        if (vaultId != null) {
            secrets.stream().filter(s -> s.label().equals(vaultId)).forEach(out::add);
        }
        secrets.stream().filter(s -> !s.label().equals(vaultId)).forEach(out::add);
        return out;
    }

    /**
     * Encrypts with Ansible's {@code match_encrypt_secret}: the secret labelled {@code encryptVaultId}, else (null)
     * the first secret. The text is 1.2 with the secret's label unless that is {@code default}.
     */
    public String encrypt(byte[] plaintext, String encryptVaultId) {
        VaultSecret s = encryptSecret(encryptVaultId);
        if (VaultFormat.isEncrypted(plaintext)) {
            throw new VaultException("input is already encrypted");
        }
        return VaultFormat.format(VaultFormat.encryptBody(plaintext, s.password()), s.label());
    }

    /** The secret used to encrypt. */
    public VaultSecret encryptSecret(String encryptVaultId) {
        if (secrets.isEmpty()) {
            throw new VaultException("A vault password must be specified to encrypt data");
        }
        if (encryptVaultId == null) {
            return secrets.get(0);
        }
        return secrets.stream().filter(s -> s.label().equals(encryptVaultId)).findFirst()
                .orElseThrow(() -> new VaultException("Did not find a match for --encrypt-vault-id=" + encryptVaultId
                        + " in the known vault-ids " + secrets.stream().map(VaultSecret::label).toList()));
    }

    @Override
    public String toString() {
        return "Vault" + secrets.stream().map(VaultSecret::label).toList();
    }
}
