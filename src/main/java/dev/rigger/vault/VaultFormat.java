package dev.rigger.vault;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ansible-vault 1.1/1.2 AES256 format, as ansible-core's {@code parsing/vault/__init__.py}: a header
 * ({@code $ANSIBLE_VAULT;1.1;AES256} or {@code $ANSIBLE_VAULT;1.2;AES256;label}), then 80-column lines of the
 * hexlified {@code hex(salt) \n hex(hmac) \n hex(ciphertext)}. Keys: PBKDF2-HMAC-SHA256, 10,000 rounds, 80 bytes =
 * AES-256 key, HMAC-SHA256 key, CTR IV; the plaintext is PKCS#7-padded, encrypted with AES-256-CTR, and the HMAC is
 * over the ciphertext. Only the JDK's javax.crypto primitives are used. Stateless and thread-safe.
 */
public final class VaultFormat {
    public static final String HEADER = "$ANSIBLE_VAULT";
    public static final String CIPHER = "AES256";
    private static final int ROUNDS = 10_000;
    private static final int KEY_LEN = 32;
    private static final int IV_LEN = 16;
    private static final int BLOCK = 16;
    private static final int WIDTH = 80;
    private static final SecureRandom RANDOM = new SecureRandom();

    private VaultFormat() {
    }

    /** The parts of a vault text: version ({@code 1.1}, {@code 1.2}), cipher, vault id (or null) and the body. */
    public record Envelope(String version, String cipher, String vaultId, String body) {
    }

    /** Ansible's {@code is_encrypted}: ASCII text starting with {@code $ANSIBLE_VAULT}. */
    public static boolean isEncrypted(String text) {
        return text != null && text.startsWith(HEADER) && text.chars().allMatch(c -> c < 128);
    }

    /** Ansible's {@code is_encrypted} for a file's bytes. */
    public static boolean isEncrypted(byte[] data) {
        if (data == null || data.length < HEADER.length()) {
            return false;
        }
        for (byte b : data) {
            if (b < 0) {
                return false;
            }
        }
        return new String(data, 0, HEADER.length(), StandardCharsets.US_ASCII).equals(HEADER);
    }

