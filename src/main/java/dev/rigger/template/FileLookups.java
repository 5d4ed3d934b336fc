package dev.rigger.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The lookups that read or write controller files beyond file/template: filetree and password. */
final class FileLookups {
    private FileLookups() {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** community.general.filetree: os.walk top-down of each root; an entry found under an earlier root wins. */
    static List<Object> filetree(RenderState state, Object terms) {
        List<Object> ret = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Object t : LoopLookups.iterate(terms)) {
            String term = Py.str(t);
            Path found = Lookups.find(state, "files", term);
            Path root = found != null ? found : Path.of(term).toAbsolutePath().normalize();
            if (!Files.isDirectory(root)) {
                continue;
            }
            walk(root, root, ret, seen);
        }
        return ret;
    }

    private static void walk(Path root, Path dir, List<Object> ret, Set<String> seen) {
        List<Path> dirs = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                (Files.isDirectory(p) ? dirs : files).add(p);
            }
        } catch (IOException e) {
            return; // os.walk ignores directories it cannot list
        }
        List<Path> entries = new ArrayList<>(dirs);
        entries.addAll(files);
        for (Path p : entries) {
            String rel = root.relativize(p).toString();
            if (seen.add(rel)) {
                Map<String, Object> props = props(root, rel);
                if (props != null) {
                    ret.add(props);
                }
            }
        }
        for (Path d : dirs) {
            if (!Files.isSymbolicLink(d)) {
                walk(root, d, ret, seen);
            }
        }
    }

    private static Map<String, Object> props(Path root, String rel) {
        Path abs = root.resolve(rel);
        Map<String, Object> a;
        try {
            a = Files.readAttributes(abs, "unix:*", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        Map<String, Object> ret = new LinkedHashMap<>();
        ret.put("root", root.toString());
        ret.put("path", rel);
        try {
            if (Files.isSymbolicLink(abs)) {
                ret.put("state", "link");
                ret.put("src", Files.readSymbolicLink(abs).toString());
            } else if (Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
                ret.put("state", "directory");
            } else if (Files.isRegularFile(abs, LinkOption.NOFOLLOW_LINKS)) {
                ret.put("state", "file");
                ret.put("src", abs.toString());
            } else {
                return null; // Ansible warns "filetree: Error file type of ... is not supported"
            }
        } catch (IOException e) {
            return null;
        }
        int uid = (Integer) a.get("uid");
        int gid = (Integer) a.get("gid");
        ret.put("uid", (long) uid);
        ret.put("gid", (long) gid);
        String owner = String.valueOf(a.get("owner"));
        String group = String.valueOf(a.get("group"));
        ret.put("owner", owner.equals(String.valueOf(uid)) ? (Object) (long) uid : owner);
        ret.put("group", group.equals(String.valueOf(gid)) ? (Object) (long) gid : group);
        ret.put("mode", String.format("0%03o", ((Integer) a.get("mode")) & 07777));
        ret.put("size", (Long) a.get("size"));
        ret.put("mtime", seconds((FileTime) a.get("lastModifiedTime")));
        ret.put("ctime", seconds((FileTime) a.get("ctime")));
        return ret;
    }

    private static double seconds(FileTime t) {
        java.time.Instant i = t.toInstant();
        return i.getEpochSecond() + i.getNano() / 1e9;
    }

    // ------------------------------------------------------------------------------------------------ password

    private static final Set<String> VALID_PARAMS = Set.of("length", "encrypt", "chars", "ident", "seed");
    static final String DEFAULT_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,:-_";
    private static final Map<String, String> STRING_MODULE = Map.of(
            "ascii_letters", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "ascii_lowercase", "abcdefghijklmnopqrstuvwxyz",
            "ascii_uppercase", "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "digits", "0123456789",
            "hexdigits", "0123456789abcdefABCDEF",
            "octdigits", "01234567",
            "punctuation", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
            "whitespace", " \t\n\r\u000b\f");

    /**
     * The password lookup, plain case: reads the password from the file (first line up to " salt="), or generates
     * one (length 20, letters, digits and {@code .,:-_} unless told) and stores it there, mode 0600 in a 0700 dir.
     */
    static List<Object> password(RenderState state, Object terms, Map<String, Object> kw) {
        List<Object> ret = new ArrayList<>();
        for (Object t : LoopLookups.iterate(terms)) {
            String term = Py.str(t);
            String relpath;
            Map<String, String> params;
            int sp = term.indexOf(' ');
            if (sp < 0) {
                relpath = term;
                params = new LinkedHashMap<>();
            } else {
                relpath = term.substring(0, sp);
                params = SequenceLookup.parseKv(term.substring(sp + 1));
                String raw = params.remove("_raw_params");
                if (raw != null) {
                    relpath = relpath + " " + raw;
                    if (!term.startsWith(relpath)) {
                        throw RenderState.fail("Unrecognized value after key=value parameters given to password "
                                + "lookup");
                    }
                }
            }
            List<String> invalid = params.keySet().stream().filter(k -> !VALID_PARAMS.contains(k)).toList();
            if (!invalid.isEmpty()) {
                throw RenderState.fail("Unrecognized parameter(s) given to password lookup: "
                        + String.join(", ", invalid));
            }
            Object encrypt = params.containsKey("encrypt") ? params.get("encrypt") : kw.get("encrypt");
            if (encrypt != null && Py.truthy(encrypt)) {
                throw RenderState.fail("the password lookup's encrypt option is not supported by rigger; use "
                        + "lookup('password', ...) | password_hash('sha512') instead");
            }
            if (params.containsKey("seed") || kw.get("seed") != null) {
                throw RenderState.fail("the password lookup's seed option is not supported by rigger (Python's "
                        + "random.Random(seed) cannot be reproduced)");
            }
            int length;
            try {
                length = Integer.parseInt(params.containsKey("length") ? params.get("length")
                        : Py.str(kw.getOrDefault("length", 20L)));
            } catch (NumberFormatException e) {
                throw RenderState.fail("invalid literal for int() with base 10: " + Py.repr(params.get("length")));
            }
            List<String> charSpecs = new ArrayList<>();
            Object chars = params.containsKey("chars") ? params.get("chars") : kw.get("chars");
            if (chars instanceof String cs && !cs.isEmpty()) {
                if (cs.contains(",,")) {
                    charSpecs.add(",");
                }
                for (String c : cs.replace(",,", ",").split(",")) {
                    if (!c.isEmpty()) {
                        charSpecs.add(c);
                    }
                }
            } else if (chars instanceof List<?> cl) {
                cl.forEach(c -> charSpecs.add(Py.str(c)));
            }
            StringBuilder cand = new StringBuilder();
            if (charSpecs.isEmpty()) {
                cand.append(DEFAULT_CHARS);
            }
            for (String c : charSpecs) {
                cand.append(STRING_MODULE.getOrDefault(c, c));
            }
            String candidates = cand.toString().replace("\"", "").replace("'", "");
            Path path = Path.of(PathFilters.expanduser(relpath));
            if (!path.isAbsolute()) {
                Object pd = state == null ? null : state.vars.get("playbook_dir");
                path = (pd instanceof String s && !s.isEmpty() ? Path.of(s) : Path.of("").toAbsolutePath())
                        .resolve(path);
            }
            ret.add(readOrCreate(path.normalize(), length, candidates));
        }
        return ret;
    }

    private static synchronized String readOrCreate(Path path, int length, String candidates) {
        try {
            if (Files.exists(path)) {
                String content = Files.readString(path, StandardCharsets.UTF_8).stripTrailing();
                int sep = content.lastIndexOf(" salt=");
                return sep < 0 ? content : content.substring(0, sep);
            }
            if (candidates.isEmpty()) {
                throw RenderState.fail("Cannot choose from an empty sequence");
            }
            StringBuilder pw = new StringBuilder();
            int[] cps = candidates.codePoints().toArray();
            for (int i = 0; i < length; i++) {
                pw.appendCodePoint(cps[RANDOM.nextInt(cps.length)]);
            }
            String password = pw.toString();
            if (!path.toString().equals("/dev/null")) {
                Path dir = path.getParent();
                if (dir != null && !Files.isDirectory(dir)) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                }
                Files.writeString(path, "", StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
                Files.writeString(path, password + "\n", StandardCharsets.UTF_8);
            }
            return password;
        } catch (IOException e) {
            throw RenderState.fail("password lookup: cannot use " + path + ": " + e.getMessage());
        }
    }
}
