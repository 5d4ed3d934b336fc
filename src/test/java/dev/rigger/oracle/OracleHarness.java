package dev.rigger.oracle;

import dev.rigger.lab.LabRigs;
import dev.rigger.lab.RigShell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Runs one corpus playbook with ansible-playbook on one rig and with rigger on its twin (rig1 and rig2 unless
 * told otherwise; both reset first):
 * first run, second run, then a hand change and {@code --check --diff}; returns every difference.
 * Both sides see the rig under the same inventory name, {@code target}, in group {@code oracle}, with the
 * corpus's {@code inventory/group_vars} and {@code inventory/host_vars} next to the generated inventory.
 */
public final class OracleHarness {
    public static final String ANSIBLE_RIG = "rig1";
    public static final String RIGGER_RIG = "rig2";

    private final LabRigs rigs;
    private final Path corpus;
    private final Path work;
    private final String ansibleRig;
    private final String riggerRig;
    private final String prepare;

    public OracleHarness(LabRigs rigs, Path corpus, Path work) {
        this(rigs, corpus, work, ANSIBLE_RIG, RIGGER_RIG, "true");
    }

    /**
     * A harness on another pair of twin rigs (several pairs run cases side by side, each with its own harness);
     * {@code prepare} is a shell command run on both rigs after their reset, before the first run (what the
     * rigs' image lacks that a real host has, e.g. python3-apt for Ansible's apt module).
     */
    public OracleHarness(LabRigs rigs, Path corpus, Path work, String ansibleRig, String riggerRig, String prepare) {
        this.rigs = rigs;
        this.corpus = corpus;
        this.work = work;
        this.ansibleRig = ansibleRig;
        this.riggerRig = riggerRig;
        this.prepare = prepare;
    }

    /** What one playbook showed: the differences, and per phase both sides' logs (for the report). */
    public record CaseReport(OracleCase c, List<OracleDiff.Difference> differences, List<String> logs) {
    }

    public CaseReport run(OracleCase c) {
        rigs.lab().reset(ansibleRig);
        rigs.lab().reset(riggerRig);
        for (String rig : List.of(ansibleRig, riggerRig)) {
            RigShell.run(rigs, rig, "systemctl is-system-running --wait >/dev/null || true");
            if (!prepare.equals("true")) {
                RigShell.run(rigs, rig, "(" + prepare + ") >/dev/null 2>&1 || true");
            }
        }
        Path dir = work.resolve(c.name().replaceAll("[^A-Za-z0-9_.-]", "_"));
        Path ansibleInv = inventory(dir.resolve("ansible-inventory"), rigs.rig(ansibleRig).address());
        Path riggerInv = inventory(dir.resolve("rigger-inventory"), rigs.rig(riggerRig).address());
        List<OracleDiff.Difference> diffs = new ArrayList<>();
        List<String> logs = new ArrayList<>();
        for (OracleCase.Phase phase : OracleCase.Phase.values()) {
            if (phase == OracleCase.Phase.CHECK) {
                RigShell.run(rigs, ansibleRig, "(" + c.handChange() + ") >/dev/null 2>&1 || true");
                RigShell.run(rigs, riggerRig, "(" + c.handChange() + ") >/dev/null 2>&1 || true");
            }
            Path pw = dir.resolve(phase.id());
            mkdirs(pw.resolve("ansible"));
            mkdirs(pw.resolve("rigger"));
            CompletableFuture<Observation> ansible = CompletableFuture.supplyAsync(
                    () -> AnsibleSide.run(ansibleInv, c.playbook(), phase, c, pw.resolve("ansible")));
            CompletableFuture<Observation> rigger = CompletableFuture.supplyAsync(
                    () -> RiggerSide.run(riggerInv, c.playbook(), phase, c, pw.resolve("rigger")));
            Observation a = join(ansible).withFiles(RigFiles.snapshot(upper(ansibleRig)));
            Observation r = join(rigger).withFiles(RigFiles.snapshot(upper(riggerRig)));
            OracleDiff.compare(c.name(), phase, a, r).stream().filter(d -> !c.randomContent(d.id()))
                    .forEach(diffs::add);
            logs.add("== " + c.name() + " " + phase.id() + " ansible rc=" + a.exitCode() + "\n" + a.log());
            logs.add("== " + c.name() + " " + phase.id() + " rigger rc=" + r.exitCode() + "\n" + r.log());
        }
        return new CaseReport(c, diffs, logs);
    }

    /** The rig's overlay upper folder: {@code $STATE/rigs/<rig>/upper} (see lab/lab.sh). */
    private Path upper(String rig) {
        return rigs.stateDir().resolve("rigs").resolve(rig).resolve("upper");
    }

    private Path inventory(Path dir, String address) {
        try {
            mkdirs(dir);
            for (String sub : List.of("group_vars", "host_vars")) {
                Path from = corpus.resolve("inventory").resolve(sub);
                if (Files.isDirectory(from)) {
                    try (Stream<Path> files = Files.walk(from)) {
                        for (Path f : files.toList()) {
                            Path to = dir.resolve(sub).resolve(from.relativize(f).toString());
                            if (Files.isDirectory(f)) {
                                mkdirs(to);
                            } else {
                                Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                            }
                        }
                    }
                }
            }
            String lab = Files.readString(rigs.inventory());
            StringBuilder vars = new StringBuilder();
            for (String line : lab.split("\n")) {
                String t = line.trim();
                if (t.startsWith("lab_") && t.contains("_url:")) {
                    vars.append("    ").append(t).append('\n');
                }
            }
            Path hosts = dir.resolve("hosts.yml");
            Files.writeString(hosts, "all:\n  vars:\n" + vars + "  children:\n    oracle:\n      hosts:\n"
                    + "        target:\n          ansible_host: " + address + "\n          ansible_user: root\n"
                    + "          ansible_ssh_private_key_file: " + rigs.key() + "\n");
            return hosts;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the oracle inventory in " + dir, e);
        }
    }

    private static void mkdirs(Path p) {
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Observation join(CompletableFuture<Observation> f) {
        try {
            return f.get(360, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a side of the oracle run failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("a side of the oracle run took over 360 s", e);
        }
    }
}
