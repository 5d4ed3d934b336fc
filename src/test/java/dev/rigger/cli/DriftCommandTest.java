package dev.rigger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class DriftCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int rigger(String... args) {
        return Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void help_documentsTheExitCodes() {
        assertEquals(0, rigger("drift", "--help"));
        String help = out().replaceAll("\\s+", " ");
        assertTrue(help.contains("Exit codes: 0 every rig in spec; 3 a rig drifted; 2 a rig failed; 4 a rig "
                + "unreachable"), help);
        assertTrue(help.contains("--report=KIND:FILE"), help);
        assertTrue(help.contains("'?' (unknown)"), help);
    }

    @Test
    void anUnknownReportKind_isABadOptionValue() throws Exception {
        Path pb = Files.writeString(dir.resolve("site.yml"), "- hosts: all\n  tasks: []\n");
        assertEquals(5, rigger("drift", pb.toString(), "-i", "localhost,", "--report", "pdf:out.pdf"));
        assertTrue(err().contains("unknown report kind 'pdf' in 'pdf:out.pdf'; use json, junit or html"), err());
        assertEquals(5, rigger("drift", pb.toString(), "-i", "localhost,", "--output", "xml"));
        assertTrue(err().contains("'xml' is not a known format; use console or jsonl"), err());
    }

    @Test
    void aMissingPlaybook_isAnErrorBeforeAnyRigIsContacted() {
        assertEquals(1, rigger("drift", dir.resolve("nope.yml").toString(), "-i", "localhost,"));
        assertTrue(err().contains("the playbook: " + dir.resolve("nope.yml") + " could not be found"), err());
    }

    /** The end-to-end tests need the file modules and the template engine (merged by the lead). */
    static void assumeEngine(String... modules) {
        Set<String> have = dev.rigger.module.ModuleRegistry.standard().names();
        for (String m : modules) {
            assumeTrue(have.contains(m), "module " + m + " is not in this build yet");
        }
        assumeTrue("2".equals(new dev.rigger.template.Templar().renderText("{{ 1 + 1 }}", Map.of())),
                "the template engine is not in this build yet");
    }

    /** A playbook that manages two files in a temp folder over the local connection. */
    private Path playbook(Path managed) throws Exception {
        return Files.writeString(dir.resolve("site.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: app config
                      copy:
                        dest: %1$s/app.conf
                        content: "mode=fast\\n"
                    - name: motd line
                      lineinfile:
                        path: %1$s/motd
                        line: "managed by rigger"
                        create: true
                    - name: probe
                      command: "true"
                """.formatted(managed));
    }

    @Test
    void drift_overTheLocalConnection_namesTheDriftedTaskWithItsDiff_thenInSpecAfterConverging() throws Exception {
        assumeEngine("copy", "lineinfile", "command");
        Path managed = Files.createDirectories(dir.resolve("managed"));
        Path pb = playbook(managed);
        Files.writeString(managed.resolve("motd"), "managed by rigger\n");
        Files.writeString(managed.resolve("app.conf"), "mode=slow\n");
        Path html = dir.resolve("reports/drift.html");
        Path junit = dir.resolve("reports/drift.xml");

        int rc = rigger("drift", pb.toString(), "-i", "localhost,", "-c", "local", "--report", "html:" + html,
                "--report", "junit:" + junit, "--color", "never");

        assertEquals(3, rc, out() + err());
        String text = out();
        assertTrue(text.contains("app config"), text);
        assertTrue(text.contains("-mode=slow"), text);
        assertTrue(text.contains("+mode=fast"), text);
        assertTrue(text.contains("localhost : drifted 1 task (1 unknown)"), text);
        assertFalse(text.contains("motd line"), "a task in spec is not in the matrix:\n" + text);
        assertEquals("mode=slow\n", Files.readString(managed.resolve("app.conf")), "drift changes nothing");
        assertTrue(Files.readString(html).contains("+mode=fast"));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        Document d = f.newDocumentBuilder().parse(junit.toFile());
        assertEquals(3, d.getElementsByTagName("testcase").getLength());
        assertEquals(1, d.getElementsByTagName("failure").getLength());

        out.reset();
        Path json = dir.resolve("play.json");
        assertEquals(0, rigger("play", pb.toString(), "-i", "localhost,", "-c", "local", "--report", "json:" + json));
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertEquals(0, doc.get("exit_code").asInt());
        assertEquals("changed", doc.at("/plays/0/tasks/0/hosts/localhost/status").asText());
        assertEquals(2, doc.at("/recap/localhost/changed").asInt(), "app.conf and the command");
        assertEquals("mode=fast\n", Files.readString(managed.resolve("app.conf")));

        out.reset();
        assertEquals(0, rigger("drift", pb.toString(), "-i", "localhost,", "-c", "local", "--color", "never"));
        assertTrue(out().contains("localhost : in spec (1 unknown)"), out());
    }

    @Test
    void facts_overTheLocalConnection_giveOneRowPerRig_asTableAndJson() throws Exception {
        assumeEngine("debug");
        assertEquals(0, rigger("facts", "-i", "localhost,", "-c", "local", "--json"), err());
        JsonNode doc = new ObjectMapper().readTree(out());
        assertEquals("ok", doc.at("/localhost/status").asText(), out());
        assertTrue(doc.at("/localhost/facts").isObject(), out());

        out.reset();
        assertEquals(0, rigger("facts", "-i", "localhost,", "-c", "local"), err());
        String[] lines = out().split("\n");
        assertTrue(lines[0].startsWith("RIG        OS"), out());
        assertTrue(lines[1].startsWith("localhost  "), out());
    }

    @Test
    void facts_withoutAnInventory_sayWhatToGive() {
        assertEquals(1, rigger("facts"));
        assertTrue(err().contains("no inventory: give one with -i"), err());
    }
}
