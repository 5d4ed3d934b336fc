package dev.rigger.module.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code stat} said about one path on the host (never following a final symlink unless asked).
 *
 * @param type "file", "directory", "link", "fifo", "socket", "char", "block", "other" or "absent"
 * @param mode permission bits including setuid/setgid/sticky (e.g. 0644)
 */
public record FileInfo(String path, String type, int mode, long uid, long gid, String owner, String group, long size,
                       long mtime, long atime, long ctime, long inode, long nlink, long dev, String linkTarget,
                       String sha1) {

    public static FileInfo absent(String path) {
        return new FileInfo(path, "absent", 0, -1, -1, null, null, 0, 0, 0, 0, 0, 0, 0, null, null);
    }

    public boolean exists() {
        return !"absent".equals(type);
    }

    public boolean isFile() {
        return "file".equals(type);
    }

    public boolean isDir() {
        return "directory".equals(type);
    }

    public boolean isLink() {
        return "link".equals(type);
    }

    public FileInfo withSha1(String s) {
        return new FileInfo(path, type, mode, uid, gid, owner, group, size, mtime, atime, ctime, inode, nlink, dev,
                linkTarget, s);
    }

    public FileInfo withLinkTarget(String t) {
        return new FileInfo(path, type, mode, uid, gid, owner, group, size, mtime, atime, ctime, inode, nlink, dev,
                t, sha1);
    }

    /** Mode as Ansible prints it: four octal digits, e.g. "0644". */
    public String modeString() {
        return Modes.format(mode);
    }

    /** Ansible's common file result keys: path/dest is added by the caller. */
    public Map<String, Object> attrs() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!exists()) {
            m.put("state", "absent");
            return m;
        }
        m.put("mode", modeString());
        m.put("owner", owner);
        m.put("group", group);
        m.put("uid", uid);
        m.put("gid", gid);
        m.put("size", size);
        m.put("state", stateName());
        return m;
    }

    /** The file module's state name for this type. */
    public String stateName() {
        return switch (type) {
            case "directory" -> "directory";
            case "link" -> "link";
            case "absent" -> "absent";
            default -> nlink > 1 && "file".equals(type) ? "hard" : "file";
        };
    }

    static String typeOf(String statF) {
        return switch (statF) {
            case "regular file", "regular empty file" -> "file";
            case "directory" -> "directory";
            case "symbolic link" -> "link";
            case "fifo" -> "fifo";
            case "socket" -> "socket";
            case "character special file" -> "char";
            case "block special file" -> "block";
            default -> "other";
        };
    }
}
