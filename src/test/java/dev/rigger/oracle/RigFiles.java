package dev.rigger.oracle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The files a run left on a rig: a walk of the rig's overlay upper folder, without volatile paths. */
public final class RigFiles {
    /** Paths (relative to the rig's root, with a leading slash) that change on every run or boot. */
    static final List<Pattern> VOLATILE = Stream.of(
            "/var/log(/.*)?", "/var/cache(/.*)?", "/var/lib/apt(/.*)?", "/var/lib/dpkg/.*-old", "/var/lib/dpkg/lock.*",
            "/var/lib/dpkg/triggers/Lock", "/var/lib/systemd(/.*)?", "/var/tmp(/.*)?", "/var/backups(/.*)?",
            "/tmp(/.*)?", "/run(/.*)?", "/root/\\.ansible(/.*)?", "/root/\\.cache(/.*)?", "/etc/ssh/ssh_host_.*",
            "/etc/machine-id", "/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/etc/\\.pwd\\.lock",
            "/etc/(passwd|group|shadow|gshadow|subuid|subgid)-", "/etc/ld\\.so\\.cache", ".*/__pycache__(/.*)?",
            ".*\\.pyc", "/var/lib/python(/.*)?", "/etc/systemd/system/timers\\.target\\.wants(/.*)?",
            "/var/lib/dbus(/.*)?", "/var/lib/private(/.*)?",
            // written with fresh randomness or timestamps by every install, whoever installs the package:
            // dockerd's identity key, fail2ban's ban database, the Java keystore built by ca-certificates-java
            "/etc/docker/key\\.json", "/var/lib/fail2ban/fail2ban\\.sqlite3", "/etc/ssl/certs/java/cacerts")
            .map(Pattern::compile).toList();

    private RigFiles() {
    }

    /**
     * One path's state.
     *
     * @param type  file, dir, link, whiteout (deleted from the base image) or other
     * @param mode  permission bits, octal
     * @param owner uid:gid
     * @param hash  sha256 of a file's content, a link's target, else ""
     */
    public record Entry(String type, String mode, String owner, String hash) {
        @Override
        public String toString() {
            return type + " " + mode + " " + owner + (hash.isEmpty() ? "" : " " + hash.substring(0, Math.min(12,
                    hash.length())));
        }
    }

    /** Every non-volatile path under {@code upper}, keyed by its absolute path on the rig. */
    public static SortedMap<String, Entry> snapshot(Path upper) {
        return snapshot(upper, lowerOf(upper));
    }

    /**
     * The overlay's lower folder (the base image) for {@code upper}, read from /proc/mounts; directories
     * that are in the upper folder only because something below them was written, and whose mode and owner
     * equal the lower's, are left out.
     */
    static Path lowerOf(Path upper) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 3 && f[2].equals("overlay") && f[3].contains("upperdir=" + upper + ",")) {
                    for (String opt : f[3].split(",")) {
                        if (opt.startsWith("lowerdir=")) {
                            return Path.of(opt.substring("lowerdir=".length()).split(":")[0]);
                        }
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    static SortedMap<String, Entry> snapshot(Path upper, Path lower) {
        SortedMap<String, Entry> out = new TreeMap<>();
        if (!Files.isDirectory(upper)) {
            return out;
        }
        try (Stream<Path> walk = Files.walk(upper)) {
            walk.filter(p -> !p.equals(upper)).forEach(p -> {
                String rel = "/" + upper.relativize(p).toString();
                if (VOLATILE.stream().noneMatch(v -> v.matcher(rel).matches())) {
                    Entry e = entry(p);
                    Path below = lower == null ? null : lower.resolve(upper.relativize(p).toString());
                    if (!(e.type().equals("dir") && below != null && Files.isDirectory(below, LinkOption.NOFOLLOW_LINKS)
                            && entry(below).equals(e))) {
                        out.put(rel, e);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk the rig's upper folder " + upper, e);
        }
        return out;
    }

    private static Entry entry(Path p) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,rdev", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            String owner = a.get("uid") + ":" + a.get("gid");
            String perm = String.format("%04o", mode & 07777);
            if (Files.isSymbolicLink(p)) {
                return new Entry("link", "", owner, Files.readSymbolicLink(p).toString());
            }
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return new Entry("dir", perm, owner, "");
            }
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                return new Entry("file", perm, owner, sha256(p));
            }
            int fmt = mode & 0170000;
            if (fmt == 0020000 && ((Long) a.get("rdev")) == 0L) {
                return new Entry("whiteout", "", "", "");
            }
            return new Entry("other", perm, owner, "");
        } catch (IOException e) {
            return new Entry("unreadable", "", "", e.getMessage());
        }
    }

    private static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
