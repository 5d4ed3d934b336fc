package dev.rigger.roles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.engine.Rigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The dl-rig roles as files: complete, loadable, idempotent by construction, and overridable for the lab. */
class DlRigRolesTest {
    private static final Path ROLES = Path.of("roles");
    private static final Path PLAYBOOK = Path.of("playbooks/dl-rig.yml");
    private static final List<String> ROLE_NAMES = List.of("apt", "rig_users", "cuda", "cudnn", "conda", "keras",
            "jupyter", "tmuxp", "ssh_tunnel");

    private static Object yaml(Path file) {
        try {
            return new Yaml(new LoaderOptions()).load(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    @Test
    void everyRole_hasDefaultsTasksHandlersAndReadme() {
        for (String role : ROLE_NAMES) {
            for (String f : List.of("defaults/main.yml", "tasks/main.yml", "handlers/main.yml", "README.md")) {
                assertTrue(Files.isRegularFile(ROLES.resolve(role).resolve(f)), role + "/" + f + " is missing");
            }
        }
    }

    @Test
    void playbook_loadsWithRiggersLoader_andAppliesEveryRoleWithItsTag() {
        Rigger.builder().playbook(PLAYBOOK).build().load();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> plays = (List<Map<String, Object>>) yaml(PLAYBOOK);
        Set<String> applied = new TreeSet<>();
        for (Map<String, Object> play : plays) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> roles = (List<Map<String, Object>>) play.get("roles");
            for (Map<String, Object> r : roles) {
                String name = (String) r.get("role");
                applied.add(name);
                assertTrue(((List<?>) r.get("tags")).contains(name), name + " must be tagged with its name");
            }
        }
        assertEquals(new TreeSet<>(ROLE_NAMES), applied);
    }

    @Test
    void exampleInventory_hasTwoRigsWithTwoUsersEach() {
        @SuppressWarnings("unchecked")
        Map<String, Object> all = (Map<String, Object>) ((Map<String, Object>) yaml(Path.of("inventory/example.yml")))
                .get("all");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> hosts = (Map<String, Map<String, Object>>) at(all,
                "children", "rigs", "children", "gpu_rigs", "hosts");
        assertEquals(Set.of("rig-a", "rig-b"), hosts.keySet());
        for (Map.Entry<String, Map<String, Object>> h : hosts.entrySet()) {
            List<?> users = (List<?>) h.getValue().get("rig_users");
            assertEquals(2, users.size(), h.getKey());
            for (Object u : users) {
                Map<?, ?> user = (Map<?, ?>) u;
                assertTrue(user.keySet().containsAll(Set.of("name", "gpus", "jupyter_port", "ssh_keys")), user.toString());
            }
        }
    }

    @Test
    void labOverrides_onlySetVariablesTheRolesDeclare() throws IOException {
        Set<String> declared = new TreeSet<>(Set.of("rig_users", "pip_index_url"));
        for (String role : ROLE_NAMES) {
            @SuppressWarnings("unchecked")
            Map<String, Object> defaults = (Map<String, Object>) yaml(ROLES.resolve(role).resolve("defaults/main.yml"));
            declared.addAll(defaults.keySet());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> lab = (Map<String, Object>) yaml(Path.of("inventory/lab/group_vars/all.yml"));
        Set<String> unknown = new TreeSet<>(lab.keySet());
        unknown.removeAll(declared);
        assertEquals(Set.of(), unknown, "the lab may only override role variables");

        List<String> mentions = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROLES)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (Files.readString(f).contains("lab_")) {
                    mentions.add(f.toString());
                }
            }
        }
        assertEquals(List.of(), mentions, "roles must not know about the lab");
    }

    @Test
    void everyCommandAndShellTask_saysWhenItChangesSomething() throws IOException {
        List<String> offenders = new ArrayList<>();
        int commands = 0;
        try (Stream<Path> files = Files.walk(ROLES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yml") && (p.getParent().endsWith("tasks")
                    || p.getParent().endsWith("handlers"))).sorted().toList()) {
                Object doc = yaml(f);
                if (!(doc instanceof List<?> tasks)) {
                    continue;
                }
                for (Object t : tasks) {
                    Map<?, ?> task = (Map<?, ?>) t;
                    Object args = null;
                    for (String m : List.of("command", "shell", "ansible.builtin.command", "ansible.builtin.shell")) {
                        if (task.containsKey(m)) {
                            args = task.get(m);
                        }
                    }
                    if (args == null) {
                        continue;
                    }
                    commands++;
                    boolean guarded = task.containsKey("changed_when")
                            || (args instanceof Map<?, ?> a && (a.containsKey("creates") || a.containsKey("removes")));
                    if (!guarded) {
                        offenders.add(f + ": " + task.get("name"));
                    }
                }
            }
        }
        assertTrue(commands > 10, "found only " + commands + " command/shell tasks");
        assertEquals(List.of(), offenders, "command/shell tasks without creates/removes/changed_when");
    }

    @Test
    void probes_runInCheckModeAndChangeNothing() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROLES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yml") && p.getParent().endsWith("tasks")).toList()) {
                if (!(yaml(f) instanceof List<?> tasks)) {
                    continue;
                }
                for (Object t : tasks) {
                    Map<?, ?> task = (Map<?, ?>) t;
                    if (Boolean.FALSE.equals(task.get("check_mode"))) {
                        if (!Boolean.FALSE.equals(task.get("changed_when"))) {
                            offenders.add(f + ": " + task.get("name"));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), offenders, "check_mode: false is for read-only probes (changed_when: false)");
    }

    private static Object at(Map<String, Object> m, String... keys) {
        Object cur = m;
        for (String k : keys) {
            cur = ((Map<?, ?>) cur).get(k);
        }
        return cur;
    }
}
