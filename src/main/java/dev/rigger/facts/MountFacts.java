package dev.rigger.facts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * setup's {@code mounts} as ansible-core 2.14 gathers them on Linux (hardware/linux.py get_mount_facts): the
 * entries of /etc/mtab (else /proc/mounts) whose device starts with '/' or '\' or holds ':/' and whose fstype is
 * not "none"; ",bind" added to the options of a bind mount (findmnt's SOURCE ends in ']'); the uuid from lsblk;
 * the sizes from statvfs (here {@code stat -f}). The sizes are the host's at gathering time.
 */
final class MountFacts {
    /** Script lines (the gatherer's {@code kv} helper), all under the key {@code mnt}: e (entry), b (bind), u (uuid). */
    static final String SCRIPT = String.join("\n",
            "if [ -e /etc/mtab ]; then rg_mt=/etc/mtab; else rg_mt=/proc/mounts; fi",
            "while read -r rg_d rg_m rg_f rg_o _; do [ -n \"$rg_o\" ] || continue; case \"$rg_d\" in /*|\\\\*|*:/*) ;; *) continue;; esac;"
                    + " [ \"$rg_f\" = none ] && continue;"
                    + " printf 'mnt=e\\t%s\\t%s\\t%s\\t%s\\t%s\\n' \"$rg_d\" \"$rg_m\" \"$rg_f\" \"$rg_o\""
                    + " \"$(stat -f -c '%S %s %b %a %f %c %d' \"$(printf '%b' \"$rg_m\")\" 2>/dev/null)\";"
                    + " done < \"$rg_mt\"",
            "if command -v findmnt >/dev/null 2>&1; then findmnt --list --noheadings --notruncate 2>/dev/null"
                    + " | while read -r rg_t rg_s _; do case \"$rg_s\" in *]) printf 'mnt=b\\t%s\\n' \"$rg_t\";; esac;"
                    + " done; fi",
            "if command -v lsblk >/dev/null 2>&1; then lsblk --list --noheadings --paths --output NAME,UUID --exclude 2"
                    + " 2>/dev/null | while read -r rg_n rg_u; do [ -n \"$rg_u\" ] && printf 'mnt=u\\t%s\\t%s\\n'"
                    + " \"$rg_n\" \"$rg_u\"; done; fi");

    private static final Pattern OCTAL = Pattern.compile("\\\\[0-7]{3}");

    private MountFacts() {
    }

    static void put(List<String> lines, Map<String, Object> f) {
        Set<String> binds = new HashSet<>();
        Map<String, String> uuids = new HashMap<>();
        List<String[]> entries = new ArrayList<>();
        for (String l : lines) {
            String[] p = l.split("\t", -1);
            switch (p[0]) {
                case "b" -> binds.add(p.length > 1 ? p[1] : "");
                case "u" -> {
                    if (p.length > 2) {
                        uuids.put(p[1], p[2]);
                    }
                }
                case "e" -> entries.add(p);
                default -> {
                }
            }
        }
        Map<String, Object> byMount = new LinkedHashMap<>(); // Ansible's results[mount]: a later entry replaces
        for (String[] e : entries) {
            if (e.length < 5) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            String mount = octal(e[2]);
            String device = octal(e[1]);
            m.put("mount", mount);
            m.put("device", device);
            m.put("fstype", octal(e[3]));
            String options = octal(e[4]);
            m.put("options", binds.contains(mount) && !options.contains("bind") ? options + ",bind" : options);
            sizes(e.length > 5 ? e[5] : "", m);
            m.put("uuid", uuids.getOrDefault(device, "N/A"));
            byMount.put(mount, m);
        }
        f.put("mounts", new ArrayList<>(byMount.values()));
    }

    /** statvfs as get_mount_size: stat -f's %S (f_frsize) %s (f_bsize) %b %a %f %c %d; nothing when it failed. */
    private static void sizes(String stat, Map<String, Object> m) {
        String[] s = stat.trim().split("\\s+");
        if (s.length < 7) {
            return;
        }
        try {
            long frsize = Long.parseLong(s[0]);
            long bsize = Long.parseLong(s[1]);
            long blocks = Long.parseLong(s[2]);
            long bavail = Long.parseLong(s[3]);
            long files = Long.parseLong(s[5]);
            long ffree = Long.parseLong(s[6]); // f_favail: Linux's statvfs gives f_ffree for it
            m.put("size_total", frsize * blocks);
            m.put("size_available", frsize * bavail);
            m.put("block_size", bsize);
            m.put("block_total", blocks);
            m.put("block_available", bavail);
            m.put("block_used", blocks - bavail);
            m.put("inode_total", files);
            m.put("inode_available", ffree);
            m.put("inode_used", files - ffree);
        } catch (NumberFormatException ignored) {
            // stat -f gave no numbers: Ansible's get_mount_size leaves the sizes out on OSError too
        }
    }

    private static String octal(String v) {
        Matcher mt = OCTAL.matcher(v);
        StringBuilder sb = new StringBuilder();
        while (mt.find()) {
            mt.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(
                    mt.group().substring(1), 8))));
        }
        mt.appendTail(sb);
        return sb.toString();
    }
}
