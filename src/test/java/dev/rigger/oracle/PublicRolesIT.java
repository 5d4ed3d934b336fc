package dev.rigger.oracle;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.lab.LabExtension;
import dev.rigger.lab.LabRigs;
import dev.rigger.lab.LabSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public-role corpus (src/test/resources/public-roles: unmodified public roles, SOURCES.md): each role runs
 * with ansible-playbook on one rig and with rigger on its twin (first run, second run, hand change +
 * {@code --check --diff}), several pairs of rigs side by side. Writes target/public-roles.md (per role: source,
 * identical or not per phase, the differences) and target/public-roles-logs.txt. Asserts that every difference is
 * explained by a row of docs/compatibility.md's known-differences tables and that at least as many roles are
 * identical as docs/compatibility.md records ("Public roles identical on all three runs ...: N").
 * {@code -Doracle.only=docker.yml,pip.yml} runs part of the corpus (the floor is then not checked);
 * {@code RIGGER_PUBLIC_ROLES=ci} runs the cases corpus.yml marks {@code ci: true} (CI's time budget) and checks, in
 * place of the floor, that each of them the results table of docs/compatibility.md calls identical still is;
 * {@code -Dpublic.roles.pairs=1} uses fewer pairs than the lab has.
 */
@ExtendWith({AnsiblePresent.class, LabExtension.class})
@LabSetup(rigs = PublicRolesIT.RIGS)
class PublicRolesIT {
    static final int RIGS = 4;
    static final Path CORPUS = Path.of("src/test/resources/public-roles");
    static final Path DOC = Path.of("docs/compatibility.md");
    /**
     * Run on both rigs of a pair after their reset: the rigs' image lacks python3-apt, which a Debian host managed
     * by Ansible has (without it Ansible's apt module installs it itself, rigger's does not need it).
     */
    static final String PREPARE = "apt-get -qq update && DEBIAN_FRONTEND=noninteractive apt-get -qq install -y "
            + "python3-apt";

    @TempDir
    Path tmp;

    @Test
    void publicRoles_behaveLikeAnsible_orEveryDifferenceIsDocumented(LabRigs rigs) throws Exception {
        Set<String> only = Arrays.stream(System.getProperty("oracle.only", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        boolean ciPart = "ci".equals(System.getenv("RIGGER_PUBLIC_ROLES"));
        Set<String> ciCases = ciCases();
        List<OracleCase> cases = OracleCase.load(CORPUS).stream()
                .filter(c -> only.isEmpty() || only.contains(c.name()))
                .filter(c -> !ciPart || ciCases.contains(c.name())).toList();
        int pairs = Math.max(1, Math.min(Integer.getInteger("public.roles.pairs", RIGS / 2), rigs.rigs().size() / 2));
        Map<String, String> sources = PublicRolesReport.sources(CORPUS.resolve("SOURCES.md"));
        ConcurrentLinkedQueue<OracleCase> queue = new ConcurrentLinkedQueue<>(cases);
        List<PublicRolesReport.RoleResult> results = Collections.synchronizedList(new ArrayList<>());
        List<String> logs = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(pairs);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int p = 0; p < pairs; p++) {
                OracleHarness harness = new OracleHarness(rigs, CORPUS, tmp.resolve("pair" + p),
                        "rig" + (2 * p + 1), "rig" + (2 * p + 2), PREPARE);
                workers.add(pool.submit(() -> {
                    for (OracleCase c; (c = queue.poll()) != null; ) {
                        results.add(runOne(harness, c, sources, logs));
                    }
                }));
            }
            for (Future<?> w : workers) {
                w.get(20, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        List<PublicRolesReport.RoleResult> ordered = new ArrayList<>(results);
        List<String> order = cases.stream().map(PublicRolesReport::roleOf).toList();
        ordered.sort(Comparator.comparingInt(r -> order.indexOf(r.role())));
        CompatibilityDoc doc = CompatibilityDoc.read(DOC);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/public-roles.md"), PublicRolesReport.markdown(ordered, doc, seconds, pairs));
        Files.writeString(Path.of("target/public-roles-logs.txt"), String.join("\n", logs));
        List<String> unexplained = ordered.stream().flatMap(r -> r.differences().stream())
                .filter(d -> doc.explain(d.id()).isEmpty()).map(OracleDiff.Difference::toString).toList();
        assertTrue(unexplained.isEmpty(), unexplained.size() + " difference(s) from ansible-playbook on the public "
                + "roles are neither fixed nor listed in " + DOC + " (see target/public-roles.md, "
                + "target/public-roles-logs.txt):\n" + String.join("\n", unexplained.subList(0, Math.min(200,
                unexplained.size()))));
        if (ciPart) {
            Set<String> expected = PublicRolesReport.identicalRoles(DOC);
            List<String> regressed = ordered.stream().filter(r -> expected.contains(r.role()) && !r.identical())
                    .map(PublicRolesReport.RoleResult::role).toList();
            assertTrue(regressed.isEmpty(), "public roles " + DOC + " records as identical differ now: " + regressed
                    + " (see target/public-roles.md)");
        } else if (only.isEmpty()) {
            long identical = ordered.stream().filter(PublicRolesReport.RoleResult::identical).count();
            OptionalInt floor = PublicRolesReport.floor(DOC);
            assertTrue(floor.isPresent(), DOC + " records no line 'Public roles identical on all three runs ...: N'");
            assertTrue(identical >= floor.getAsInt(), "only " + identical + " of " + ordered.size() + " public roles "
                    + "behave identically; " + DOC + " records " + floor.getAsInt() + " (see target/public-roles.md)");
        }
    }

    /** The playbooks corpus.yml marks {@code ci: true}. */
    @SuppressWarnings("unchecked")
    static Set<String> ciCases() {
        try {
            List<Map<String, Object>> raw = new org.yaml.snakeyaml.Yaml().load(Files.readString(CORPUS.resolve(
                    "corpus.yml")));
            return raw.stream().filter(m -> Boolean.TRUE.equals(m.get("ci"))).map(m -> String.valueOf(m.get(
                    "playbook"))).collect(Collectors.toSet());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static PublicRolesReport.RoleResult runOne(OracleHarness harness, OracleCase c,
                                                       Map<String, String> sources, List<String> logs) {
        String role = PublicRolesReport.roleOf(c);
        long t = System.nanoTime();
        List<OracleDiff.Difference> diffs;
        try {
            OracleHarness.CaseReport r = harness.run(c);
            diffs = r.differences();
            logs.addAll(r.logs());
        } catch (RuntimeException e) {
            diffs = List.of(new OracleDiff.Difference(c.name() + "/harness/error", "-", String.valueOf(e)));
            logs.add("== " + c.name() + " harness error: " + e);
        }
        return new PublicRolesReport.RoleResult(role, sources.getOrDefault(role, "?"), diffs,
                (System.nanoTime() - t) / 1_000_000_000L);
    }
}
