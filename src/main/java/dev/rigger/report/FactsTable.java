package dev.rigger.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code rigger facts}: one row per rig — OS, kernel, CPUs, memory, disk free, GPUs, driver, CUDA, cuDNN — from
 * the gathered facts (Ansible's names, with or without the {@code ansible_} prefix). Missing facts show '-'.
 */
public final class FactsTable {
    static final List<String> HEADER = List.of("RIG", "OS", "KERNEL", "CPUS", "MEMORY", "DISK FREE", "GPUS",
            "DRIVER", "CUDA", "CUDNN");

    private FactsTable() {
    }

    /**
     * One rig.
     *
     * @param status ok, failed or unreachable
     * @param error  why facts are missing (failed/unreachable), else null
     */
    public record Row(String host, String status, String os, String kernel, String cpus, String memory,
                      String diskFree, String gpus, String driver, String cuda, String cudnn, String error) {

        List<String> cells() {
            return List.of(host, os, kernel, cpus, memory, diskFree, gpus, driver, cuda, cudnn);
        }
    }

    /** A rig whose facts could not be gathered. */
    public static Row missing(String host, String status, String error) {
        return new Row(host, status, "-", "-", "-", "-", "-", "-", "-", "-", "-", error);
    }

    public static Row of(String host, Map<String, Object> facts) {
        String os = join(get(facts, "distribution"), get(facts, "distribution_version"));
        if (os == null) {
            os = text(first(facts, "os_family", "system"));
        }
        return new Row(host, "ok", dash(os), dash(text(get(facts, "kernel"))),
                dash(text(first(facts, "processor_vcpus", "processor_nproc", "processor_count"))),
                dash(mib(get(facts, "memtotal_mb"))), dash(diskFree(facts)), dash(gpus(get(facts, "gpus"))),
                dash(text(get(facts, "nvidia_driver_version"))), dash(text(get(facts, "cuda_version"))),
                dash(text(get(facts, "cudnn_version"))), null);
    }

    private static Object get(Map<String, Object> facts, String name) {
        Object v = facts.get(name);
        return v != null ? v : facts.get("ansible_" + name);
    }

    private static Object first(Map<String, Object> facts, String... names) {
        for (String n : names) {
            Object v = get(facts, n);
            if (v != null && !String.valueOf(v).isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        String s = ConsoleReporter.clean(String.valueOf(v)).replace('\n', ' ').strip();
        return s.isEmpty() ? null : s;
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    private static String join(Object a, Object b) {
        String x = text(a);
        String y = text(b);
        if (x == null) {
            return null;
        }
        return y == null ? x : x + " " + y;
    }

    private static Double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Megabytes as "15.5 GiB" (or "512 MiB"). */
    static String mib(Object v) {
        Double mb = number(v);
        if (mb == null) {
            return null;
        }
        return mb >= 1024 ? String.format(Locale.ROOT, "%.1f GiB", mb / 1024) : String.format(Locale.ROOT,
                "%.0f MiB", mb);
    }

    private static String diskFree(Map<String, Object> facts) {
        Object mb = get(facts, "disk_free_mb");
        if (mb != null) {
            return mib(mb);
        }
        if (get(facts, "mounts") instanceof List<?> mounts) {
            for (Object m : mounts) {
                if (m instanceof Map<?, ?> mm && "/".equals(mm.get("mount"))) {
                    Double bytes = number(mm.get("size_available"));
                    return bytes == null ? null : mib(bytes / (1024 * 1024));
                }
            }
        }
        return null;
    }

    /** A GPU list as "2× NVIDIA A100, 1× T4"; a number as is. */
    static String gpus(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                return "0";
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Object g : l) {
                Object name = g instanceof Map<?, ?> m ? m.get("name") : g;
                counts.merge(text(name) == null ? "GPU" : text(name), 1, Integer::sum);
            }
            List<String> parts = new ArrayList<>();
            counts.forEach((n, c) -> parts.add(c + "× " + n));
            return String.join(", ", parts);
        }
        return text(v);
    }

    /** The rows as a text table; a rig without facts gets its status and reason after its name. */
    public static String render(List<Row> rows) {
        int[] w = new int[HEADER.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = HEADER.get(i).length();
        }
        for (Row r : rows) {
            List<String> c = r.cells();
            w[0] = Math.max(w[0], c.get(0).length());
            if (r.error() == null) {
                for (int i = 1; i < w.length; i++) {
                    w[i] = Math.max(w[i], c.get(i).length());
                }
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, HEADER, w);
        for (Row r : rows) {
            if (r.error() != null) {
                b.append(String.format("%-" + w[0] + "s  ", r.host())).append(r.status().toUpperCase(Locale.ROOT))
                        .append(": ").append(text(r.error())).append('\n');
            } else {
                line(b, r.cells(), w);
            }
        }
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells, int[] w) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            line.append(String.format("%-" + w[i] + "s  ", cells.get(i)));
        }
        b.append(line.toString().stripTrailing()).append('\n');
    }

    /** The rows as JSON: {"rig01": {"status": "ok", "os": ..., "gpus": ..., "facts": {...}}}. */
    public static String json(List<Row> rows, Map<String, Map<String, Object>> raw) {
        Map<String, Object> doc = new LinkedHashMap<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", r.status());
            if (r.error() != null) {
                m.put("error", r.error());
            }
            List<String> keys = List.of("os", "kernel", "cpus", "memory", "disk_free", "gpus", "driver", "cuda",
                    "cudnn");
            List<String> cells = r.cells();
            for (int i = 0; i < keys.size(); i++) {
                String v = cells.get(i + 1);
                m.put(keys.get(i), "-".equals(v) ? null : v);
            }
            Map<String, Object> facts = raw.get(r.host());
            if (facts != null) {
                m.put("facts", new TreeMap<>(facts));
            }
            doc.put(r.host(), m);
        }
        return Json.pretty(doc);
    }
}
