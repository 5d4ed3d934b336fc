package dev.rigger.module.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parsing and editing of authorized_keys text; keys are identified by type + base64 data, as Ansible does. */
public final class AuthorizedKeys {
    private static final Set<String> TYPES = Set.of("ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com", "ssh-ed448", "ssh-xmss@openssh.com");

    private AuthorizedKeys() {
    }

    /** One key line: options (may be null), type, base64 data, comment (may be null). */
    public record Key(String options, String type, String data, String comment) {
        public String id() {
            return type + " " + data;
        }

        public String line() {
            StringBuilder b = new StringBuilder();
            if (options != null && !options.isEmpty()) {
                b.append(options).append(' ');
            }
            b.append(type).append(' ').append(data);
            if (comment != null && !comment.isEmpty()) {
                b.append(' ').append(comment);
            }
            return b.toString();
        }
    }

    /** Parses a key line, or null for a blank line, a comment or something that is no key. */
    public static Key parse(String line) {
        String s = line.trim();
        if (s.isEmpty() || s.startsWith("#")) {
            return null;
        }
        String options = null;
        int typeAt = findType(s);
        if (typeAt < 0) {
            return null;
        }
        if (typeAt > 0) {
            options = s.substring(0, typeAt).trim();
        }
        String[] rest = s.substring(typeAt).split("\\s+", 3);
        if (rest.length < 2) {
            return null;
        }
        return new Key(options, rest[0], rest[1], rest.length > 2 ? rest[2] : null);
    }

    /** The keys of the module's {@code key} argument (one or several lines); key_options/comment override. */
    public static List<Key> parseWanted(String text, String keyOptions, String comment) {
        List<Key> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.trim().startsWith("#")) {
                continue;
            }
            Key k = parse(line);
            if (k == null) {
                throw new IllegalArgumentException("invalid key specified: '" + line.trim()
                        + "' (expected '[options] TYPE BASE64 [comment]')");
            }
            out.add(new Key(keyOptions != null ? keyOptions : k.options(), k.type(), k.data(),
                    comment != null ? comment : k.comment()));
        }
        return out;
    }

    /**
     * The new file text. present: a wanted key already there (same type+data) is rewritten in place when its
     * options/comment differ; new keys are appended. exclusive: every other line goes. absent: wanted keys go.
     */
    public static String apply(String current, List<Key> wanted, boolean present, boolean exclusive) {
        Map<String, Key> want = new LinkedHashMap<>();
        for (Key k : wanted) {
            want.put(k.id(), k);
        }
        List<String> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String line : current.isEmpty() ? new String[0] : current.split("\n", -1)) {
            Key k = parse(line);
            if (k == null) {
                if (!exclusive || !present) {
                    out.add(line);
                }
                continue;
            }
            Key w = want.get(k.id());
            if (!present) {
                if (w == null) {
                    out.add(line);
                }
                continue;
            }
            if (w == null) {
                if (!exclusive) {
                    out.add(line);
                }
            } else if (seen.add(k.id())) {
                out.add(w.equals(k) ? line : w.line());
            }
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        if (present) {
            for (Key w : want.values()) {
                if (!seen.contains(w.id())) {
                    out.add(w.line());
                }
            }
        }
        return out.isEmpty() ? "" : String.join("\n", out) + "\n";
    }

    private static int findType(String s) {
        // the key type is the first word that is a known type and is followed by base64 data
        int i = 0;
        boolean quoted = false;
        int wordStart = 0;
        while (i <= s.length()) {
            char c = i < s.length() ? s.charAt(i) : ' ';
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (i > wordStart && TYPES.contains(s.substring(wordStart, i))) {
                    return wordStart;
                }
                wordStart = i + 1;
            }
            i++;
        }
        return -1;
    }
}
