package dev.rigger.template;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The SHA-crypt password hashes ($5$ SHA-256, $6$ SHA-512) of glibc crypt(3), as {@code openssl passwd -6} makes. */
final class ShaCrypt {
    private ShaCrypt() {
    }

    private static final String ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int[][] ORDER512 = {
        {0, 21, 42}, {22, 43, 1}, {44, 2, 23}, {3, 24, 45}, {25, 46, 4}, {47, 5, 26}, {6, 27, 48}, {28, 49, 7},
        {50, 8, 29}, {9, 30, 51}, {31, 52, 10}, {53, 11, 32}, {12, 33, 54}, {34, 55, 13}, {56, 14, 35},
        {15, 36, 57}, {37, 58, 16}, {59, 17, 38}, {18, 39, 60}, {40, 61, 19}, {62, 20, 41}};
    private static final int[][] ORDER256 = {
        {0, 10, 20}, {21, 1, 11}, {12, 22, 2}, {3, 13, 23}, {24, 4, 14}, {15, 25, 5}, {6, 16, 26}, {27, 7, 17},
        {18, 28, 8}, {9, 19, 29}};

    static String sha512(String password, String salt, int rounds, boolean explicitRounds) {
        return crypt("SHA-512", "$6$", password, salt, rounds, explicitRounds);
    }

    static String sha256(String password, String salt, int rounds, boolean explicitRounds) {
        return crypt("SHA-256", "$5$", password, salt, rounds, explicitRounds);
    }

    private static String crypt(String alg, String prefix, String password, String saltIn, int rounds, boolean explicit) {
        byte[] p = password.getBytes(StandardCharsets.UTF_8);
        String saltStr = saltIn.length() > 16 ? saltIn.substring(0, 16) : saltIn;
        byte[] s = saltStr.getBytes(StandardCharsets.UTF_8);
        rounds = Math.max(1000, Math.min(999_999_999, rounds));
        MessageDigest md = digest(alg);
        int hl = md.getDigestLength();

        md.update(p);
        md.update(s);
        md.update(p);
        byte[] b = md.digest();

        md.update(p);
        md.update(s);
        int cnt;
        for (cnt = p.length; cnt > hl; cnt -= hl) {
            md.update(b, 0, hl);
        }
        md.update(b, 0, cnt);
        for (cnt = p.length; cnt > 0; cnt >>= 1) {
            if ((cnt & 1) != 0) {
                md.update(b, 0, hl);
            } else {
                md.update(p);
            }
        }
        byte[] a = md.digest();

        for (int i = 0; i < p.length; i++) {
            md.update(p);
        }
        byte[] dp = md.digest();
        byte[] pBytes = repeat(dp, p.length);

        for (int i = 0; i < 16 + (a[0] & 0xff); i++) {
            md.update(s);
        }
        byte[] ds = md.digest();
        byte[] sBytes = repeat(ds, s.length);

        for (int i = 0; i < rounds; i++) {
            if ((i & 1) != 0) {
                md.update(pBytes);
            } else {
                md.update(a, 0, hl);
            }
            if (i % 3 != 0) {
                md.update(sBytes);
            }
            if (i % 7 != 0) {
                md.update(pBytes);
            }
            if ((i & 1) != 0) {
                md.update(a, 0, hl);
            } else {
                md.update(pBytes);
            }
            a = md.digest();
        }

        StringBuilder out = new StringBuilder(prefix);
        if (explicit) {
            out.append("rounds=").append(rounds).append('$');
        }
        out.append(saltStr).append('$');
        if (hl == 64) {
            for (int[] o : ORDER512) {
                b64(out, a[o[0]], a[o[1]], a[o[2]], 4);
            }
            b64(out, (byte) 0, (byte) 0, a[63], 2);
        } else {
            for (int[] o : ORDER256) {
                b64(out, a[o[0]], a[o[1]], a[o[2]], 4);
            }
            b64(out, (byte) 0, a[31], a[30], 3);
        }
        return out.toString();
    }

    private static byte[] repeat(byte[] d, int len) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int left = len;
        while (left >= d.length) {
            o.write(d, 0, d.length);
            left -= d.length;
        }
        o.write(d, 0, left);
        return o.toByteArray();
    }

    private static void b64(StringBuilder sb, byte b2, byte b1, byte b0, int n) {
        int w = ((b2 & 0xff) << 16) | ((b1 & 0xff) << 8) | (b0 & 0xff);
        for (int i = 0; i < n; i++) {
            sb.append(ITOA64.charAt(w & 0x3f));
            w >>>= 6;
        }
    }

    private static MessageDigest digest(String alg) {
        try {
            return MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
