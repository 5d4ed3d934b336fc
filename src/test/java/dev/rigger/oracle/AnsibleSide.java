package dev.rigger.oracle;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Runs ansible-playbook (the oracle) with the json stdout callback and reads what it did. */
public final class AnsibleSide {
    /** Keys of a debug result that are not what it printed. */
    static final Set<String> DEBUG_META = Set.of("changed", "action", "failed", "skipped", "skip_reason",
            "false_condition", "item", "ansible_loop_var", "_ansible_no_log", "_ansible_verbose_always",
            "_ansible_item_label", "_ansible_ignore_errors", "_ansible_verbose_override");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnsibleSide() {
    }

    /** Whether {@code ansible-playbook} is on the PATH (the suite skips without it). */
    public static boolean available() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "ansible-playbook"))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code playbook} against {@code inventory}; {@code work} holds ansible's temp and control files. */
    public static Observation run(Path inventory, Path playbook, OracleCase.Phase phase, OracleCase c, Path work) {
        List<String> cmd = new ArrayList<>(List.of("ansible-playbook", "-i", inventory.toString(),
                playbook.toAbsolutePath().toString()));
        if (phase.check()) {
            cmd.add("--check");
        }
        if (phase.diff()) {
            cmd.add("--diff");
        }
        if (!c.extraVars().isEmpty()) {
            try {
                cmd.add("-e");
                cmd.add(JSON.writeValueAsString(c.extraVars()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!c.tags().isEmpty()) {
            cmd.add("--tags");
            cmd.add(String.join(",", c.tags()));
        }
        if (!c.skipTags().isEmpty()) {
            cmd.add("--skip-tags");
            cmd.add(String.join(",", c.skipTags()));
        }
        try {
            Files.createDirectories(work.resolve("cp"));
            Files.createDirectories(work.resolve("local"));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
            Map<String, String> env = pb.environment();
            env.put("ANSIBLE_HOST_KEY_CHECKING", "False");
            env.put("ANSIBLE_STDOUT_CALLBACK", "json");
            env.put("ANSIBLE_NOCOLOR", "1");
            env.put("ANSIBLE_RETRY_FILES_ENABLED", "False");
            env.put("ANSIBLE_DEPRECATION_WARNINGS", "False");
            env.put("ANSIBLE_PYTHON_INTERPRETER", "/usr/bin/python3");
            // one SSH round trip per module instead of put + chmod + run + rm: the oracle's runtime is mostly Ansible's
            env.put("ANSIBLE_PIPELINING", "True");
            env.put("ANSIBLE_SSH_CONTROL_PATH_DIR", work.resolve("cp").toString());
            env.put("ANSIBLE_LOCAL_TEMP", work.resolve("local").toString());
            env.put("ANSIBLE_CONFIG", work.resolve("no-ansible.cfg").toString());
            Path err = work.resolve("stderr.txt");
            pb.redirectError(err.toFile());
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("ansible-playbook ran over 300 s: " + cmd);
            }
            String stdout = new String(out, StandardCharsets.UTF_8);
            String log = stdout + Files.readString(err);
            return parse(stdout, p.exitValue(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Observation parse(String stdout, int rc, String log) throws IOException {
        int start = stdout.indexOf('{');
        if (start < 0) {
            return new Observation(List.of(), new TreeMap<>(), rc, new TreeMap<>(), log);
        }
        Map<String, Object> doc = JSON.readValue(stdout.substring(start), Map.class);
        List<Observation.TaskLine> lines = new ArrayList<>();
        for (Object playObj : (List<Object>) doc.getOrDefault("plays", List.of())) {
            Map<String, Object> play = (Map<String, Object>) playObj;
            for (Object taskObj : (List<Object>) play.getOrDefault("tasks", List.of())) {
                Map<String, Object> task = (Map<String, Object>) taskObj;
                String name = String.valueOf(((Map<String, Object>) task.get("task")).get("name"));
                Map<String, Object> hosts = (Map<String, Object>) task.getOrDefault("hosts", Map.of());
                for (Map.Entry<String, Object> h : new TreeMap<>(hosts).entrySet()) {
                    Map<String, Object> r = (Map<String, Object>) h.getValue();
                    String action = shortAction(r.get("action"));
                    if ((action.equals("include_tasks") || action.equals("include_role") || action.equals("include"))
                            && !"skipped".equals(status(r))) {
                        continue; // printed as "included: ..." by Ansible, not as a task status ("skipping:" is one)
                    }
                    lines.add(line(name, r));
                }
            }
        }
        SortedMap<String, List<Integer>> recap = new TreeMap<>();
        ((Map<String, Object>) doc.getOrDefault("stats", Map.of())).forEach((h, v) -> {
            Map<String, Object> s = (Map<String, Object>) v;
            recap.put(h, List.of(num(s, "ok"), num(s, "changed"), num(s, "unreachable"), num(s, "failures"),
                    num(s, "skipped"), num(s, "rescued"), num(s, "ignored")));
        });
        return new Observation(lines, recap, rc, new TreeMap<>(), log);
    }

    @SuppressWarnings("unchecked")
    private static Observation.TaskLine line(String name, Map<String, Object> r) {
        String status = status(r);
        List<String> items = new ArrayList<>();
        if (r.get("results") instanceof List<?> results) {
            for (Object item : results) {
                if (item instanceof Map<?, ?> m) {
                    items.add(status((Map<String, Object>) m));
                }
            }
        }
        Object shown = null;
        if ("debug".equals(shortAction(r.get("action"))) && !"skipped".equals(status) && items.isEmpty()) {
            shown = shown(r);
        } else if ("debug".equals(shortAction(r.get("action"))) && !items.isEmpty()) {
            List<Object> all = new ArrayList<>();
            for (Object item : (List<Object>) r.get("results")) {
                all.add(shown((Map<String, Object>) item));
            }
            shown = all;
        }
        boolean diff = hasDiff(r.get("diff")) || r.get("results") instanceof List<?> rs
                && rs.stream().anyMatch(i -> i instanceof Map<?, ?> im && truthy(im.get("changed")) && hasDiff(im.get("diff")));
        return new Observation.TaskLine(name, status, items, shown, "changed".equals(status) && diff);
    }

    static Object shown(Map<String, Object> r) {
        if (r.containsKey("msg")) {
            return r.get("msg");
        }
        Map<String, Object> rest = new LinkedHashMap<>();
        r.forEach((k, v) -> {
            if (!DEBUG_META.contains(k)) {
                rest.put(k, v);
            }
        });
        return rest.size() == 1 ? rest.values().iterator().next() : rest;
    }

    static String shortAction(Object action) {
        String a = String.valueOf(action);
        return a.substring(a.lastIndexOf('.') + 1);
    }

    static String status(Map<String, Object> r) {
        if (truthy(r.get("unreachable"))) {
            return "unreachable";
        }
        if (truthy(r.get("failed"))) {
            return "failed";
        }
        if (truthy(r.get("skipped"))) {
            return "skipped";
        }
        return truthy(r.get("changed")) ? "changed" : "ok";
    }

    private static boolean hasDiff(Object diff) {
        if (diff instanceof Map<?, ?> m) {
            return m.containsKey("prepared") || (m.containsKey("before") || m.containsKey("after"))
                    && !String.valueOf(m.get("before")).equals(String.valueOf(m.get("after")));
        }
        if (diff instanceof List<?> l) {
            Iterator<?> it = l.iterator();
            while (it.hasNext()) {
                if (hasDiff(it.next())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean truthy(Object o) {
        return o instanceof Boolean b ? b : o != null && !"false".equalsIgnoreCase(String.valueOf(o))
                && !String.valueOf(o).isEmpty() && !"0".equals(String.valueOf(o));
    }

    private static int num(Map<String, Object> s, String k) {
        return s.get(k) instanceof Number n ? n.intValue() : 0;
    }
}
