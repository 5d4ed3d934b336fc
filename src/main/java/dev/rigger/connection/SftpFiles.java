package dev.rigger.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import net.schmizz.concurrent.Promise;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.FileMode;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.PacketType;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.RenameFlags;
import net.schmizz.sshj.sftp.Response;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.sftp.SFTPEngine;
import net.schmizz.sshj.sftp.SFTPException;

/**
 * {@link FileAccess} over the connection's SFTP channel (sshj's {@link SFTPClient}), opened on first use and
 * kept for the connection's life. A server-side refusal ({@link SFTPException} with a status) becomes
 * {@link FileAccess.Unsupported}; any other failure is the link's, and goes through {@code lost} so that a cut
 * link reads as unreachable exactly as it does for commands. Not thread-safe: the owning connection serialises.
 */
final class SftpFiles implements FileAccess {
    /** Largest file written through SFTP; larger ones go through the shell's size-checked write. */
    static final int MAX_WRITE = 1 << 20;
    private static final int CHUNK = 32 * 1024;
    /** Most bytes asked in one read: OpenSSH's sftp-server answers at most 256 KiB less a little. */
    private static final int MAX_READ = 192 * 1024;

    interface Lost {
        IOException map(IOException e);
    }

    private final SSHClient client;
    private final Lost lost;
    private final LongSupplier generation;
    private SFTPClient sftp;
    private boolean broken;
    private Map<Long, String> users;
    private Map<Long, String> groups;
    private long namesGeneration = -1;

    SftpFiles(SSHClient client, Lost lost, LongSupplier generation) {
        this.client = client;
        this.lost = lost;
        this.generation = generation;
    }

    /** False once the host refused the SFTP subsystem: the connection stops offering this access. */
    boolean usable() {
        return !broken;
    }

    private SFTPClient sftp() throws IOException {
        if (broken) {
            throw new Unsupported("no SFTP subsystem on this host");
        }
        if (sftp == null) {
            try {
                sftp = client.newSFTPClient();
            } catch (IllegalStateException e) {
                throw lost.map(new IOException("the SSH connection is closed (" + e.getMessage() + ")", e));
            } catch (IOException e) {
                if (client.isConnected() && client.getTransport().isRunning()) {
                    broken = true; // e.g. no "Subsystem sftp" in sshd_config: commands still work
                    throw new Unsupported("the host refused the SFTP subsystem: " + e.getMessage(), e);
                }
                throw lost.map(e);
            }
        }
        return sftp;
    }

    private IOException fail(String what, String path, IOException e) {
        if (e instanceof SFTPException se && se.getStatusCode() != null
                && se.getStatusCode() != Response.StatusCode.UNKNOWN
                && se.getStatusCode() != Response.StatusCode.NO_CONNECTION
                && se.getStatusCode() != Response.StatusCode.CONNECITON_LOST) {
            return new Unsupported(what + " " + path + ": " + se.getStatusCode() + " " + se.getMessage(), e);
        }
        closeQuietly();
        return lost.map(e);
    }

    private static boolean absent(IOException e) {
        return e instanceof SFTPException se && se.getStatusCode() == Response.StatusCode.NO_SUCH_FILE;
    }

    @Override
    public RemoteStat stat(String path, boolean follow) throws IOException {
        FileAttributes a;
        try {
            a = follow ? sftp().stat(path) : sftp().lstat(path);
        } catch (IOException e) {
            if (absent(e)) {
                return null;
            }
            throw fail("stat", path, e);
        }
        return toStat(a);
    }

    static RemoteStat toStat(FileAttributes a) {
        FileMode m = a.getMode();
        String type = switch (m.getType()) {
            case REGULAR -> "file";
            case DIRECTORY -> "directory";
            case SYMLINK -> "link";
            case FIFO_SPECIAL -> "fifo";
            case SOCKET_SPECIAL -> "socket";
            case CHAR_SPECIAL -> "char";
            case BLOCK_SPECIAL -> "block";
            default -> "other";
        };
        return new RemoteStat(type, m.getPermissionsMask(), Integer.toUnsignedLong(a.getUID()),
                Integer.toUnsignedLong(a.getGID()), a.getSize(), a.getMtime(), a.getAtime(), -1);
    }

