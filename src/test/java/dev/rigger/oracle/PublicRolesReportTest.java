package dev.rigger.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublicRolesReportTest {
    @TempDir
    Path dir;

    @Test
    void theCorpusIndex_namesAPlaybookPerRole_andEveryRoleHasASourceRow() {
        Path corpus = Path.of("src/test/resources/public-roles");
        List<OracleCase> cases = OracleCase.load(corpus);
        Map<String, String> sources = PublicRolesReport.sources(corpus.resolve("SOURCES.md"));
        assertTrue(cases.size() >= 20, "the public-role corpus has " + cases.size() + " roles");
        for (OracleCase c : cases) {
            String role = PublicRolesReport.roleOf(c);
            assertTrue(sources.containsKey(role), role + " has no row in SOURCES.md");
            assertTrue(Files.isDirectory(corpus.resolve("roles").resolve(role)), role + " is not under roles/");
        }
        for (String role : sources.keySet()) {
            assertTrue(Files.isDirectory(corpus.resolve("roles").resolve(role)), "SOURCES.md names " + role
                    + " but roles/ lacks it");
        }
    }

    @Test
    void theFloor_isReadFromTheLineDocsCompatibilityRecords() throws IOException {
        Path doc = dir.resolve("c.md");
        Files.writeString(doc, "# x\n\nPublic roles identical on all three runs (the floor PublicRolesIT enforces): "
                + "**17** of 26\n");
        assertEquals(OptionalInt.of(17), PublicRolesReport.floor(doc));
        Files.writeString(doc, "nothing\n");
        assertTrue(PublicRolesReport.floor(doc).isEmpty());
        assertTrue(PublicRolesReport.floor(Path.of("docs/compatibility.md")).isPresent(),
                "docs/compatibility.md records the public roles' floor");
    }

    @Test
    void aRole_isIdenticalPerPhase_andTheTableNamesTheRowsThatExplainItsDifferences() throws IOException {
        Path doc = dir.resolve("c.md");
        Files.writeString(doc, "## Known differences: public roles\n\n| difference | reason |\n|---|---|\n"
                + "| `docker.yml/*/task[x]/status` | because |\n");
        CompatibilityDoc known = CompatibilityDoc.read(doc);
        PublicRolesReport.RoleResult r = new PublicRolesReport.RoleResult("docker", "o/n@abc", List.of(
                new OracleDiff.Difference("docker.yml/second/task[x]/status", "ok", "failed"),
                new OracleDiff.Difference("docker.yml/second/recap", "a", "b")), 3);
        assertFalse(r.identical());
        assertTrue(r.identical(OracleCase.Phase.FIRST));
        assertFalse(r.identical(OracleCase.Phase.SECOND));
        assertTrue(r.identical(OracleCase.Phase.CHECK));
        String md = PublicRolesReport.markdown(List.of(r), known, 10, 2);
        assertTrue(md.contains("| docker | o/n@abc | no | yes | no | yes | 3 | `docker.yml/*/task[x]/status` ×1, "
                + "**1 unexplained** |"), md);
        assertTrue(md.contains("Identical on all three runs: 0 of 1 roles"), md);
    }

    @Test
    void theResultsTable_namesTheIdenticalRoles_andTheCiPartIsInTheCorpus() {
        java.util.Set<String> identical = PublicRolesReport.identicalRoles(Path.of("docs/compatibility.md"));
        assertTrue(identical.contains("docker") && identical.contains("sudoers"), identical.toString());
        assertFalse(identical.contains("miniconda"), identical.toString());
        java.util.Set<String> ci = PublicRolesIT.ciCases();
        assertTrue(ci.size() >= 10, ci.toString());
        List<String> names = OracleCase.load(Path.of("src/test/resources/public-roles")).stream()
                .map(OracleCase::name).toList();
        assertTrue(names.containsAll(ci), ci.toString());
    }
}
