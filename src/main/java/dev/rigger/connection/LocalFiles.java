package dev.rigger.connection;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;

/** {@link FileAccess} on the controller itself ({@code connection: local}), through java.nio's unix view. */
final class LocalFiles implements FileAccess {
    private static final String ATTRS = "unix:mode,uid,gid,size,lastModifiedTime,lastAccessTime,nlink";

    @Override
    public RemoteStat stat(String path, boolean follow) throws IOException {
        Map<String, Object> a;
        try {
            a = follow ? Files.readAttributes(Path.of(path), ATTRS)
                    : Files.readAttributes(Path.of(path), ATTRS, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (FileSystemException | UnsupportedOperationException e) {
            throw new Unsupported("stat " + path + ": " + e.getMessage(), e);
        }
        int mode = (Integer) a.get("mode");
        String type = switch (mode & 0170000) {
            case 0100000 -> "file";
            case 0040000 -> "directory";
            case 0120000 -> "link";
            case 0010000 -> "fifo";
            case 0140000 -> "socket";
            case 0020000 -> "char";
            case 0060000 -> "block";
            default -> "other";
        };
        return new RemoteStat(type, mode & 07777, Integer.toUnsignedLong((Integer) a.get("uid")),
                Integer.toUnsignedLong((Integer) a.get("gid")), (Long) a.get("size"),
                ((FileTime) a.get("lastModifiedTime")).toMillis() / 1000,
                ((FileTime) a.get("lastAccessTime")).toMillis() / 1000, ((Integer) a.get("nlink")).longValue());
    }

    @Override
    public String readlink(String path) throws IOException {
        try {
            return Files.readSymbolicLink(Path.of(path)).toString();
        } catch (FileSystemException e) {
            throw new Unsupported("readlink " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String realpath(String path) throws IOException {
        try {
            return Path.of(path).toRealPath().toString();
        } catch (FileSystemException e) {
            throw new Unsupported("realpath " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] read(String path, long max) throws IOException {
        Path p = Path.of(path);
        try {
            if (Files.size(p) > max) {
                throw new Unsupported(path + " is larger than " + max + " bytes");
            }
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            return null;
        } catch (AccessDeniedException e) {
            throw new Unsupported("read " + path + ": permission denied", e);
        } catch (FileSystemException e) {
            throw new Unsupported("read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void mkdir(String path, int mode) throws IOException {
        try {
            Files.createDirectory(Path.of(path));
            Files.setAttribute(Path.of(path), "unix:mode", mode);
        } catch (FileSystemException | UnsupportedOperationException e) {
            throw new Unsupported("mkdir " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String userName(long uid) throws IOException {
        return names("/etc/passwd").get(uid);
    }

    @Override
    public String groupName(long gid) throws IOException {
        return names("/etc/group").get(gid);
    }

    private static Map<Long, String> names(String file) throws IOException {
        try {
            return SftpFiles.names(Files.readAllBytes(Path.of(file)));
        } catch (NoSuchFileException e) {
            return new HashMap<>();
        }
    }
}
