package dev.rigger.connection;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the ssh config says for one host: the first value of each keyword ({@code proxy} holds whichever of
 * ProxyJump and ProxyCommand came first) and every IdentityFile, each with the file:line it came from. Typed
 * readers expand OpenSSH's tokens ({@code %h %n %p %r %u %d %%} and {@code ~}) where OpenSSH does.
 *
 * @param name       the name ssh was given (what Host patterns matched)
 * @param values     keyword (lower case) to its winning directive
 * @param identities the IdentityFile directives that apply, in order
 */
public record SshHostConfig(String name, Map<String, SshConfig.Directive> values,
                            List<SshConfig.Directive> identities) {
    public SshHostConfig {
        values = Map.copyOf(values);
        identities = List.copyOf(identities);
    }

    /** The keyword's first value as written, or null. */
    public String raw(String key) {
        SshConfig.Directive d = values.get(key.toLowerCase(Locale.ROOT));
        return d == null ? null : d.value();
    }

    /** Where the keyword's winning value was read ({@code file:line}), or null. */
    public String where(String key) {
        SshConfig.Directive d = values.get(key.toLowerCase(Locale.ROOT));
        return d == null ? null : d.where();
    }

    /** HostName with {@code %h} as the given name; the given name when unset. */
    public String hostName() {
        String h = raw("hostname");
        return h == null ? name : tokens(h, new Tokens(name, name, 0, "")).strip();
    }

    public String user() {
        return raw("user");
    }

    /** Port, or 0 when unset; a bad value is an error naming file:line. */
    public int port() {
        String p = raw("port");
        if (p == null) {
            return 0;
        }
        Integer n = ConnectionVar.integer(p.strip());
        if (n == null || n < 1 || n > 65535) {
            throw new IllegalArgumentException(where("port") + ": Port must be a TCP port (1..65535), not '" + p + "'");
        }
        return n;
    }

    /** A whole number of seconds (ConnectTimeout, ServerAliveInterval), or null when unset or 0. */
    public Duration seconds(String key) {
        Integer n = count(key);
        return n == null || n == 0 ? null : Duration.ofSeconds(n);
    }

    /** A non-negative number (ServerAliveCountMax), or null when unset. */
    public Integer count(String key) {
        String v = raw(key);
        if (v == null) {
            return null;
        }
        Integer n = ConnectionVar.integer(v.strip());
        if (n == null || n < 0) {
            throw new IllegalArgumentException(where(key) + ": " + key + " must be a whole number, not '" + v + "'");
        }
        return n;
    }

    /** A yes/no keyword (IdentitiesOnly): null when unset. */
    public Boolean yesNo(String key) {
        String v = raw(key);
        if (v == null) {
            return null;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw new IllegalArgumentException(where(key) + ": " + key + " must be yes or no, not '"
                    + v + "'");
        };
    }

    /** The IdentityFile paths, tokens and {@code ~} expanded ({@code none} entries dropped). */
    public List<Path> identityFiles(Tokens t) {
        List<Path> out = new ArrayList<>();
        for (SshConfig.Directive d : identities) {
            if (!d.value().equalsIgnoreCase("none") && !d.value().isEmpty()) {
                out.add(Path.of(tilde(tokens(d.value(), t))));
            }
        }
        return out;
    }

    /** UserKnownHostsFile (its first file), expanded; null when unset or {@code none}. */
    public Path knownHostsFile(Tokens t) {
        String v = raw("userknownhostsfile");
        return v == null || v.equalsIgnoreCase("none") ? null : Path.of(tilde(tokens(v, t)));
    }

    /** The values OpenSSH fills a token with: {@code %n}, {@code %h}, {@code %p}, {@code %r}. */
    public record Tokens(String original, String host, int port, String remoteUser) {
    }

    /** Expands OpenSSH's percent tokens; an unknown one is an error, as in OpenSSH. */
    public static String tokens(String s, Tokens t) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%' || i + 1 >= s.length()) {
                b.append(c);
                continue;
            }
            char k = s.charAt(++i);
            switch (k) {
                case '%' -> b.append('%');
                case 'h' -> b.append(t.host());
                case 'n' -> b.append(t.original());
                case 'p' -> b.append(t.port() <= 0 ? 22 : t.port());
                case 'r' -> b.append(t.remoteUser());
                case 'u' -> b.append(System.getProperty("user.name"));
                case 'd' -> b.append(System.getProperty("user.home"));
                default -> throw new IllegalArgumentException("the ssh config value '" + s + "' has the token %" + k
                        + ", which rigger does not expand (it knows %h %n %p %r %u %d %%)");
            }
        }
        return b.toString();
    }

    /** {@code ~} and {@code ~/...} as the user's home. */
    static String tilde(String p) {
        if (p.equals("~") || p.startsWith("~/")) {
            return System.getProperty("user.home") + p.substring(1);
        }
        return p;
    }
}
