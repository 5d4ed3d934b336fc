package dev.rigger.connection;

import java.io.IOException;
import java.io.StringReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * An OpenSSH {@code known_hosts} file (plain and hashed entries, {@code [host]:port} form). Unknown hosts are
 * accepted and recorded (like OpenSSH's {@code StrictHostKeyChecking=accept-new}); a changed key is refused.
 * Appends are serialised within this object and across processes with a file lock, and the file is re-read
 * under the lock, so parallel connections to the same new host record it once.
 */
public final class KnownHostsFile {
    /** What the file says about a host key. */
    public sealed interface Verdict {
        /** The key matches an entry. */
        record Known() implements Verdict {
        }

        /** No entry for this host and key type; the key was added at {@code line}. */
        record Recorded(int line) implements Verdict {
        }

        /**
         * No entry, and the file cannot take one (read-only, no home folder): the key is trusted for this connection
         * only, as OpenSSH does ("Failed to add the host to the list of known hosts").
         */
        record Unrecorded(String why) implements Verdict {
        }

        /** An entry for this host and key type holds a different key. */
        record Changed(int line, String message) implements Verdict {
        }
    }

    private final Path path;

    public KnownHostsFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    public Path path() {
        return path;
    }

    /** The name OpenSSH files a host under: {@code addr} on port 22, else {@code [addr]:port}. */
    public static String hostPattern(String address, int port) {
        return port == 22 ? address : "[" + address + "]:" + port;
    }

    /** What the file says of {@code key} for {@code address:port}, recording nothing ({@code Recorded(-1)}: unknown). */
    public synchronized Verdict check(String address, int port, PublicKey key) throws IOException {
        return lookup(hostPattern(address, port), key);
    }

    /** Checks {@code key} for {@code address:port}; records it when the host is unknown. */
    public synchronized Verdict verify(String address, int port, PublicKey key) throws IOException {
        String pattern = hostPattern(address, port);
        Verdict v = lookup(pattern, key);
        if (!(v instanceof Verdict.Recorded)) {
            return v;
        }
        if (!writable()) {
            return new Verdict.Unrecorded(path + " cannot be written (its folder " + path.getParent()
                    + " is missing or read-only)");
        }
        try {
            return withFileLock(() -> {
                Verdict again = lookup(pattern, key);
                if (!(again instanceof Verdict.Recorded)) {
                    return again;
                }
                return new Verdict.Recorded(append(pattern + " " + KeyType.fromKey(key) + " " + keyBase64(key)));
            });
        } catch (java.nio.file.FileSystemException e) {
            return new Verdict.Unrecorded(path + " cannot be written: " + e.getMessage());
        }
    }

    /** Key types already known for the host, so the client prefers them in key exchange. */
    public synchronized List<String> knownAlgorithms(String address, int port) {
        String pattern = hostPattern(address, port);
        List<String> types = new ArrayList<>();
        try {
            for (Line l : read()) {
                if (l.entry() != null && l.entry().appliesTo(pattern) && l.entry().getType() != KeyType.UNKNOWN) {
                    String t = l.entry().getType().toString();
                    if (!types.contains(t)) {
                        types.add(t);
                    }
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return types;
    }

    private record Line(int number, OpenSSHKnownHosts.KnownHostEntry entry) {
    }

    private List<Line> read() throws IOException {
        List<Line> out = new ArrayList<>();
        if (!Files.isRegularFile(path)) {
            return out;
        }
        OpenSSHKnownHosts parser = new OpenSSHKnownHosts(new StringReader(""));
        OpenSSHKnownHosts.EntryFactory factory = parser.new EntryFactory();
        List<String> lines = Files.readAllLines(path, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).trim();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            try {
                out.add(new Line(i + 1, factory.parseEntry(s)));
            } catch (IOException | RuntimeException e) {
                // an entry sshj cannot read (unknown key type, bad base64) is skipped, like OpenSSH does
            }
        }
        return out;
    }

    private Verdict lookup(String pattern, PublicKey key) throws IOException {
        KeyType type = KeyType.fromKey(key);
        for (Line l : read()) {
            OpenSSHKnownHosts.KnownHostEntry e = l.entry();
            if (e != null && e.appliesTo(type, pattern)) {
                if (e.verify(key)) {
                    return new Verdict.Known();
                }
                return new Verdict.Changed(l.number(), changedMessage(pattern, key, l.number()));
            }
        }
        return new Verdict.Recorded(-1);
    }

    private String changedMessage(String pattern, PublicKey key, int line) {
        return "the host key of " + pattern + " has CHANGED: it now offers " + KeyType.fromKey(key) + " "
                + fingerprint(key) + ", but " + path + ":" + line + " holds a different key. Either the rig was"
                + " reinstalled, or someone is intercepting the connection. If the change is expected, remove"
                + " the old key with: ssh-keygen -R " + Shell.quote(pattern) + " -f " + Shell.quote(path.toString());
    }

    /** OpenSSH's {@code SHA256:...} fingerprint. */
    public static String fingerprint(PublicKey key) {
        try {
            byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
            byte[] d = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String keyBase64(PublicKey key) {
        return Base64.getEncoder().encodeToString(new Buffer.PlainBuffer().putPublicKey(key).getCompactData());
    }

    private int append(String entry) throws IOException {
        int lines = Files.isRegularFile(path) ? Files.readAllLines(path, StandardCharsets.ISO_8859_1).size() : 0;
        byte[] existing = Files.isRegularFile(path) ? Files.readAllBytes(path) : new byte[0];
        String prefix = existing.length > 0 && existing[existing.length - 1] != '\n' ? "\n" : "";
        Files.writeString(path, prefix + entry + "\n", StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
        return lines + 1;
    }

    private interface LockedAction {
        Verdict run() throws IOException;
    }

    /**
     * Whether a key can be recorded: the file is writable, or can be created, with its folder (~/.ssh) made when
     * only that folder is missing. A missing home is never created (a service user's home may be /nonexistent).
     */
    private boolean writable() {
        if (Files.exists(path)) {
            return Files.isWritable(path);
        }
        Path dir = path.getParent();
        if (dir == null) {
            return false;
        }
        if (Files.isDirectory(dir)) {
            return Files.isWritable(dir);
        }
        Path home = dir.getParent();
        return home != null && Files.isDirectory(home) && Files.isWritable(home);
    }

    private Verdict withFileLock(LockedAction action) throws IOException {
        Path dir = path.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            FileLock lock = null;
            while (lock == null) {
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // another KnownHostsFile for the same file in this JVM holds it
                }
                if (lock == null) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("could not lock " + path + " within 10 s to record a host key;"
                                + " is another program holding it?");
                    }
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted while locking " + path);
                    }
                }
            }
            try {
                return action.run();
            } finally {
                lock.release();
            }
        }
    }
}
