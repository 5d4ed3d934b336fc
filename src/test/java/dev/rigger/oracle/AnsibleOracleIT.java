package dev.rigger.oracle;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.lab.LabExtension;
import dev.rigger.lab.LabRigs;
import dev.rigger.lab.LabSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ansible as the oracle: every playbook of src/test/resources/oracle runs with ansible-playbook 2.14 on rig1 and
 * with rigger on rig2 (first run, second run, hand change + --check --diff); every difference in task status,
 * loop items, debug output, diff presence, recap, exit code and touched files must be listed in
 * docs/compatibility.md's "Known differences" table. Writes target/compatibility-generated.md and
 * target/oracle-logs.txt. {@code -Doracle.only=a.yml,b.yml} runs part of the corpus.
 */
@ExtendWith({AnsiblePresent.class, LabExtension.class})
@LabSetup(rigs = 2)
class AnsibleOracleIT {
    static final Path CORPUS = Path.of("src/test/resources/oracle");
    static final Path DOC = Path.of("docs/compatibility.md");

    @TempDir
    Path tmp;

    @Test
    void corpus_behavesLikeAnsible_orEveryDifferenceIsDocumented(LabRigs rigs) throws IOException {
        Set<String> only = Arrays.stream(System.getProperty("oracle.only", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        OracleHarness harness = new OracleHarness(rigs, CORPUS, tmp);
        List<OracleHarness.CaseReport> reports = new ArrayList<>();
        StringBuilder logs = new StringBuilder();
        for (OracleCase c : OracleCase.load(CORPUS)) {
            if (only.isEmpty() || only.contains(c.name())) {
                OracleHarness.CaseReport r = harness.run(c);
                reports.add(r);
                r.logs().forEach(l -> logs.append(l).append('\n'));
            }
        }
        CompatibilityDoc doc = CompatibilityDoc.read(DOC);
        String generated = CompatibilityDoc.generate(reports, doc);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/compatibility-generated.md"), generated);
        Files.writeString(Path.of("target/oracle-logs.txt"), logs);
        List<String> unexplained = reports.stream().flatMap(r -> r.differences().stream())
                .filter(d -> doc.explain(d.id()).isEmpty()).map(OracleDiff.Difference::toString).toList();
        assertTrue(unexplained.isEmpty(), unexplained.size() + " difference(s) from ansible-playbook are neither fixed "
                + "nor listed in " + DOC + " (see target/compatibility-generated.md, target/oracle-logs.txt):\n"
                + String.join("\n", unexplained));
    }
}
