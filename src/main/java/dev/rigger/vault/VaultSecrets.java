package dev.rigger.vault;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Where vault secrets come from, as ansible-core's {@code CLI.setup_vault_secrets} and {@code get_file_vault_secret}:
 * vault ids {@code label@source} (source a file, an executable script, a {@code *-client} script that is given
 * {@code --vault-id label}, or {@code prompt}), password files (the id {@code default}), {@code --ask-vault-pass}.
 * A source that fails is a warning while another one gives a secret, else the error.
 */
public final class VaultSecrets {
    private static final long SCRIPT_TIMEOUT_S = 300;

    private VaultSecrets() {
    }

    /** Asks for a password without echo (the CLI's console); returns null at end of input. */
    @FunctionalInterface
    public interface Prompter {
        char[] ask(String prompt);
    }

    /**
     * What the user asked for.
     *
     * @param vaultIds        {@code --vault-id} values ({@code label@source} or {@code source}), in order
     * @param passwordFiles   {@code --vault-password-file} values, in order (then {@code defaultPasswordFile})
     * @param askVaultPass    {@code --ask-vault-pass}
     * @param defaultPasswordFile ANSIBLE_VAULT_PASSWORD_FILE / the configured file, or null
     * @param autoPrompt      prompt when nothing else is given (ansible-vault does, ansible-playbook does not)
     * @param newPassword     the prompts ask for a new password twice (encrypt)
     */
    public record Request(List<String> vaultIds, List<String> passwordFiles, boolean askVaultPass,
                          String defaultPasswordFile, boolean autoPrompt, boolean newPassword) {
        public Request {
            vaultIds = vaultIds == null ? List.of() : List.copyOf(vaultIds);
            passwordFiles = passwordFiles == null ? List.of() : List.copyOf(passwordFiles);
        }

        public boolean isEmpty() {
            return vaultIds.isEmpty() && passwordFiles.isEmpty() && !askVaultPass && defaultPasswordFile == null
                    && !autoPrompt;
        }
    }

    /** Loads every secret of {@code req}; {@code warnings} hears about sources that failed while others worked. */
    public static Vault load(Request req, Prompter prompter, Consumer<String> warnings) {
        List<String> ids = new ArrayList<>(req.vaultIds());
        List<String> files = new ArrayList<>(req.passwordFiles());
        if (req.defaultPasswordFile() != null && !req.defaultPasswordFile().isEmpty()) {
            files.add(req.defaultPasswordFile());
        }
        for (String f : files) {
            ids.add(VaultSecret.DEFAULT_ID + "@" + f);
        }
        if (req.askVaultPass() || ids.isEmpty() && req.autoPrompt()) {
            ids.add(VaultSecret.DEFAULT_ID + "@prompt_ask_vault_pass");
        }
        List<VaultSecret> secrets = new ArrayList<>();
        VaultException last = null;
        for (String slug : ids) {
            int at = slug.indexOf('@');
            String label = at < 0 ? null : slug.substring(0, at);
            String source = at < 0 ? slug : slug.substring(at + 1);
            if (source.equals("prompt") || source.equals("prompt_ask_vault_pass")) {
                secrets.add(prompt(label, source.equals("prompt_ask_vault_pass"), req.newPassword(), prompter));
                continue;
            }
            try {
                secrets.add(fromFile(label, source, new Vault(secrets)));
            } catch (VaultException e) {
                warnings.accept("Error getting vault password file (" + label + "): " + e.getMessage());
                last = e;
            }
        }
        if (secrets.isEmpty() && last != null) {
            throw last;
        }
        return new Vault(secrets);
    }

    /** A secret from a prompt: "Vault password: " for --ask-vault-pass, "Vault password (label): " for @prompt. */
    public static VaultSecret prompt(String label, boolean askVaultPass, boolean newPassword, Prompter prompter) {
        String id = label == null || label.isEmpty() ? VaultSecret.DEFAULT_ID : label;
        List<String> prompts = askVaultPass
                ? (newPassword ? List.of("New Vault password: ", "Confirm New Vault password: ")
                        : List.of("Vault password: "))
                : (newPassword ? List.of("New vault password (" + id + "): ", "Confirm new vault password (" + id
                        + "): ") : List.of("Vault password (" + id + "): "));
        byte[] first = null;
        for (String p : prompts) {
            char[] answer = prompter == null ? null : prompter.ask(p);
            if (answer == null) {
                throw new VaultException("EOFError (ctrl-d) on prompt for (" + id + ")");
            }
            byte[] b = strip(new String(answer, 0, answer.length).getBytes(StandardCharsets.UTF_8), " \t\n\r\f\u000b");
            Arrays.fill(answer, '\0');
            if (b.length == 0) {
                throw new VaultException("Invalid vault password was provided");
            }
            if (first == null) {
                first = b;
            } else if (!Arrays.equals(first, b)) {
                throw new VaultException("Passwords do not match");
            }
        }
        return new VaultSecret(id, first, "prompt");
    }

