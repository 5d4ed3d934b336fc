package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Every argument type rigger declares (choices, bool, int, list, dict, path), every alias and every rule between
 * arguments (mutually_exclusive, required_*) is ansible-core 2.14's own, read from the
 * argument_spec that Ansible's module hands to AnsibleModule (src/test/resources/parity/argspec.py); and every typed
 * argument of Ansible's that rigger accepts is typed in rigger too, so a wrong value fails at load in both. Skipped
 * unless {@code -Drigger.ansibleParity=true} (or RIGGER_ANSIBLE_PARITY=1) and Debian's ansible is installed.
 */
class ModuleSpecParityTest {
    /**
     * Arguments Ansible takes outside the module's argument_spec, with where. (Names starting with "_" are internal,
     * as Ansible's own _raw_params / _uses_shell are.)
     */
    private static final Map<String, String> NOT_IN_ARGSPEC = Map.of(
            "command.cmd", "ModuleArgsParser moves cmd into _raw_params",
            "shell.cmd", "ModuleArgsParser moves cmd into _raw_params",
            "service.use", "the service action plugin picks the backend with it",
            "copy.decrypt", "the copy action plugin reads it (a vaulted src decrypted or not) and drops it",
            "pip.break_system_packages", "ansible-core 2.17's (PEP 668 on Debian 12 / Ubuntu 24.04)");

