package dev.rigger.connection;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OpenSSH client configuration files ({@code ~/.ssh/config}, {@code /etc/ssh/ssh_config}, a {@code -F} file) as
 * OpenSSH reads them: {@code Host} blocks with several patterns, wildcards and negation, {@code Include} (globs,
 * relative to {@code ~/.ssh} or {@code /etc/ssh}, inside a block only when the block applies), and the first value
 * found for a keyword wins ({@code IdentityFile} adds up). {@code Match} blocks are not read: their settings are
 * skipped and {@link #warnings()} says so once. The parsed file is an immutable list of directives; {@link
 * #lookup(String)} picks those that apply to a host.
 *
 * @param directives every setting, in reading order, with the Host lines it sits under
 * @param warnings   what was read but is not applied (Match blocks), with file:line
 */
public record SshConfig(List<Directive> directives, List<String> warnings) {
    private static final int MAX_INCLUDE_DEPTH = 16;

    public SshConfig {
        directives = List.copyOf(directives);
        warnings = List.copyOf(warnings);
    }

    /** Nothing configured. */
    public static SshConfig empty() {
        return new SshConfig(List.of(), List.of());
    }

    /**
     * One setting: its keyword in lower case, its arguments, where it was read, and the Host lines above it (all
     * of them must match; {@code never}: it sits in a Match block).
     */
    public record Directive(String key, List<String> args, String where, List<List<String>> hosts, boolean never) {
        public Directive {
            args = List.copyOf(args);
            hosts = List.copyOf(hosts);
        }

        /** A setting that applies to every host (a command-line {@code -o}). */
        public static Directive always(String key, List<String> args, String where) {
            return new Directive(key.toLowerCase(Locale.ROOT), args, where, List.of(), false);
        }

        public String value() {
            return args.isEmpty() ? "" : args.get(0);
        }

        boolean appliesTo(String host) {
            if (never) {
                return false;
            }
            for (List<String> line : hosts) {
                if (!hostMatches(line, host)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Reads {@code files} in order (later files only fill what earlier ones left unset). A missing file is
     * skipped; {@code includeBase} is the folder relative {@code Include} paths of each file start from.
     *
     * @throws IllegalArgumentException when a file cannot be read or an Include nests too deep
     */
    public static SshConfig read(List<Source> files) {
        List<Directive> out = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Source s : files) {
            if (Files.isRegularFile(s.file())) {
                new Reader(s.includeBase(), out, warnings).file(s.file(), List.of(), 0);
            }
        }
        return new SshConfig(out, warnings);
    }

    /** A file to read and the folder its relative Include paths are under. */
    public record Source(Path file, Path includeBase) {
    }

    /** Parses configuration text (for tests and {@code -o} values); Include is relative to {@code includeBase}. */
    public static SshConfig parse(String text, String name, Path includeBase) {
        List<Directive> out = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        new Reader(includeBase, out, warnings).lines(text.split("\n", -1), name, List.of(), 0);
        return new SshConfig(out, warnings);
    }

    /**
     * The settings for {@code host} (the name given to ssh: ansible_host, else the inventory name): for each
     * keyword the first directive that applies, and every IdentityFile that applies.
     */
    public SshHostConfig lookup(String host) {
        return lookup(host, List.of());
    }

    /** As {@link #lookup(String)}, with {@code first} (command-line options) ahead of the files. */
    public SshHostConfig lookup(String host, List<Directive> first) {
        Map<String, Directive> values = new LinkedHashMap<>();
        List<Directive> identities = new ArrayList<>();
        List<Directive> all = new ArrayList<>(first);
        all.addAll(directives);
        for (Directive d : all) {
            if (!d.appliesTo(host)) {
                continue;
            }
            if (d.key().equals("identityfile")) {
                identities.add(d);
            } else if (d.key().equals("proxyjump") || d.key().equals("proxycommand")) {
                values.putIfAbsent("proxy", d); // whichever of the two comes first wins, as in OpenSSH
            } else {
                values.putIfAbsent(d.key(), d);
            }
        }
        return new SshHostConfig(host, values, identities);
    }

    /**
     * OpenSSH's Host line: the host matches when one pattern matches and no negated ({@code !}) pattern does.
     * Patterns use {@code *} and {@code ?} and ignore case.
     */
    public static boolean hostMatches(List<String> patterns, String host) {
        boolean matched = false;
        String h = host.toLowerCase(Locale.ROOT);
        for (String p : patterns) {
            String q = p.toLowerCase(Locale.ROOT);
            if (q.startsWith("!")) {
                if (wildcard(q.substring(1), h)) {
                    return false;
                }
            } else if (wildcard(q, h)) {
                matched = true;
            }
        }
        return matched;
    }

    /** Glob with {@code *} (any run) and {@code ?} (one character). */
    static boolean wildcard(String pattern, String s) {
        int p = 0;
        int i = 0;
        int star = -1;
        int mark = 0;
        while (i < s.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == s.charAt(i))) {
                p++;
                i++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = i;
            } else if (star >= 0) {
                p = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** Splits a line's arguments as OpenSSH does: whitespace, double or single quotes; {@code #} starts a comment. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                cur = cur == null ? new StringBuilder() : cur;
            } else if (Character.isWhitespace(c)) {
                if (cur != null) {
                    out.add(cur.toString());
                    cur = null;
                }
            } else if (c == '#' && cur == null) {
                break;
            } else {
                cur = cur == null ? new StringBuilder() : cur;
                cur.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated quote");
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }

    /** Reads files and their Includes into one directive list. */
    private static final class Reader {
        private final Path includeBase;
        private final List<Directive> out;
        private final List<String> warnings;

        Reader(Path includeBase, List<Directive> out, List<String> warnings) {
            this.includeBase = includeBase;
            this.out = out;
            this.warnings = warnings;
        }

        void file(Path f, List<List<String>> outer, int depth) {
            String text;
            try {
                text = Files.readString(f);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the ssh config " + f + ": " + e.getMessage(), e);
            }
            lines(text.split("\n", -1), f.toString(), outer, depth);
        }

        /** One file: {@code outer} are the Host lines of the block that included it. */
        void lines(String[] lines, String name, List<List<String>> outer, int depth) {
            List<String> host = null;
            boolean match = false;
            for (int n = 0; n < lines.length; n++) {
                String line = lines[n].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String where = name + ":" + (n + 1);
                int cut = 0;
                while (cut < line.length() && !Character.isWhitespace(line.charAt(cut)) && line.charAt(cut) != '=') {
                    cut++;
                }
                String key = line.substring(0, cut).toLowerCase(Locale.ROOT);
                String rest = line.substring(cut).strip();
                if (rest.startsWith("=")) {
                    rest = rest.substring(1).strip();
                }
                List<String> args;
                try {
                    args = key.equals("proxycommand") ? List.of(rest) : words(rest);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": " + e.getMessage() + " in '" + line + "'");
                }
                List<List<String>> when = new ArrayList<>(outer);
                if (host != null) {
                    when.add(host);
                }
                switch (key) {
                    case "host" -> {
                        host = args;
                        match = false;
                    }
                    case "match" -> {
                        match = true;
                        if (warnings.isEmpty()) {
                            warnings.add(where + ": rigger does not read Match blocks; the settings under this"
                                    + " Match line (and any other) are not applied");
                        }
                    }
                    case "include" -> {
                        if (!match) {
                            include(args, where, when, depth);
                        }
                    }
                    default -> out.add(new Directive(key, args, where, when, match));
                }
            }
        }

        private void include(List<String> args, String where, List<List<String>> when, int depth) {
            if (depth >= MAX_INCLUDE_DEPTH) {
                throw new IllegalArgumentException(where + ": Include nests deeper than " + MAX_INCLUDE_DEPTH
                        + " files (an Include loop?)");
            }
            for (String a : args) {
                String p = SshHostConfig.tilde(a);
                Path path = Path.of(p).isAbsolute() ? Path.of(p) : includeBase.resolve(p);
                for (Path f : glob(path)) {
                    file(f, when, depth + 1);
                }
            }
        }

        /** The files a path names, its last part a glob; sorted, as glob(3) returns them. */
        private static List<Path> glob(Path path) {
            String last = path.getFileName() == null ? "" : path.getFileName().toString();
            if (!last.contains("*") && !last.contains("?") && !last.contains("[")) {
                return Files.isRegularFile(path) ? List.of(path) : List.of();
            }
            List<Path> found = new ArrayList<>();
            Path dir = path.getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                return found;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, last)) {
                for (Path f : ds) {
                    if (Files.isRegularFile(f)) {
                        found.add(f);
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot list " + dir + " for an ssh config Include: "
                        + e.getMessage(), e);
            }
            found.sort(null);
            return found;
        }
    }
}