    /**
     * Ansible's {@code get_file_vault_secret}: an executable file is run and its stdout (stripped of line ends) is
     * the password (a {@code NAME-client[.ext]} script gets {@code --vault-id label}); any other file's content,
     * stripped, is the password (decrypted first when it is itself vaulted with a secret of {@code known}).
     */
    public static VaultSecret fromFile(String label, String file, Vault known) {
        Path p = Path.of(file.equals("~") || file.startsWith("~/") ? System.getProperty("user.home")
                + file.substring(1) : file).toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new VaultException("The vault password file " + p + " was not found");
        }
        if (executable(p)) {
            return new VaultSecret(label, script(p, label), p.toString());
        }
        byte[] data;
        try {
            data = strip(Files.readAllBytes(p), " \t\n\r\f\u000b");
        } catch (IOException e) {
            throw new VaultException("Could not read vault password file " + p + ": " + e.getMessage());
        }
        if (VaultFormat.isEncrypted(data)) {
            data = known.decrypt(new String(data, StandardCharsets.US_ASCII), new dev.rigger.Pos(p.toString(), 0, 0));
        }
        data = strip(data, "\r\n");
        if (data.length == 0) {
            throw new VaultException("Invalid vault password was provided from file (" + p + ")");
        }
        return new VaultSecret(label, data, p.toString());
    }

    private static byte[] script(Path p, String label) {
        String stem = p.getFileName().toString();
        int dot = stem.lastIndexOf('.');
        boolean client = (dot > 0 ? stem.substring(0, dot) : stem).endsWith("-client");
        List<String> cmd = new ArrayList<>(List.of(p.toString()));
        if (client && label != null && !label.isEmpty()) {
            cmd.addAll(List.of("--vault-id", label));
        }
        String what = client ? "Vault password client script " : "Vault password script ";
        Process proc;
        try {
            proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new VaultException("Problem running " + what.toLowerCase(java.util.Locale.ROOT) + p + " ("
                    + e.getMessage() + "). If this is not a script, remove the executable bit from the file.");
        }
        byte[] out;
        try (InputStream in = proc.getInputStream()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            out = buf.toByteArray();
            if (!proc.waitFor(SCRIPT_TIMEOUT_S, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                throw new VaultException(what + p + " did not finish within " + SCRIPT_TIMEOUT_S + "s");
            }
        } catch (IOException e) {
            throw new VaultException("Problem running " + what.toLowerCase(java.util.Locale.ROOT) + p + " ("
                    + e.getMessage() + ")");
        } catch (InterruptedException e) {
            proc.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new VaultException(what + p + " was interrupted");
        }
        int rc = proc.exitValue();
        if (client && rc == 2) {
            throw new VaultException(what + p + " did not find a secret for vault-id=" + label);
        }
        if (rc != 0) {
            throw new VaultException(what + p + " returned non-zero (" + rc + ")"
                    + (client ? " when getting secret for vault-id=" + label : ""));
        }
        byte[] pass = strip(out, "\r\n");
        if (pass.length == 0) {
            throw new VaultException("Invalid vault password was provided from script (" + p + ")");
        }
        return pass;
    }

    private static boolean executable(Path p) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            return perms.contains(PosixFilePermission.OWNER_EXECUTE) || perms.contains(PosixFilePermission.GROUP_EXECUTE)
                    || perms.contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException | UnsupportedOperationException e) {
            return Files.isExecutable(p);
        }
    }

    private static byte[] strip(byte[] b, String chars) {
        int from = 0;
        int to = b.length;
        while (from < to && chars.indexOf(b[from]) >= 0) {
            from++;
        }
        while (to > from && chars.indexOf(b[to - 1]) >= 0) {
            to--;
        }
        return Arrays.copyOfRange(b, from, to);
    }
}