    @Override
    public List<RemoteStat> stats(List<String> paths, List<Boolean> follow) throws IOException {
        SFTPEngine engine = sftp().getSFTPEngine();
        Charset cs = engine.getSubsystem().getRemoteCharset();
        List<Promise<Response, SFTPException>> sent = new ArrayList<>();
        int i = 0;
        try {
            for (; i < paths.size(); i++) {
                sent.add(engine.request(engine.newRequest(follow.get(i) ? PacketType.STAT : PacketType.LSTAT)
                        .putString(paths.get(i), cs)));
            }
            List<RemoteStat> out = new ArrayList<>();
            for (i = 0; i < sent.size(); i++) {
                Response r = sent.get(i).retrieve(engine.getTimeoutMs(), TimeUnit.MILLISECONDS);
                if (r.getType() == PacketType.STATUS) {
                    Response.StatusCode code = r.readStatusCode();
                    if (code == Response.StatusCode.NO_SUCH_FILE) {
                        out.add(null);
                        continue;
                    }
                    throw new SFTPException(code, "stat " + paths.get(i));
                }
                out.add(toStat(r.ensurePacketTypeIs(PacketType.ATTRS).readFileAttributes()));
            }
            return out;
        } catch (IOException e) {
            throw fail("stat", paths.get(Math.min(i, paths.size() - 1)), e);
        }
    }

    @Override
    public String readlink(String path) throws IOException {
        try {
            return sftp().readlink(path);
        } catch (IOException e) {
            throw fail("readlink", path, e);
        }
    }

    @Override
    public String realpath(String path) throws IOException {
        try {
            return sftp().canonicalize(path);
        } catch (IOException e) {
            throw fail("realpath", path, e);
        }
    }

    @Override
    public byte[] read(String path, long max) throws IOException {
        return read(path, max, -1);
    }

