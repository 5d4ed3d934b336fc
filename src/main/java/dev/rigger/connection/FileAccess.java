package dev.rigger.connection;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * File operations on the host that start no process there: over SSH they go through the connection's SFTP
 * channel (one {@code sftp-server} per connection, started once), so an inspection costs one round trip and no
 * fork on the rig. Given by {@link Connection#files} only when the task's user is the login user (no sudo in
 * between). Every method may throw {@link Unsupported} for what it cannot answer (permission denied, an unusual
 * file system error, a file too large): the caller then asks the shell, which knows the same and more.
 */
public interface FileAccess {

    /** {@code lstat} ({@code follow} false) or {@code stat} of a path; null when it does not exist. */
    RemoteStat stat(String path, boolean follow) throws IOException;

    /**
     * Several stats at once ({@code follow[i]} for {@code paths[i]}); null entries for absent paths. Over SFTP
     * the requests are sent together: one round trip for all.
     */
    default List<RemoteStat> stats(List<String> paths, List<Boolean> follow) throws IOException {
        List<RemoteStat> out = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            out.add(stat(paths.get(i), follow.get(i)));
        }
        return out;
    }

    /** The target of a symbolic link, as stored. */
    String readlink(String path) throws IOException;

    /** The absolute path with every symbolic link resolved (like {@code readlink -f}) of an existing path. */
    String realpath(String path) throws IOException;

    /** The content of a file, or null when it does not exist; {@link Unsupported} when larger than {@code max}. */
    byte[] read(String path, long max) throws IOException;

    /** {@link #read(String, long)} for a file whose size a stat just gave (fewer round trips over SFTP). */
    default byte[] read(String path, long max, long sizeHint) throws IOException {
        return read(path, max);
    }

    /** Makes one directory (its parent must exist) and gives it exactly {@code mode}, whatever the umask. */
    void mkdir(String path, int mode) throws IOException;

    /** The name of a user id from the host's /etc/passwd, or null when it is not listed there. */
    String userName(long uid) throws IOException;

    /** The name of a group id from the host's /etc/group, or null when it is not listed there. */
    String groupName(long gid) throws IOException;

    /** What {@code stat} says about one path; {@code nlink} is -1 when the transport does not tell (SFTP). */
    record RemoteStat(String type, int mode, long uid, long gid, long size, long mtime, long atime, long nlink) {
    }

    /** This way cannot answer; ask the shell instead. Never means the host is unreachable. */
    final class Unsupported extends IOException {
        public Unsupported(String message) {
            super(message);
        }

        public Unsupported(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
