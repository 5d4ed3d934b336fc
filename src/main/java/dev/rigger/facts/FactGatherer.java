package dev.rigger.facts;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.rigger.connection.Become;
import dev.rigger.connection.Command;
import dev.rigger.connection.Connection;
import dev.rigger.connection.ExecResult;

/**
 * Gathers Ansible-named facts in one round trip: one POSIX shell script prints {@code key=value} lines, parsed
 * here. Keys carry no {@code ansible_} prefix (the executor exposes them as {@code ansible_facts.X} and
 * {@code ansible_X}). Needs only coreutils, /proc and optionally {@code ip}, {@code hostname} and
 * {@code nvidia-smi}/{@code nvcc} on the host.
 */
public final class FactGatherer {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The script; every line of its output is {@code key=value}, repeated keys ({@code gpu}, {@code env}) allowed. */
    static final String SCRIPT = String.join("\n",
            "kv() { printf '%s=%s\\n' \"$1\" \"$2\"; }",
            "if [ -r /etc/os-release ]; then . /etc/os-release; fi",
            "kv os_id \"${ID:-}\"; kv os_like \"${ID_LIKE:-}\"; kv os_name \"${NAME:-}\"",
            "kv os_version_id \"${VERSION_ID:-}\"; kv os_codename \"${VERSION_CODENAME:-}\"",
            "kv debian_version \"$(cat /etc/debian_version 2>/dev/null)\"",
            "kv system \"$(uname -s)\"; kv kernel \"$(uname -r)\"; kv kernel_version \"$(uname -v)\"",
            "kv machine \"$(uname -m)\"; kv nodename \"$(uname -n)\"",
            "h=$(hostname 2>/dev/null || cat /proc/sys/kernel/hostname); kv hostname \"$h\"",
            "kv fqdn \"$(hostname -f 2>/dev/null || echo \"$h\")\"",
            "kv vcpus \"$(grep -c '^processor' /proc/cpuinfo 2>/dev/null)\"",
            "kv sockets \"$(grep '^physical id' /proc/cpuinfo 2>/dev/null | sort -u | wc -l)\"",
            "kv cores \"$(grep -m1 '^cpu cores' /proc/cpuinfo 2>/dev/null | sed 's/.*: *//')\"",
            "kv nproc \"$(nproc 2>/dev/null)\"",
            "kv cpu_model \"$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: *//')\"",
            "while read -r k v _; do case $k in MemTotal:|MemFree:|MemAvailable:|SwapTotal:|SwapFree:|Buffers:|Cached:|SwapCached:) kv \"mem_${k%:}\" \"$v\";; esac;"
                    + " done < /proc/meminfo",
            "kv user_id \"$(id -un)\"; kv user_uid \"$(id -u)\"; kv user_gid \"$(id -g)\"; kv user_dir \"$HOME\"",
            "kv user_passwd \"$(getent passwd \"$(id -un)\" 2>/dev/null)\"",
            "if [ -d /run/systemd/system ]; then kv service_mgr systemd; else kv service_mgr \"$(cat /proc/1/comm 2>/dev/null)\"; fi",
            "for p in apt-get dnf yum zypper apk pacman; do if command -v $p >/dev/null 2>&1; then kv pkg_mgr_cmd $p; break; fi; done",
            "if command -v ip >/dev/null 2>&1; then kv route4 \"$(ip -4 route get 1.1.1.1 2>/dev/null | head -n1)\"; fi",
            "kv df_root \"$(df -Pk / 2>/dev/null | tail -n1)\"",
            "if command -v python3 >/dev/null 2>&1; then kv python_exe \"$(command -v python3)\"; kv python_ver \"$(python3 --version 2>&1)\"; fi",
            SecurityFacts.SCRIPT,
            MountFacts.SCRIPT,
            "kv epoch \"$(date +%s)\"; kv date_local \"$(date '+%Y-%m-%d %H:%M:%S %Z %z')\"",
            "env | while IFS= read -r l; do case $l in *=*) printf 'env=%s\\n' \"$l\";; esac; done",
            "if command -v nvidia-smi >/dev/null 2>&1; then",
            "  nvidia-smi --query-gpu=index,name,memory.total,driver_version --format=csv,noheader,nounits 2>/dev/null"
                    + " | while IFS= read -r l; do printf 'gpu=%s\\n' \"$l\"; done",
            "  kv smi_cuda \"$(nvidia-smi 2>/dev/null | grep -o 'CUDA Version: *[0-9.]*' | head -n1)\"",
            "fi",
            "if command -v nvcc >/dev/null 2>&1; then kv nvcc \"$(nvcc --version 2>/dev/null | grep -o 'release [0-9.]*' | head -n1)\"; fi",
            "true");

