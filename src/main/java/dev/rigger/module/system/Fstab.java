package dev.rigger.module.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ansible.posix.mount's fstab logic (Linux), ported line for line: {@code _escape_fstab}, {@code _set_mount_save_old},
 * {@code unset_mount}, {@code get_linux_mounts} and {@code is_bind_mounted}. Pure text, testable without a host.
 */
public final class Fstab {
    /** A field Ansible fills with the integer 0 (a missing dump or passno): never equal to an argument's text. */
    private static final String MISSING = "\0missing";
    private static final List<String> LABELS = List.of("src", "name", "fstype", "opts", "dump", "passno");

    private Fstab() {
    }

    /** The arguments the fstab line is made of (Ansible's {@code args}, before escaping); src may be null. */
    public record Entry(String name, String src, String fstype, String opts, String dump, String passno) {
        Entry escaped() {
            return new Entry(escape(name), src == null ? null : escape(src), escape(fstype), escape(opts),
                    escape(dump), escape(passno));
        }

        String line() {
            return src + " " + name + " " + fstype + " " + opts + " " + dump + " " + passno + "\n";
        }
    }

    /** What set_mount computed: the lines to write, the old lines (each ending in \n) and whether it changed. */
    public record SetResult(List<String> lines, List<String> oldLines, boolean changed) {
    }

    /** Ansible's _escape_fstab: backslash, space and ampersand as octal escapes. */
    public static String escape(String v) {
        return v == null ? null : v.replace("\\", "\\134").replace(" ", "\\040").replace("&", "\\046");
    }

    /** Python's readlines() of a file opened in text mode (universal newlines: \r\n and \r read as \n). */
    public static List<String> readlines(String text) {
        String s = text.replace("\r\n", "\n").replace('\r', '\n');
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                out.add(s.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < s.length()) {
            out.add(s.substring(start));
        }
        return out;
    }

    /** Ansible's _set_mount_save_old on Linux: the entry set (or changed) in the file's lines. */
    public static SetResult set(List<String> fileLines, Entry args) {
        Entry e = args.escaped();
        List<String> toWrite = new ArrayList<>();
        List<String> old = new ArrayList<>();
        boolean exists = false;
        boolean changed = false;
        for (String raw : fileLines) {
            String line = raw.endsWith("\n") ? raw : raw + "\n";
            old.add(line);
            String t = strip(line);
            if (t.isEmpty() || t.startsWith("#")) {
                toWrite.add(line);
                continue;
            }
            List<String> fields = split(line);
            if (fields.size() < 4 || fields.size() > 6) {
                toWrite.add(line);
                continue;
            }
            Map<String, String> ld = new LinkedHashMap<>();
            ld.put("dump", MISSING);
            ld.put("passno", MISSING);
            for (int i = 0; i < fields.size(); i++) {
                ld.put(LABELS.get(i), fields.get(i));
            }
            if (!matches(ld, e.name(), args.src())) {
                toWrite.add(line);
                continue;
            }
            exists = true;
            String[][] check = {{"src", e.src()}, {"fstype", e.fstype()}, {"opts", e.opts()}, {"dump", e.dump()},
                {"passno", e.passno()}};
            for (String[] c : check) {
                if (!ld.get(c[0]).equals(c[1])) {
                    ld.put(c[0], c[1]);
                    changed = true;
                }
            }
            if (changed) {
                toWrite.add(new Entry(ld.get("name"), ld.get("src"), ld.get("fstype"), ld.get("opts"), ld.get("dump"),
                        ld.get("passno")).line());
            } else {
                toWrite.add(line);
            }
        }
        if (!exists) {
            toWrite.add(e.line());
            changed = true;
        }
        return new SetResult(toWrite, old, changed);
    }