    @Test
    void typesChoicesAndAliases_areAnsibles() throws Exception {
        assumeTrue(Boolean.getBoolean("rigger.ansibleParity") || "1".equals(System.getenv("RIGGER_ANSIBLE_PARITY")),
                "set -Drigger.ansibleParity=true (or RIGGER_ANSIBLE_PARITY=1) to compare");
        assumeTrue(Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/ansible")), "ansible is not installed");
        ModuleRegistry registry = ModuleRegistry.standard();
        List<String> names = new ArrayList<>(new TreeSet<>(registry.names()));
        names.removeIf(n -> n.contains("."));
        Map<String, Object> theirs = ansibleSpecs(names);
        List<String> problems = new ArrayList<>();
        int compared = 0;
        for (String name : names) {
            if (!(theirs.get(name) instanceof Map<?, ?> entry)
                    || !(entry.get("argument_spec") instanceof Map<?, ?> as)) {
                continue; // an action plugin (debug, set_fact...): Ansible has no argument_spec to compare with
            }
            compared++;
            ModuleSpec ours = registry.find(name).spec();
            if (ours.anyArgs()) {
                continue;
            }
            Map<String, Set<String>> groupOf = new HashMap<>(); // rigger's canonical name -> Ansible's names for it
            for (Map.Entry<?, ?> e : as.entrySet()) {
                Map<?, ?> a = (Map<?, ?>) e.getValue();
                Set<String> group = new TreeSet<>(Set.of(String.valueOf(e.getKey())));
                if (a.get("aliases") instanceof List<?> al) {
                    al.forEach(x -> group.add(String.valueOf(x)));
                }
                Set<String> canon = new TreeSet<>();
                group.forEach(n -> {
                    if (ours.args().contains(n) || ours.aliases().containsKey(n)) {
                        canon.add(ours.canonical(n));
                    }
                });
                if (canon.size() > 1) {
                    problems.add(name + ": " + group + " are one argument in Ansible, several in rigger: " + canon);
                }
                if (canon.size() != 1) {
                    continue;
                }
                String c = canon.iterator().next();
                groupOf.put(c, group);
                String want = describe(a);
                ModuleSpec.ArgType t = ours.types().get(c);
                if (t == null && !want.equals("any")) {
                    problems.add(name + "." + c + ": Ansible's is " + want + ", rigger does not type it");
                } else if (t != null && !want.equals(describe(t))) {
                    problems.add(name + "." + c + ": rigger " + describe(t) + ", Ansible " + want);
                }
            }
            for (String c : ours.args()) {
                if (!groupOf.containsKey(c) && !c.startsWith("_") && !NOT_IN_ARGSPEC.containsKey(name + "." + c)) {
                    problems.add(name + ": rigger accepts '" + c + "', which is no argument of Ansible's");
                }
            }
            for (Map.Entry<String, String> e : ours.aliases().entrySet()) {
                Set<String> group = groupOf.get(e.getValue());
                if (group != null && !group.contains(e.getKey())) {
                    problems.add(name + ": alias '" + e.getKey() + "' of " + e.getValue() + " is not Ansible's");
                }
            }
            Map<String, String> riggerName = new HashMap<>(); // Ansible's canonical name -> rigger's
            groupOf.forEach((c, group) -> group.forEach(n -> {
                if (as.containsKey(n)) {
                    riggerName.put(n, c);
                }
            }));
            String want = RulesView.ofAnsible(entry, as, riggerName).toString();
            String have = RulesView.ofRigger(ours.rules()).toString();
            if (!want.equals(have)) {
                problems.add(name + ": rules: rigger " + have + ", Ansible " + want);
            }
        }
        assertTrue(compared >= 20, "compared only " + compared + " modules: " + theirs.keySet());
        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    /**
     * The rules between arguments as sorted text, comparable between Ansible's spec (in rigger's names, restricted to
     * the arguments rigger accepts; a required_one_of naming an argument with a default is left out, as it never
     * fails in Ansible) and rigger's {@link ArgRules}.
     */
    private record RulesView(Set<String> exclusive, Set<String> together, Set<String> oneOf, Set<String> requiredIf,
                             Set<String> requiredBy) {

        static RulesView ofRigger(ArgRules r) {
            Set<String> ifs = new TreeSet<>();
            r.requiredIf().forEach(x -> ifs.add(x.key() + "=" + word(x.value()) + "->" + new TreeSet<>(x.names())
                    + (x.anyOf() ? " any" : "")));
            Set<String> by = new TreeSet<>();
            r.requiredBy().forEach((k, v) -> by.add(k + "->" + new TreeSet<>(v)));
            return new RulesView(sets(r.mutuallyExclusive()), sets(r.requiredTogether()), sets(r.requiredOneOf()), ifs,
                    by);
        }

        static RulesView ofAnsible(Map<?, ?> entry, Map<?, ?> spec, Map<String, String> riggerName) {
            Set<String> ex = new TreeSet<>();
            for (List<String> g : groups(entry.get("mutually_exclusive"), riggerName)) {
                if (g.size() > 1) {
                    ex.add(new TreeSet<>(g).toString());
                }
            }
            Set<String> tog = new TreeSet<>();
            groups(entry.get("required_together"), riggerName).forEach(g -> tog.add(new TreeSet<>(g).toString()));
            Set<String> one = new TreeSet<>();
            if (entry.get("required_one_of") instanceof List<?> l) {
                for (Object g : l) {
                    List<?> names = (List<?>) g;
                    boolean defaulted = names.stream().anyMatch(n -> spec.get(n) instanceof Map<?, ?> a
                            && a.get("default") != null);
                    List<String> mine = names.stream().map(String::valueOf).filter(riggerName::containsKey)
                            .map(riggerName::get).toList();
                    if (!defaulted && !mine.isEmpty()) {
                        one.add(new TreeSet<>(mine).toString());
                    }
                }
            }
            Set<String> ifs = new TreeSet<>();
            if (entry.get("required_if") instanceof List<?> l) {
                for (Object o : l) {
                    List<?> r = (List<?>) o;
                    String key = riggerName.get(String.valueOf(r.get(0)));
                    List<String> mine = ((List<?>) r.get(2)).stream().map(String::valueOf)
                            .filter(riggerName::containsKey).map(riggerName::get).toList();
                    if (key != null && !mine.isEmpty()) {
                        boolean any = r.size() > 3 && Boolean.TRUE.equals(r.get(3));
                        ifs.add(key + "=" + word(r.get(1)) + "->" + new TreeSet<>(mine) + (any ? " any" : ""));
                    }
                }
            }
            Set<String> by = new TreeSet<>();
            if (entry.get("required_by") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> {
                    String key = riggerName.get(String.valueOf(k));
                    List<?> names = v instanceof List<?> l ? l : List.of(v);
                    List<String> mine = names.stream().map(String::valueOf).filter(riggerName::containsKey)
                            .map(riggerName::get).toList();
                    if (key != null && !mine.isEmpty()) {
                        by.add(key + "->" + new TreeSet<>(mine));
                    }
                });
            }
            return new RulesView(ex, tog, one, ifs, by);
        }

        private static List<List<String>> groups(Object o, Map<String, String> riggerName) {
            List<List<String>> out = new ArrayList<>();
            if (o instanceof List<?> l) {
                for (Object g : l) {
                    out.add(((List<?>) g).stream().map(String::valueOf).filter(riggerName::containsKey)
                            .map(riggerName::get).toList());
                }
            }
            return out;
        }

        private static Set<String> sets(List<List<String>> groups) {
            Set<String> out = new TreeSet<>();
            groups.forEach(g -> out.add(new TreeSet<>(g).toString()));
            return out;
        }
    }

    /** "bool", "int", "list", "dict", "choices [a, b]" or "any", for Ansible's spec of one argument. */
    private static String describe(Map<?, ?> arg) {
        if (arg.get("choices") instanceof List<?> c) {
            return "choices " + c.stream().map(ModuleSpecParityTest::word).toList();
        }
        Object type = arg.get("type");
        return List.of("bool", "int", "list", "dict", "path").contains(String.valueOf(type)) ? String.valueOf(type) : "any";
    }

    private static String describe(ModuleSpec.ArgType t) {
        return switch (t.kind()) {
            case BOOL -> "bool";
            case INT -> "int";
            case LIST -> "list";
            case DICT -> "dict";
            case PATH, CONTROLLER_PATH -> "path";
            case CHOICES -> "choices " + t.choices();
        };
    }

    /** A choice as the playbook spells it: Python's True/False print as yes/no in Ansible's choice lists. */
    private static String word(Object o) {
        return o instanceof Boolean b ? (b ? "yes" : "no") : String.valueOf(o);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ansibleSpecs(List<String> names) throws IOException, InterruptedException {
        Path script = Path.of("src/test/resources/parity/argspec.py").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        cmd.addAll(names);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "argspec.py did not finish");
        assertEquals(0, p.exitValue(), "argspec.py failed");
        return (Map<String, Object>) new Yaml().load(out);
    }
}