    private FactGatherer() {
    }

    /** Gathers facts as the login user. */
    public static Map<String, Object> gather(Connection c) throws IOException {
        return gather(c, null, Map.of());
    }

    /**
     * Gathers facts as {@code become} (null: login user) with {@code env} added to the script's environment.
     *
     * @throws IOException when the host cannot run the script
     */
    public static Map<String, Object> gather(Connection c, Become become, Map<String, String> env) throws IOException {
        ExecResult r = c.exec(Command.of(SCRIPT).withBecome(become).withEnv(env).withTimeout(TIMEOUT));
        if (r.rc() != 0) {
            throw new IOException("gathering facts on " + c.host() + " failed (rc " + r.rc() + "): " + r.stderr().trim());
        }
        return parse(r.stdout());
    }

    /** Turns the script's output into facts. */
    static Map<String, Object> parse(String out) {
        Map<String, String> raw = new LinkedHashMap<>();
        List<String> gpuLines = new ArrayList<>();
        List<String> mountLines = new ArrayList<>();
        Map<String, String> env = new TreeMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String k = line.substring(0, eq);
            String v = line.substring(eq + 1).trim();
            switch (k) {
                case "gpu" -> gpuLines.add(v);
                case "mnt" -> mountLines.add(line.substring(eq + 1));
                case "env" -> {
                    int e = v.indexOf('=');
                    if (e > 0) {
                        env.put(v.substring(0, e), v.substring(e + 1));
                    }
                }
                default -> raw.put(k, v);
            }
        }
        Map<String, Object> f = new TreeMap<>();
        distribution(raw, f);
        f.put("system", raw.getOrDefault("system", ""));
        f.put("kernel", raw.getOrDefault("kernel", ""));
        f.put("kernel_version", raw.getOrDefault("kernel_version", ""));
        f.put("machine", raw.getOrDefault("machine", ""));
        f.put("architecture", raw.getOrDefault("machine", ""));
        f.put("nodename", raw.getOrDefault("nodename", ""));
        String host = raw.getOrDefault("hostname", raw.getOrDefault("nodename", ""));
        f.put("hostname", host.contains(".") ? host.substring(0, host.indexOf('.')) : host);
        f.put("fqdn", raw.getOrDefault("fqdn", host).isEmpty() ? host : raw.get("fqdn"));
        processors(raw, f);
        memory(raw, f);
        python(raw, f);
        SecurityFacts.put(raw, f);
        MountFacts.put(mountLines, f);
        user(raw, f);
        f.put("service_mgr", raw.getOrDefault("service_mgr", ""));
        f.put("pkg_mgr", pkgMgr(raw.get("pkg_mgr_cmd")));
        route(raw.get("route4"), f);
        disk(raw.get("df_root"), f);
        Map<String, Object> dt = new LinkedHashMap<>();
        dt.put("epoch", raw.getOrDefault("epoch", ""));
        String local = raw.getOrDefault("date_local", "");
        String[] d = local.split(" ");
        if (d.length >= 2) {
            dt.put("date", d[0]);
            dt.put("time", d[1]);
            String[] ymd = d[0].split("-");
            if (ymd.length == 3) {
                dt.put("year", ymd[0]);
                dt.put("month", ymd[1]);
                dt.put("day", ymd[2]);
            }
        }
        if (d.length >= 4) {
            dt.put("tz", d[2]);
            dt.put("tz_offset", d[3]);
        }
        f.put("date_time", dt);
        f.put("env", env);
        gpus(gpuLines, raw, f);
        return f;
    }

    private static void distribution(Map<String, String> raw, Map<String, Object> f) {
        String id = raw.getOrDefault("os_id", "").toLowerCase(Locale.ROOT);
        String like = raw.getOrDefault("os_like", "").toLowerCase(Locale.ROOT);
        String dist = switch (id) {
            case "debian" -> "Debian";
            case "ubuntu" -> "Ubuntu";
            case "centos" -> "CentOS";
            case "rhel" -> "RedHat";
            case "rocky" -> "Rocky";
            case "almalinux" -> "AlmaLinux";
            case "fedora" -> "Fedora";
            case "alpine" -> "Alpine";
            case "" -> "";
            default -> Character.toUpperCase(id.charAt(0)) + id.substring(1);
        };
        String version = raw.getOrDefault("os_version_id", "");
        String dv = raw.getOrDefault("debian_version", "");
        if ("debian".equals(id) && !dv.isEmpty() && Character.isDigit(dv.charAt(0))) {
            version = dv;
        }
        String family;
        if (id.equals("debian") || id.equals("ubuntu") || like.contains("debian") || like.contains("ubuntu")) {
            family = "Debian";
        } else if (like.contains("rhel") || like.contains("fedora") || id.equals("rhel") || id.equals("fedora")
                || id.equals("centos")) {
            family = "RedHat";
        } else {
            family = dist;
        }
        f.put("distribution", dist);
        f.put("distribution_version", version);
        f.put("distribution_major_version", version.contains(".") ? version.substring(0, version.indexOf('.')) : version);
        f.put("distribution_release", raw.getOrDefault("os_codename", ""));
        f.put("os_family", family);
    }

    private static void processors(Map<String, String> raw, Map<String, Object> f) {
        int vcpus = intOr(raw.get("vcpus"), intOr(raw.get("nproc"), 1));
        int sockets = Math.max(1, intOr(raw.get("sockets"), 1));
        int cores = intOr(raw.get("cores"), Math.max(1, vcpus / sockets));
        int threads = Math.max(1, vcpus / Math.max(1, sockets * cores));
        f.put("processor_vcpus", vcpus);
        f.put("processor_count", sockets);
        f.put("processor_cores", cores);
        f.put("processor_threads_per_core", threads);
        f.put("processor_nproc", intOr(raw.get("nproc"), vcpus));
        if (raw.containsKey("cpu_model")) {
            f.put("processor_model", raw.get("cpu_model"));
        }
    }

    private static void memory(Map<String, String> raw, Map<String, Object> f) {
        f.put("memtotal_mb", intOr(raw.get("mem_MemTotal"), 0) / 1024);
        f.put("memfree_mb", intOr(raw.get("mem_MemFree"), 0) / 1024);
        f.put("memavailable_mb", intOr(raw.get("mem_MemAvailable"), 0) / 1024);
        f.put("swaptotal_mb", intOr(raw.get("mem_SwapTotal"), 0) / 1024);
        f.put("swapfree_mb", intOr(raw.get("mem_SwapFree"), 0) / 1024);
        // setup's memory_mb, as Ansible's linux hardware facts compute it: each /proc/meminfo value // 1024 first
        int total = mb(raw, "MemTotal");
        int free = mb(raw, "MemFree");
        int nocacheFree = mb(raw, "Cached") + free + mb(raw, "Buffers");
        int swapTotal = mb(raw, "SwapTotal");
        int swapFree = mb(raw, "SwapFree");
        Map<String, Object> mm = new TreeMap<>();
        mm.put("real", new TreeMap<>(Map.of("total", total, "free", free, "used", total - free)));
        mm.put("nocache", new TreeMap<>(Map.of("free", nocacheFree, "used", total - nocacheFree)));
        mm.put("swap", new TreeMap<>(Map.of("total", swapTotal, "free", swapFree, "used", swapTotal - swapFree,
                "cached", mb(raw, "SwapCached"))));
        f.put("memory_mb", mm);
    }

    private static int mb(Map<String, String> raw, String key) {
        return intOr(raw.get("mem_" + key), 0) / 1024;
    }

    /**
     * setup's {@code python} and {@code python_version}: the host's python3 (Ansible reports the interpreter that
     * ran its module; rigger runs none, and names the python3 on the PATH, from {@code python3 --version}).
     */
    static void python(Map<String, String> raw, Map<String, Object> f) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Python (\\d+)\\.(\\d+)\\.(\\d+)(?:(a|b|rc)(\\d+))?")
                .matcher(raw.getOrDefault("python_ver", ""));
        if (!raw.containsKey("python_exe") || !m.find()) {
            return;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        int micro = Integer.parseInt(m.group(3));
        String level = m.group(4) == null ? "final" : switch (m.group(4)) {
            case "a" -> "alpha";
            case "b" -> "beta";
            default -> "candidate";
        };
        int serial = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
        Map<String, Object> version = new TreeMap<>(Map.of("major", major, "minor", minor, "micro", micro,
                "releaselevel", level, "serial", serial));
        Map<String, Object> py = new TreeMap<>();
        py.put("executable", raw.get("python_exe"));
        py.put("has_sslcontext", true);
        py.put("type", "cpython");
        py.put("version", version);
        py.put("version_info", List.of(major, minor, micro, level, serial));
        f.put("python", py);
        f.put("python_version", major + "." + minor + "." + micro);
    }

    private static void user(Map<String, String> raw, Map<String, Object> f) {
        f.put("user_id", raw.getOrDefault("user_id", ""));
        f.put("user_uid", intOr(raw.get("user_uid"), -1));
        f.put("user_gid", intOr(raw.get("user_gid"), -1));
        String[] pw = raw.getOrDefault("user_passwd", "").split(":", -1);
        String dir = raw.getOrDefault("user_dir", "");
        f.put("user_dir", pw.length >= 7 && !pw[5].isEmpty() ? pw[5] : dir);
        f.put("user_shell", pw.length >= 7 ? pw[6] : "");
        f.put("user_gecos", pw.length >= 7 ? pw[4] : "");
    }

    private static String pkgMgr(String cmd) {
        if (cmd == null) {
            return "unknown";
        }
        return switch (cmd) {
            case "apt-get" -> "apt";
            case "dnf" -> "dnf";
            case "yum" -> "yum";
            case "zypper" -> "zypper";
            case "apk" -> "apk";
            case "pacman" -> "pacman";
            default -> "unknown";
        };
    }

    /** {@code 1.1.1.1 via 10.0.0.1 dev eth0 src 10.0.0.5 uid 0}. */
    private static void route(String line, Map<String, Object> f) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (line != null) {
            String[] w = line.trim().split("\\s+");
            for (int i = 0; i + 1 < w.length; i++) {
                switch (w[i]) {
                    case "via" -> d.put("gateway", w[i + 1]);
                    case "dev" -> d.put("interface", w[i + 1]);
                    case "src" -> d.put("address", w[i + 1]);
                    default -> {
                    }
                }
            }
        }
        f.put("default_ipv4", d);
    }

    /** {@code /dev/sda1 103081248 5000000 93000000 6% /}. */
    private static void disk(String line, Map<String, Object> f) {
        if (line == null) {
            return;
        }
        String[] w = line.trim().split("\\s+");
        if (w.length >= 6) {
            f.put("disk_total_mb", longOr(w[w.length - 5], 0) / 1024);
            f.put("disk_free_mb", longOr(w[w.length - 3], 0) / 1024);
        }
    }

    private static void gpus(List<String> lines, Map<String, String> raw, Map<String, Object> f) {
        List<Map<String, Object>> gpus = new ArrayList<>();
        String driver = null;
        for (String l : lines) {
            String[] p = l.split(",");
            if (p.length < 4) {
                continue;
            }
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("index", intOr(p[0].trim(), gpus.size()));
            g.put("name", p[1].trim());
            g.put("memory_mb", intOr(p[2].trim(), 0));
            g.put("driver", p[3].trim());
            driver = driver == null ? p[3].trim() : driver;
            gpus.add(g);
        }
        f.put("gpus", gpus);
        f.put("gpu_count", gpus.size());
        if (driver != null) {
            f.put("nvidia_driver_version", driver);
        }
        String cuda = raw.getOrDefault("smi_cuda", "").replaceAll("[^0-9.]", "");
        if (cuda.isEmpty()) {
            cuda = raw.getOrDefault("nvcc", "").replaceAll("[^0-9.]", "");
        }
        if (!cuda.isEmpty()) {
            f.put("cuda_version", cuda);
        }
    }

    private static int intOr(String s, int dflt) {
        try {
            return s == null ? dflt : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static long longOr(String s, long dflt) {
        try {
            return s == null ? dflt : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