    /** Ansible's unset_mount on Linux: the file's lines without the entry; null when nothing matched. */
    public static List<String> unset(List<String> fileLines, String name, String src) {
        String escapedName = escape(name);
        List<String> toWrite = new ArrayList<>();
        boolean changed = false;
        for (String line : fileLines) {
            String t = strip(line);
            if (t.isEmpty() || t.startsWith("#")) {
                toWrite.add(line);
                continue;
            }
            List<String> fields = split(line);
            if (fields.size() != 6) {
                toWrite.add(line);
                continue;
            }
            Map<String, String> ld = new LinkedHashMap<>();
            for (int i = 0; i < 6; i++) {
                ld.put(LABELS.get(i), fields.get(i));
            }
            if (!matches(ld, escapedName, src)) {
                toWrite.add(line);
                continue;
            }
            changed = true;
        }
        return changed ? toWrite : null;
    }

    /** The line is the entry's: same (escaped) name, and for a swap entry named none, the same (raw) src. */
    private static boolean matches(Map<String, String> ld, String escapedName, String src) {
        if (!ld.get("name").equals(escapedName)) {
            return false;
        }
        return !(src != null && ld.get("name").equals("none") && ld.get("fstype").equals("swap")
                && !ld.get("src").equals(src));
    }

    /** One mount of {@code get_linux_mounts}: where, from what, options, filesystem type. */
    public record Mount(String dst, String src, String opts, String fs) {
    }

    /** Ansible's get_linux_mounts: /proc/self/mountinfo's lines as mounts by destination (bind sources resolved). */
    public static Map<String, Mount> linuxMounts(List<String> mountinfo) {
        Map<Long, String[]> info = new LinkedHashMap<>();
        Map<Long, Long> parents = new LinkedHashMap<>();
        for (String raw : mountinfo) {
            String line = strip(raw);
            if (line.isEmpty()) {
                continue;
            }
            List<String> f = split(line);
            if (f.size() < 6) {
                continue;
            }
            long id;
            long parent;
            try {
                id = Long.parseLong(f.get(0));
                parent = Long.parseLong(f.get(1));
            } catch (NumberFormatException e) {
                continue;
            }
            // root, dst, opts, fs, src
            info.put(id, new String[] {f.get(3), f.get(4), f.get(5), f.get(f.size() - 3), f.get(f.size() - 2)});
            parents.put(id, parent);
        }
        Map<String, Mount> mounts = new LinkedHashMap<>();
        for (Map.Entry<Long, String[]> en : info.entrySet()) {
            String[] mnt = en.getValue();
            long parent = parents.get(en.getKey());
            String src;
            if (parent != 1 && info.containsKey(parent)) {
                String[] m = info.get(parent);
                if (m[0].length() > 1 && mnt[0].startsWith(m[0] + "/")) {
                    mnt[0] = mnt[0].substring(m[0].length());
                }
                if (!m[1].equals("/")) {
                    mnt[0] = m[1] + mnt[0];
                }
                src = mnt[0];
            } else {
                src = mnt[4];
            }
            mounts.put(mnt[1], new Mount(mnt[1], src, mnt[2], mnt[3]));
        }
        return mounts;
    }

    /**
     * Ansible's is_bind_mounted: with mountinfo ({@code linux} not null), whether {@code dest} is mounted (from
     * {@code src} when given); without, from {@code mount -l}'s lines (source, "on", dest, "type", fstype).
     */
    public static boolean bindMounted(Map<String, Mount> linux, List<String> mountL, String dest, String src,
                                      String fstype) {
        if (linux != null) {
            Mount m = linux.get(dest);
            return m != null && (src == null || m.src().equals(src));
        }
        for (String l : mountL) {
            List<String> a = split(l);
            if (a.size() > 4 && (src == null || a.get(0).equals(src)) && a.get(2).equals(dest)
                    && (fstype == null || a.get(4).equals(fstype))) {
                return true;
            }
        }
        return false;
    }

    /** Python's str.isspace for one character. */
    static boolean space(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    /** Python's str.strip(). */
    static String strip(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && space(s.charAt(a))) {
            a++;
        }
        while (b > a && space(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }

    /** Python's str.split() (runs of whitespace). */
    public static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && space(s.charAt(i))) {
                i++;
            }
            int j = i;
            while (j < s.length() && !space(s.charAt(j))) {
                j++;
            }
            if (j > i) {
                out.add(s.substring(i, j));
            }
            i = j;
        }
        return out;
    }
}
