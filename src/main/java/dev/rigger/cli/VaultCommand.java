package dev.rigger.cli;

import dev.rigger.Pos;
import dev.rigger.RiggerException;
import dev.rigger.vault.Vault;
import dev.rigger.vault.VaultSecret;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rigger vault}: ansible-vault's encrypt, decrypt, view and encrypt_string, in its file format. */
@Command(name = "vault", mixinStandardHelpOptions = true,
        description = "Encrypt and decrypt Ansible vault files and strings (like ansible-vault).",
        subcommands = {VaultCommand.Encrypt.class, VaultCommand.Decrypt.class, VaultCommand.View.class,
            VaultCommand.EncryptString.class},
        footer = {"", "Exit codes: 0 ok; 1 error.", "",
            "Examples:",
            "  rigger vault encrypt group_vars/all/vault.yml --vault-password-file ~/.vault_pass",
            "  rigger vault view group_vars/all/vault.yml --vault-id prod@prompt",
            "  rigger vault encrypt_string --vault-id prod@~/.vault_prod --name db_password 's3cret'"})
public final class VaultCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What every subcommand shares: the streams, the secrets, the error frame. */
    abstract static class Action implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        VaultOptions vaultOptions = new VaultOptions();

        PrintStream out;
        PrintStream err;

        @Override
        public Integer call() {
            out = CliStreams.of(spec.commandLine().getOut());
            err = CliStreams.of(spec.commandLine().getErr());
            try {
                act();
                return 0;
            } catch (RiggerException e) {
                err.println("ERROR! " + e.describe());
                return 1;
            } catch (IOException e) {
                err.println("ERROR! " + e.getMessage());
                return 1;
            } finally {
                out.flush();
                err.flush();
            }
        }

        abstract void act() throws IOException;

        /** The secrets (ansible-vault prompts when none is given) and the one to encrypt with. */
        VaultSecret encryptSecret(Vault vault, String encryptVaultId) {
            if (!vault.hasSecrets()) {
                throw new RiggerException("A vault password is required to use Ansible's Vault");
            }
            if (vault.secrets().size() > 1 && encryptVaultId == null) {
                throw new RiggerException("The vault-ids " + String.join(",", vault.secrets().stream()
                        .map(VaultSecret::label).toList()) + " are available to encrypt. Specify the vault-id to "
                        + "encrypt with --encrypt-vault-id");
            }
            return vault.encryptSecret(encryptVaultId);
        }

        Vault decryptVault() {
            Vault v = vaultOptions.vault(System.getenv(), err, true, false);
            if (!v.hasSecrets()) {
                throw new RiggerException("A vault password is required to use Ansible's Vault");
            }
            return v;
        }

        static byte[] read(String file) throws IOException {
            if (file.equals("-")) {
                return System.in.readAllBytes();
            }
            Path p = Path.of(file);
            if (!Files.isRegularFile(p)) {
                throw new RiggerException("Unable to read source file (" + p.toAbsolutePath() + "): not a file");
            }
            return Files.readAllBytes(p);
        }

        /** Writes {@code data} to {@code file} ("-": standard output), replacing it atomically, mode 0600 if new. */
        void write(byte[] data, String file) throws IOException {
            if (file.equals("-")) {
                out.write(data);
                out.flush();
                return;
            }
            Path p = Path.of(file).toAbsolutePath();
            Path tmp = Files.createTempFile(p.getParent(), "." + p.getFileName(), ".tmp");
            try {
                if (Files.exists(p)) {
                    try {
                        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(p));
                    } catch (UnsupportedOperationException ignored) {
                        // not a POSIX file system
                    }
                } else {
                    try {
                        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException ignored) {
                        // not a POSIX file system
                    }
                }
                Files.write(tmp, data);
                Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    @Command(name = "encrypt", mixinStandardHelpOptions = true, description = "Encrypt files (in place, or to "
            + "--output); no file or '-': standard input to standard output.")
    static final class Encrypt extends Action {
        @Parameters(arity = "0..*", paramLabel = "FILE")
        List<String> files = new ArrayList<>();

        @Option(names = "--output", paramLabel = "FILE", description = "write here ('-': standard output)")
        String output;

        @Option(names = "--encrypt-vault-id", paramLabel = "ID", description = "the vault id to encrypt with")
        String encryptVaultId;

        @Override
        void act() throws IOException {
            Vault vault = vaultOptions.vault(System.getenv(), err, true, true);
            VaultSecret secret = encryptSecret(vault, encryptVaultId);
            Vault one = new Vault(List.of(secret));
            for (String f : files.isEmpty() ? List.of("-") : files) {
                byte[] plain = read(f);
                if (Vault.isEncrypted(new String(plain, StandardCharsets.ISO_8859_1))) {
                    throw new RiggerException("input is already encrypted", new Pos(f, 0, 0));
                }
                write(one.encrypt(plain, null).getBytes(StandardCharsets.US_ASCII), output != null ? output : f);
            }
            if (System.console() != null) {
                err.println("Encryption successful");
            }
        }
    }

    @Command(name = "decrypt", mixinStandardHelpOptions = true, description = "Decrypt files (in place, or to "
            + "--output); no file or '-': standard input to standard output.")
    static final class Decrypt extends Action {
        @Parameters(arity = "0..*", paramLabel = "FILE")
        List<String> files = new ArrayList<>();

        @Option(names = "--output", paramLabel = "FILE", description = "write here ('-': standard output)")
        String output;

        @Override
        void act() throws IOException {
            Vault vault = decryptVault();
            for (String f : files.isEmpty() ? List.of("-") : files) {
                byte[] plain = vault.decrypt(new String(read(f), StandardCharsets.ISO_8859_1), new Pos(f, 0, 0));
                write(plain, output != null ? output : f);
            }
            if (System.console() != null) {
                err.println("Decryption successful");
            }
        }
    }

    @Command(name = "view", mixinStandardHelpOptions = true, description = "Print decrypted files.")
    static final class View extends Action {
        @Parameters(arity = "1..*", paramLabel = "FILE")
        List<String> files = new ArrayList<>();

        @Override
        void act() throws IOException {
            Vault vault = decryptVault();
            for (String f : files) {
                write(vault.decrypt(new String(read(f), StandardCharsets.ISO_8859_1), new Pos(f, 0, 0)), "-");
            }
        }
    }

    @Command(name = "encrypt_string", aliases = "encrypt-string", mixinStandardHelpOptions = true,
            description = "Encrypt strings into YAML '!vault |' values; no string or '-': standard input.")
    static final class EncryptString extends Action {
        @Parameters(arity = "0..*", paramLabel = "STRING")
        List<String> strings = new ArrayList<>();

        @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "variable name for the next string "
                + "(repeatable)")
        List<String> names = new ArrayList<>();

        @Option(names = "--stdin-name", paramLabel = "NAME", description = "variable name for standard input")
        String stdinName;

        @Option(names = "--output", paramLabel = "FILE", description = "write here ('-': standard output)")
        String output;

        @Option(names = "--encrypt-vault-id", paramLabel = "ID", description = "the vault id to encrypt with")
        String encryptVaultId;

        private record Item(byte[] plain, String from, String name) {
        }

        @Override
        void act() throws IOException {
            Vault vault = vaultOptions.vault(System.getenv(), err, true, true);
            VaultSecret secret = encryptSecret(vault, encryptVaultId);
            Vault one = new Vault(List.of(secret));
            List<String> args = strings.stream().filter(s -> !s.equals("-")).toList();
            List<Item> items = new ArrayList<>();
            if (strings.contains("-") || strings.isEmpty() || stdinName != null) {
                byte[] in = System.in.readAllBytes();
                if (in.length == 0) {
                    throw new RiggerException("stdin was empty, not encrypting");
                }
                items.add(new Item(in, "stdin", stdinName));
            }
            if (args.size() > names.size() && !names.isEmpty()) {
                err.println("The number of --name options do not match the number of args.");
                err.println("The last named variable will be \"" + names.get(names.size() - 1) + "\". The rest will "
                        + "not have names.");
            }
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).isEmpty()) {
                    throw new RiggerException("The plaintext provided from the command line args was empty, not "
                            + "encrypting");
                }
                items.add(new Item(args.get(i).getBytes(StandardCharsets.UTF_8), "the command line args",
                        i < names.size() ? names.get(i) : null));
            }
            List<String> blocks = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Item it = items.get(i);
                if (items.size() > 1) {
                    err.print(it.name() != null ? "# The encrypted version of variable (\"" + it.name()
                            + "\", the string #" + (i + 1) + " from " + it.from() + ").\n"
                            : "# The encrypted version of the string #" + (i + 1) + " from " + it.from() + ".)\n");
                }
                StringBuilder sb = new StringBuilder(it.name() == null ? "" : it.name() + ": ").append("!vault |");
                for (String line : one.encrypt(it.plain(), null).split("\n")) {
                    sb.append('\n').append(" ".repeat(10)).append(line);
                }
                blocks.add(sb.toString());
            }
            write(String.join("\n", blocks).getBytes(StandardCharsets.UTF_8), output != null ? output : "-");
            if (System.console() != null) {
                err.println("Encryption successful");
            }
        }
    }
}
