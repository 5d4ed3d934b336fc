package dev.rigger.template;

import static dev.rigger.template.Filters.arg;
import static dev.rigger.template.Filters.filter;
import static dev.rigger.template.Filters.intArg;

import com.hubspot.jinjava.lib.filter.Filter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Hashes and encodings: {@code hash}, {@code checksum}, {@code sha1}, {@code md5}, {@code password_hash},
 * {@code b64encode}/{@code b64decode}, {@code to_uuid}.
 */
final class CryptoFilters {
    private CryptoFilters() {
    }

    static List<Filter> all() {
        List<Filter> f = new ArrayList<>();
        f.add(filter("hash", false, (v, a, kw) -> digest(Py.str(arg(a, kw, 0, "hashtype", "sha1")), Py.str(v))));
        f.add(filter("checksum", false, (v, a, kw) -> digest("sha1", Py.str(v))));
        f.add(filter("sha1", false, (v, a, kw) -> digest("sha1", Py.str(v))));
        f.add(filter("md5", false, (v, a, kw) -> digest("md5", Py.str(v))));
        f.add(filter("password_hash", false, (v, a, kw) -> {
            String type = Py.str(arg(a, kw, 0, "hashtype", "sha512"));
            Object salt = arg(a, kw, 1, "salt", null);
            Object rounds = arg(a, kw, 2, "rounds", null);
            String s = salt == null ? randomSalt(16) : Py.str(salt);
            int r = rounds == null ? 5000 : intArg(rounds);
            return switch (type) {
                case "sha512", "sha512_crypt" -> ShaCrypt.sha512(Py.str(v), s, r, rounds != null);
                case "sha256", "sha256_crypt" -> ShaCrypt.sha256(Py.str(v), s, r, rounds != null);
                default -> throw RenderState.fail("password_hash: unsupported hash type '" + type
                        + "'; use sha512 or sha256");
            };
        }));
        f.add(filter("b64encode", false, (v, a, kw) -> Base64.getEncoder()
                .encodeToString(Py.str(v).getBytes(StandardCharsets.UTF_8))));
        f.add(filter("b64decode", false, (v, a, kw) -> {
            try {
                return new String(Base64.getMimeDecoder().decode(Py.str(v).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw RenderState.fail("b64decode: not valid base64: " + e.getMessage());
            }
        }));
        f.add(filter("to_uuid", false, (v, a, kw) -> uuid5(
                UUID.fromString(Py.str(arg(a, kw, 0, "namespace", "361E6D51-FAEC-444A-9079-341386DA8E2E"))),
                Py.str(v)).toString()));
        return f;
    }

    static String digest(String type, String s) {
        String alg = switch (type.toLowerCase(Locale.ROOT)) {
            case "md5" -> "MD5";
            case "sha1" -> "SHA-1";
            case "sha224" -> "SHA-224";
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default -> throw RenderState.fail("hash: unsupported hash type '" + type
                    + "'; use md5, sha1, sha224, sha256, sha384 or sha512");
        };
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String SALT_CHARS = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    static String randomSalt(int n) {
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(SALT_CHARS.charAt(r.nextInt(SALT_CHARS.length())));
        }
        return sb.toString();
    }

    static UUID uuid5(UUID ns, String name) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(16);
            bb.putLong(ns.getMostSignificantBits()).putLong(ns.getLeastSignificantBits());
            md.update(bb.array());
            byte[] h = md.digest(name.getBytes(StandardCharsets.UTF_8));
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            java.nio.ByteBuffer r = java.nio.ByteBuffer.wrap(h, 0, 16);
            return new UUID(r.getLong(), r.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