    /** Splits a vault text into header fields and body; {@code where} names its origin in the error. */
    public static Envelope parse(String text, String where) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        String[] header = lines.isEmpty() ? new String[0] : lines.get(0).strip().split(";", -1);
        if (header.length < 3 || !header[0].equals(HEADER)) {
            throw new VaultException("Vault envelope format error" + in(where) + ": the header is not "
                    + HEADER + ";VERSION;CIPHER");
        }
        StringBuilder body = new StringBuilder();
        for (String l : lines.subList(1, lines.size())) {
            body.append(l.strip());
        }
        String id = header.length >= 4 ? header[3].strip() : null;
        return new Envelope(header[1].strip(), header[2].strip(), id, body.toString());
    }

    /** The vault text for an encrypted body: 1.1 without a vault id (or {@code default}), else 1.2 with it. */
    public static String format(String body, String vaultId) {
        boolean labelled = vaultId != null && !vaultId.isEmpty() && !vaultId.equals(VaultSecret.DEFAULT_ID);
        StringBuilder sb = new StringBuilder(HEADER).append(labelled ? ";1.2;" : ";1.1;").append(CIPHER);
        if (labelled) {
            sb.append(';').append(vaultId);
        }
        sb.append('\n');
        for (int i = 0; i < body.length(); i += WIDTH) {
            sb.append(body, i, Math.min(body.length(), i + WIDTH)).append('\n');
        }
        return sb.toString();
    }

    /** Encrypts {@code plaintext} into a vault body with a random 32-byte salt. */
    public static String encryptBody(byte[] plaintext, byte[] password) {
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        return encryptBody(plaintext, password, salt);
    }

    /** Encrypts {@code plaintext} into a vault body with the given salt (tests: reproducible output). */
    public static String encryptBody(byte[] plaintext, byte[] password, byte[] salt) {
        byte[][] keys = keys(password, salt);
        try {
            byte[] ct = aes(Cipher.ENCRYPT_MODE, keys, pad(plaintext));
            byte[] hmac = hmac(keys[1], ct);
            HexFormat hex = HexFormat.of();
            String inner = hex.formatHex(salt) + "\n" + hex.formatHex(hmac) + "\n" + hex.formatHex(ct);
            return hex.formatHex(inner.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new VaultException("vault encryption failed: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Decrypts a vault body with one password.
     *
     * @return the plaintext, or null when the HMAC does not match (another password)
     * @throws VaultException when the body is not well formed
     */
    public static byte[] decryptBody(String body, byte[] password, String where) {
        String inner = new String(unhex(body, where), StandardCharsets.US_ASCII);
        String[] parts = inner.split("\n", 3);
        if (parts.length != 3) {
            throw new VaultException("Vault vaulttext format error" + in(where)
                    + ": not enough values to unpack (expected 3)");
        }
        byte[] salt = unhex(parts[0], where);
        byte[] expected = unhex(parts[1], where);
        byte[] ct = unhex(parts[2], where);
        byte[][] keys = keys(password, salt);
        try {
            if (!MessageDigest.isEqual(hmac(keys[1], ct), expected)) {
                return null;
            }
            return unpad(aes(Cipher.DECRYPT_MODE, keys, ct), where);
        } catch (GeneralSecurityException e) {
            throw new VaultException("vault decryption failed" + in(where) + ": " + e.getClass().getSimpleName());
        }
    }

    private static byte[][] keys(byte[] password, byte[] salt) {
        char[] chars = passwordChars(password);
        PBEKeySpec spec = new PBEKeySpec(chars, salt, ROUNDS, (2 * KEY_LEN + IV_LEN) * 8);
        try {
            byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new byte[][] {Arrays.copyOfRange(derived, 0, KEY_LEN),
                Arrays.copyOfRange(derived, KEY_LEN, 2 * KEY_LEN),
                Arrays.copyOfRange(derived, 2 * KEY_LEN, 2 * KEY_LEN + IV_LEN)};
        } catch (GeneralSecurityException e) {
            throw new VaultException("vault key derivation failed: " + e.getClass().getSimpleName());
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    /** The JDK's PBKDF2 takes characters and encodes them as UTF-8, so the password must be UTF-8 text. */
    private static char[] passwordChars(byte[] password) {
        try {
            var buf = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(password));
            char[] out = new char[buf.remaining()];
            buf.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new VaultException("rigger's limit for vault passwords: the password must be UTF-8 text");
        }
    }

    private static byte[] aes(int mode, byte[][] keys, byte[] data) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
        c.init(mode, new SecretKeySpec(keys[0], "AES"), new IvParameterSpec(keys[2]));
        return c.doFinal(data);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] pad(byte[] data) {
        int n = BLOCK - data.length % BLOCK;
        byte[] out = Arrays.copyOf(data, data.length + n);
        Arrays.fill(out, data.length, out.length, (byte) n);
        return out;
    }

    private static byte[] unpad(byte[] data, String where) {
        int n = data.length == 0 ? 0 : data[data.length - 1] & 0xff;
        boolean ok = n >= 1 && n <= BLOCK && n <= data.length;
        for (int i = data.length - n; ok && i < data.length; i++) {
            ok = (data[i] & 0xff) == n;
        }
        if (!ok) {
            throw new VaultException("vault decryption failed" + in(where) + ": invalid padding bytes");
        }
        return Arrays.copyOf(data, data.length - n);
    }

    private static byte[] unhex(String s, String where) {
        try {
            return HexFormat.of().parseHex(s.strip());
        } catch (IllegalArgumentException e) {
            throw new VaultException("Vault format unhexlify error" + in(where) + ": Non-hexadecimal digit found");
        }
    }

    private static String in(String where) {
        return where == null || where.isEmpty() ? "" : " in " + where;
    }
}