    /**
     * Reads a file in two round trips when its size is known: open, then one read of {@code size + 1} bytes (a
     * short read is the end of a regular file); the close is sent without waiting for its answer.
     */
    @Override
    public byte[] read(String path, long max, long sizeHint) throws IOException {
        SFTPEngine engine = sftp().getSFTPEngine();
        byte[] handle;
        try {
            Response r = engine.request(engine.newRequest(PacketType.OPEN)
                            .putString(path, engine.getSubsystem().getRemoteCharset())
                            .putUInt32(OpenMode.toMask(EnumSet.of(OpenMode.READ)))
                            .putFileAttributes(FileAttributes.EMPTY))
                    .retrieve(engine.getTimeoutMs(), TimeUnit.MILLISECONDS);
            if (r.getType() == PacketType.STATUS) {
                Response.StatusCode code = r.readStatusCode();
                if (code == Response.StatusCode.NO_SUCH_FILE) {
                    return null;
                }
                throw new SFTPException(code, "open " + path);
            }
            handle = r.ensurePacketTypeIs(PacketType.HANDLE).readBytes();
        } catch (IOException e) {
            throw fail("read", path, e);
        }
        RemoteFile f = new RemoteFile(engine, path, handle);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int want = (int) Math.min(MAX_READ, sizeHint >= 0 ? sizeHint + 1 : CHUNK);
            byte[] buf = new byte[Math.max(want, 1)];
            long off = 0;
            while (true) {
                int n = f.read(off, buf, 0, buf.length);
                if (n < 0) {
                    return out.toByteArray();
                }
                off += n;
                if (off > max) {
                    throw new Unsupported(path + " is larger than " + max + " bytes");
                }
                out.write(buf, 0, n);
                if (sizeHint >= 0 && n < buf.length && off >= sizeHint) {
                    return out.toByteArray(); // short read at the size stat gave: the end of the file
                }
            }
        } catch (Unsupported e) {
            throw e;
        } catch (IOException e) {
            throw fail("read", path, e);
        } finally {
            try {
                engine.request(engine.newRequest(PacketType.CLOSE).putString(handle)); // answer not awaited
            } catch (IOException ignored) {
                // the link is gone; the server closes the handle with the channel
            }
        }
    }

    @Override
    public void mkdir(String path, int mode) throws IOException {
        FileAttributes perms = new FileAttributes.Builder().withPermissions(mode).build();
        try {
            sftp().getSFTPEngine().makeDir(path, perms);
            sftp().setattr(path, perms); // mkdir applied the umask
        } catch (IOException e) {
            throw fail("mkdir", path, e);
        }
    }

    @Override
    public String userName(long uid) throws IOException {
        loadNames();
        return users.get(uid);
    }

    @Override
    public String groupName(long gid) throws IOException {
        loadNames();
        return groups.get(gid);
    }

    /** /etc/passwd and /etc/group, read again after any command or write (one may have added a user). */
    private void loadNames() throws IOException {
        long g = generation.getAsLong();
        if (users != null && namesGeneration == g) {
            return;
        }
        users = names(read("/etc/passwd", 16 << 20));
        groups = names(read("/etc/group", 16 << 20));
        namesGeneration = g;
    }

    static Map<Long, String> names(byte[] file) {
        Map<Long, String> m = new HashMap<>();
        if (file == null) {
            return m;
        }
        for (String line : new String(file, StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && !f[0].isEmpty() && !f[0].startsWith("#") && !f[0].startsWith("+")) {
                try {
                    m.putIfAbsent(Long.parseLong(f[2]), f[0]);
                } catch (NumberFormatException ignored) {
                    // not an entry
                }
            }
        }
        return m;
    }

    /**
     * Writes {@code content} to a temporary file beside {@code path}, gives it the target's owner and mode (or
     * {@code mode}, or 0644 for a new file), then renames it over the target (posix-rename): a cut link leaves the
     * target as it was. Mirrors {@link AtomicWrite#script}.
     */
    void writeAtomic(String path, byte[] content, String mode) throws IOException {
        SFTPClient c = sftp();
        SFTPEngine e = c.getSFTPEngine();
        if (!e.supportsServerExtension("posix-rename", "openssh.com")) {
            throw new Unsupported("the host's SFTP server cannot rename over a file atomically");
        }
        Charset cs = e.getSubsystem().getRemoteCharset();
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "." : slash == 0 ? "" : path.substring(0, slash);
        // one temp name per target: a write cut short leaves at most this file, which the next write removes
        String tmp = dir + "/." + path.substring(slash + 1) + ".rigger-tmp";
        boolean created = false;
        try {
            // round trip 1: a stale temp file removed (never followed: REMOVE unlinks a link itself), the target's
            // stat (owner and mode to keep) and the temporary file's exclusive creation
            Promise<Response, SFTPException> stale = e.request(e.newRequest(PacketType.REMOVE).putString(tmp, cs));
            Promise<Response, SFTPException> stat = e.request(e.newRequest(PacketType.STAT).putString(path, cs));
            Promise<Response, SFTPException> open = e.request(e.newRequest(PacketType.OPEN).putString(tmp, cs)
                    .putUInt32(OpenMode.toMask(EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL)))
                    .putFileAttributes(new FileAttributes.Builder().withPermissions(0600).build()));
            answer(e, stale); // absent is the usual answer
            Response sr = answer(e, stat);
            FileAttributes target = null;
            if (sr.getType() == PacketType.ATTRS) {
                target = sr.readFileAttributes();
            } else if (sr.readStatusCode() != Response.StatusCode.NO_SUCH_FILE) {
                throw new SFTPException(Response.StatusCode.FAILURE, "stat " + path);
            }
            Response or = answer(e, open);
            if (or.getType() == PacketType.STATUS) {
                throw new SFTPException(or.readStatusCode(), "create " + tmp);
            }
            byte[] handle = or.ensurePacketTypeIs(PacketType.HANDLE).readBytes();
            created = true;
            int perms = mode != null ? Integer.parseInt(mode, 8)
                    : target != null ? target.getMode().getPermissionsMask() : 0644;
            // round trip 2: every chunk, the owner and mode, the close; all must succeed before the rename
            List<Promise<Response, SFTPException>> writes = new ArrayList<>();
            for (int off = 0; off < content.length; off += CHUNK) {
                int n = Math.min(CHUNK, content.length - off);
                writes.add(e.request(e.newRequest(PacketType.WRITE).putString(handle).putUInt64(off)
                        .putString(content, off, n)));
            }
            FileAttributes.Builder fa = new FileAttributes.Builder().withPermissions(perms);
            if (target != null) { // like chown --reference ... || true: only root may give a file to someone else
                fa.withUIDGID(target.getUID(), target.getGID());
            }
            Promise<Response, SFTPException> fset = e.request(e.newRequest(PacketType.FSETSTAT).putString(handle)
                    .putFileAttributes(fa.build()));
            Promise<Response, SFTPException> close = e.request(e.newRequest(PacketType.CLOSE).putString(handle));
            for (Promise<Response, SFTPException> w : writes) {
                answer(e, w).ensureStatusPacketIsOK();
            }
            boolean attrsSet = answer(e, fset).readStatusCode() == Response.StatusCode.OK;
            answer(e, close).ensureStatusPacketIsOK();
            if (!attrsSet) {
                c.setattr(tmp, new FileAttributes.Builder().withPermissions(perms).build());
            }
            // round trip 3: the rename over the target
            c.rename(tmp, path, EnumSet.of(RenameFlags.OVERWRITE, RenameFlags.ATOMIC, RenameFlags.NATIVE));
        } catch (IOException ex) {
            if (created) {
                try {
                    c.rm(tmp);
                } catch (IOException ignored) {
                    // the link may be gone; the target is untouched either way
                }
            }
            throw ex instanceof Unsupported ? ex : fail("write", path, ex);
        }
    }

    private static Response answer(SFTPEngine e, Promise<Response, SFTPException> p) throws IOException {
        return p.retrieve(e.getTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    void closeQuietly() {
        if (sftp != null) {
            try {
                sftp.close();
            } catch (IOException ignored) {
                // closing a channel of a dead link
            }
            sftp = null;
        }
    }
}
