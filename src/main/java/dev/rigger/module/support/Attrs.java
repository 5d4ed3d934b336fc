package dev.rigger.module.support;

import dev.rigger.connection.Shell;
import java.util.Map;

/** The owner, group and mode a task asks for (each may be null = leave alone). */
public record Attrs(String owner, String group, Object mode) {

    public static Attrs from(Args a) {
        Object m = a.raw("mode");
        return new Attrs(a.str("owner"), a.str("group"), m);
    }

    public Attrs withMode(Object m) {
        return new Attrs(owner, group, m);
    }

    public boolean isEmpty() {
        return owner == null && group == null && mode == null;
    }

    /** The mode this asks for, given the current mode (symbolic modes are relative). -1 when not asked. */
    public int wantedMode(int current, boolean isDir) {
        if (mode == null) {
            return -1;
        }
        return Modes.resolve(mode, current, isDir);
    }

    /** The octal mode string to create a new file with, or null when no mode is asked. */
    public String newFileMode(boolean isDir) {
        if (mode == null) {
            return null;
        }
        return Modes.format(Modes.resolve(mode, isDir ? 0755 : 0644, isDir));
    }

    public boolean ownerDiffers(FileInfo f) {
        return owner != null && !matches(owner, f.owner(), f.uid());
    }

    public boolean groupDiffers(FileInfo f) {
        return group != null && !matches(group, f.group(), f.gid());
    }

    public boolean modeDiffers(FileInfo f) {
        return mode != null && !f.isLink() && wantedMode(f.mode(), f.isDir()) != (f.mode() & 07777);
    }

    /** Whether the existing file's attributes differ from what is asked. */
    public boolean differs(FileInfo f) {
        return f.exists() && (ownerDiffers(f) || groupDiffers(f) || modeDiffers(f));
    }

    private static boolean matches(String want, String name, long id) {
        if (want.matches("\\d+")) {
            return Long.parseLong(want) == id;
        }
        return want.equals(name);
    }

    /** Shell commands that make {@code word} (a shell word) match, given what it is now. Empty when nothing to do. */
    public String fixScript(String word, FileInfo f) {
        StringBuilder s = new StringBuilder();
        String h = f.isLink() ? "-h " : "";
        if (ownerDiffers(f) || !f.exists() && owner != null) {
            s.append("chown ").append(h).append("-- ").append(Shell.quote(owner)).append(' ').append(word).append(" && ");
        }
        if (groupDiffers(f) || !f.exists() && group != null) {
            s.append("chgrp ").append(h).append("-- ").append(Shell.quote(group)).append(' ').append(word).append(" && ");
        }
        if (mode != null && !f.isLink() && (!f.exists() || modeDiffers(f))) {
            int m = f.exists() ? wantedMode(f.mode(), f.isDir()) : Modes.resolve(mode, f.isDir() ? 0755 : 0644, f.isDir());
            s.append("chmod ").append(Modes.format(m)).append(' ').append(word).append(" && ");
        }
        if (s.length() == 0) {
            return "";
        }
        s.setLength(s.length() - 4);
        return s.toString();
    }

    /** What the file would look like after the change (for check mode and results). */
    public FileInfo predict(FileInfo f) {
        int m = mode == null || f.isLink() ? f.mode() : wantedMode(f.mode(), f.isDir());
        String o = owner == null ? f.owner() : owner;
        String g = group == null ? f.group() : group;
        return new FileInfo(f.path(), f.type(), m, f.uid(), f.gid(), o, g, f.size(), f.mtime(), f.atime(), f.ctime(),
                f.inode(), f.nlink(), f.dev(), f.linkTarget(), f.sha1());
    }

    /** Ansible's attribute diff entries ({owner, group, mode} that change), before and after. */
    public void diffInto(FileInfo f, Map<String, Object> before, Map<String, Object> after) {
        if (ownerDiffers(f)) {
            before.put("owner", f.owner());
            after.put("owner", owner);
        }
        if (groupDiffers(f)) {
            before.put("group", f.group());
            after.put("group", group);
        }
        if (modeDiffers(f)) {
            before.put("mode", f.modeString());
            after.put("mode", Modes.format(wantedMode(f.mode(), f.isDir())));
        }
    }
}
