package dev.rigger.module.system;

import dev.rigger.connection.Shell;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What community.general.timezone reads on a Linux host, asked in one shell round trip: the kernel name, the
 * executables the module looks up (Ansible's get_bin_path: PATH, then /sbin, /usr/sbin, /usr/local/sbin), whether
 * a bare {@code timedatectl} succeeds and then {@code timedatectl status}, the zone file of the wanted name, the
 * three configuration files (content, or missing / unreadable) and /etc/localtime (link, target, same bytes as the
 * zone file). Every path is under {@code root} ("" on a host; a temp folder in tests).
 *
 * @param values the reported fields (see {@link #script})
 */
public record TimezoneProbe(Map<String, String> values) {
    /** The executables Ansible's timezone module looks up. */
    public static final String[] BINARIES = {"timedatectl", "hwclock", "cp", "ln", "dpkg-reconfigure"};

    public TimezoneProbe {
        values = Map.copyOf(values);
    }

    /** The script: fields written as {@code key NUL value NUL}. {@code name} may be null. */
    public static String script(String root, String name) {
        String r = Shell.quote(root);
        StringBuilder s = new StringBuilder();
        s.append("set -f; R=").append(r).append("\n");
        s.append("rg_o() { printf '%s\\0%s\\0' \"$1\" \"$2\"; }\n");
        s.append("rg_o uname \"$(uname -s)\"\n");
        s.append("P=$PATH; for rg_d in /sbin /usr/sbin /usr/local/sbin; do case \":$PATH:\" in *\":$rg_d:\"*) ;; "
                + "*) [ -e \"$rg_d\" ] && P=\"$P:$rg_d\";; esac; done\n");
        s.append("rg_o paths \"$P\"\n");
        s.append("rg_bin() { rg_f=; rg_s=$IFS; IFS=:; for rg_d in $P; do [ -n \"$rg_d\" ] || continue; "
                + "case $rg_d in */) rg_c=$rg_d$1;; *) rg_c=$rg_d/$1;; esac; "
                + "if [ -e \"$rg_c\" ] && [ ! -d \"$rg_c\" ] && [ -x \"$rg_c\" ]; then rg_f=$rg_c; break; fi; done; "
                + "IFS=$rg_s; rg_o \"bin_$1\" \"$rg_f\"; }\n");
        for (String b : BINARIES) {
            s.append("rg_bin ").append(b).append(b.equals("timedatectl") ? "; T=$rg_f\n" : "\n");
        }
        s.append("rg_t=1; if [ -n \"$T\" ]; then \"$T\" >/dev/null 2>&1 </dev/null; rg_t=$?; rg_o tdrc \"$rg_t\"; fi\n");
        s.append("if [ \"$rg_t\" = 0 ]; then rg_e=$(mktemp); "
                + "rg_v=$(\"$T\" status 2>\"$rg_e\" </dev/null; rg_r=$?; echo x; exit $rg_r); rg_o strc \"$?\"; "
                + "rg_o stout \"${rg_v%x}\"; rg_o sterr \"$(cat -- \"$rg_e\")\"; rm -f -- \"$rg_e\"; fi\n");
        s.append("rg_file() { if [ ! -e \"$2\" ]; then rg_o \"$1\" missing; "
                + "elif rg_v=$(cat -- \"$2\" 2>/dev/null; rg_r=$?; echo x; exit $rg_r); then rg_o \"$1\" \"c${rg_v%x}\"; "
                + "else rg_o \"$1\" unreadable; fi; rg_o \"real_$1\" \"$(readlink -f -- \"$2\")\"; }\n");
        s.append("rg_file timezone \"$R/etc/timezone\"\n");
        s.append("rg_file rcS \"$R/etc/default/rcS\"\n");
        s.append("rg_file adjtime \"$R/etc/adjtime\"\n");
        s.append("L=\"$R/etc/localtime\"\n");
        s.append("if [ -L \"$L\" ]; then rg_o ltlink 1; if [ -e \"$L\" ]; then rg_o ltexists 1; fi; "
                + "rg_o lttarget \"$(readlink -- \"$L\")\"; fi\n");
        if (name != null) {
            s.append("N=").append(Shell.quote(name)).append("\n");
            s.append("if [ -f \"$R/usr/share/zoneinfo/$N\" ]; then rg_o tzfile 1; fi\n");
            s.append("cmp -s -- \"$L\" \"$R/usr/share/zoneinfo/$N\" 2>/dev/null; rg_o ltcmp \"$?\"\n");
        }
        return s.toString();
    }

    /** Reads the script's output. */
    public static TimezoneProbe parse(String out) {
        Map<String, String> m = new LinkedHashMap<>();
        String[] f = out.split("\0", -1);
        for (int i = 0; i + 1 < f.length; i += 2) {
            m.put(f[i], f[i + 1]);
        }
        return new TimezoneProbe(m);
    }

    public String get(String key) {
        return values.get(key);
    }

    /** The path found for executable {@code name}, or null. */
    public String bin(String name) {
        String v = values.get("bin_" + name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** Whether {@code timedatectl} exists and a bare run of it exited 0 (Ansible's choice of SystemdTimezone). */
    public boolean systemd() {
        return bin("timedatectl") != null && "0".equals(values.get("tdrc"));
    }

    public boolean zoneFile() {
        return values.containsKey("tzfile");
    }

    /** A configuration file's text (newlines as Python reads them), or null when it is missing or unreadable. */
    public String content(String key) {
        String v = values.get(key);
        return v != null && v.startsWith("c") ? newlines(v.substring(1)) : null;
    }

    public boolean missing(String key) {
        return "missing".equals(values.get(key));
    }

    /** The path to write {@code key}'s file at (symbolic links resolved), or {@code dflt}. */
    public String real(String key, String dflt) {
        String v = values.get("real_" + key);
        return v == null || v.isEmpty() ? dflt : v;
    }

    /** Python's universal newlines (open(..., 'r')): \r\n and \r read as \n. */
    static String newlines(String s) {
        return s.replace("\r\n", "\n").replace('\r', '\n');
    }
}
