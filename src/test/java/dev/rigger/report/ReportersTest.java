package dev.rigger.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void json_reportParsesBackWithPlaysOutcomesDiffsTimingsRecapAndDriftVerdicts() throws Exception {
        RunScript s = new RunScript();
        Path file = dir.resolve("out/run.json");
        s.play(new JsonReporter(file, true, s.recorder()));

        JsonNode doc = JSON.readTree(file.toFile());
        assertEquals(4, doc.get("exit_code").asInt());
        assertTrue(doc.get("complete").asBoolean());
        assertEquals(2, doc.at("/recap/rig01/changed").asInt());
        assertEquals(1, doc.at("/recap/rig03/unreachable").asInt());
        JsonNode tasks = doc.at("/plays/0/tasks");
        assertEquals("converge rigs", doc.at("/plays/0/name").asText());
        assertEquals(5, tasks.size());
        assertEquals("unreachable", tasks.at("/0/hosts/rig03/status").asText());
        assertEquals(2.15, tasks.at("/0/hosts/rig03/duration_s").asDouble(), 1e-9);
        JsonNode config = tasks.get(1);
        assertEquals("rig : write /etc/rig.conf", config.get("name").asText());
        assertEquals("changed", config.at("/hosts/rig01/status").asText());
        assertEquals(RunScript.DIFF, config.at("/hosts/rig01/diffs/0").asText());
        assertEquals(0.3, config.at("/hosts/rig01/duration_s").asDouble(), 1e-9);
        assertEquals(0.31, config.at("/hosts/rig02/duration_s").asDouble(), 1e-9);
        assertEquals("unknown", tasks.at("/2/hosts/rig02/state").asText());
        assertTrue(tasks.at("/2/hosts/rig02/uncertain").asBoolean());
        assertEquals("git", tasks.at("/4/hosts/rig01/items/0/item").asText());
        assertEquals("unreachable", doc.at("/drift/rigs/rig03/verdict").asText());
        assertEquals("drifted 2 tasks (1 unknown)", doc.at("/drift/rigs/rig01/text").asText());
        assertEquals(4, doc.at("/drift/exit_code").asInt());
        assertEquals("2025-01-02T03:04:05Z", doc.get("started").asText());
    }

    @Test
    void fileReports_areWrittenWhenTheRunEndsWithoutRunEnd_andNoTempFileIsLeft() throws Exception {
        RunScript s = new RunScript();
        Path file = dir.resolve("partial.json");
        JsonReporter r = new JsonReporter(file, false, s.recorder());
        r.playStart("p", List.of("rig01"));
        r.taskStart(RunScript.CONFIG, List.of("rig01"));
        assertFalse(Files.exists(file));

        r.finish();

        JsonNode doc = JSON.readTree(file.toFile());
        assertFalse(doc.get("complete").asBoolean());
        assertTrue(doc.get("exit_code").isNull());
        assertEquals("rig : write /etc/rig.conf", doc.at("/plays/0/tasks/0/name").asText());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        assertTrue(r.error().isEmpty());
    }

    @Test
    void reportFiles_areReadableByOthers_orKeepTheModeOfTheFileTheyReplace() throws Exception {
        Path fresh = dir.resolve("public/report.html");
        AtomicFile.write(fresh, "<p>one</p>");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
        Path kept = Files.writeString(dir.resolve("kept.json"), "{}");
        Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFile.write(kept, "{\"a\": 1}");
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
        assertEquals("{\"a\": 1}", Files.readString(kept));
    }

    @Test
    void fileReport_thatCannotBeWritten_keepsTheReasonAndDoesNotThrowIntoTheRun() throws Exception {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        RunScript s = new RunScript();
        HtmlReporter r = new HtmlReporter(blocker.resolve("report.html"), false, s.recorder());
        s.play(r);
        assertTrue(r.written());
        assertTrue(r.error().orElseThrow().contains("report.html"), r.error().orElseThrow());
    }

    private static Document xml(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    @Test
    void junit_hasOneTestCasePerRigAndTask_withFailuresForFailedUnreachableAndDrift() throws Exception {
        RunScript s = new RunScript();
        Path file = dir.resolve("junit.xml");
        s.play(new JUnitReporter(file, true, s.recorder()));

        Document d = xml(file);
        NodeList cases = d.getElementsByTagName("testcase");
        // rig01 and rig02 ran 5 tasks, rig03 only the facts
        assertEquals(11, cases.getLength());
        Map<String, String> failures = new HashMap<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            String id = c.getAttribute("classname") + "/" + c.getAttribute("name");
            NodeList f = c.getElementsByTagName("failure");
            if (f.getLength() > 0) {
                Element fe = (Element) f.item(0);
                failures.put(id, fe.getAttribute("type") + "|" + fe.getTextContent());
            }
            if (c.getElementsByTagName("skipped").getLength() > 0) {
                skipped.add(id);
            }
        }
        assertEquals(3, failures.size(), failures.toString());
        assertTrue(failures.get("rig01/rig : write /etc/rig.conf").equals("drift|" + RunScript.DIFF));
        assertTrue(failures.get("rig03/Gathering Facts").startsWith("unreachable|"));
        assertTrue(failures.get("rig01/install the token").startsWith("drift|"));
        assertEquals(List.of("rig01/probe the driver", "rig02/probe the driver"), skipped);
        Element root = d.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals("11", root.getAttribute("tests"));
        assertEquals("3", root.getAttribute("failures"));
        assertEquals(3, d.getElementsByTagName("testsuite").getLength());
        assertEquals("0.300", ((Element) cases.item(1)).getAttribute("time"));
    }

    @Test
    void junit_inAnOrdinaryRun_aChangeIsNotAFailure() throws Exception {
        RunScript s = new RunScript();
        Path file = dir.resolve("junit.xml");
        s.play(new JUnitReporter(file, false, s.recorder()));

        Document d = xml(file);
        assertEquals("1", d.getDocumentElement().getAttribute("failures"));
        assertEquals("unreachable", ((Element) d.getElementsByTagName("failure").item(0)).getAttribute("type"));
    }

    @Test
    void html_isOnePageWithTheMatrixCellsAnExpandableDiffAndNoExternalAssets() throws Exception {
        RunScript s = new RunScript();
        Path file = dir.resolve("report.html");
        s.play(new HtmlReporter(file, true, s.recorder()));

        String html = Files.readString(file);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<th>rig01</th><th>rig02</th><th>rig03</th>"), html);
        assertTrue(html.contains("<td class=\"cell changed\" title=\"rig01: drift in 0.300s\">"
                + "<a href=\"#t2-rig01\">drift</a><small>0.300s</small></td>"), html);
        assertTrue(html.contains("<td class=\"cell unknown\""));
        assertTrue(html.contains("<td class=\"cell unreachable\""));
        assertTrue(html.contains("<details id=\"t2-rig01\" open><summary class=\"changed\">rig01 · "
                + "rig : write /etc/rig.conf · drift</summary>"), html);
        assertTrue(html.contains("<span class=\"add\">+mode=&lt;new&gt;</span>"), html);
        assertTrue(html.contains("<td class=\"verdict-drift\">drifted 2 tasks (1 unknown)</td>"));
        assertTrue(html.contains("<td class=\"verdict-bad\">unreachable</td><td class=\"reason\">Gathering Facts:"
                + " failed to connect to the host: Connection refused</td>"), html);
        assertTrue(html.contains("a &lt;b&gt;warning&lt;/b&gt; from the run"));
        assertTrue(html.contains("<h2>Recap</h2>"));
        Matcher m = Pattern.compile("(?i)(src|href)\\s*=\\s*\"(?!#)[^\"]*\"|url\\(|@import|https?://").matcher(html);
        assertFalse(m.find(), () -> "external reference: " + m.group());
        assertFalse(html.contains("<script"));
    }

    @Test
    void jsonLines_areOneValidJsonObjectPerLineWrittenLive() throws Exception {
        RunScript s = new RunScript();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        JsonLinesReporter r = new JsonLinesReporter(out, s.nanos::get, s.clock);
        r.playbookStart("site.yml");
        assertEquals(1, bytes.toString(StandardCharsets.UTF_8).lines().count(), "written before the run ends");
        bytes.reset();

        s.play(new dev.rigger.api.RunListener() {
            @Override
            public void playStart(String name, List<String> hosts) {
                r.playStart(name, hosts);
            }

            @Override
            public void taskStart(dev.rigger.api.TaskInfo task, List<String> hosts) {
                r.taskStart(task, hosts);
            }

            @Override
            public void itemResult(dev.rigger.api.TaskInfo task, dev.rigger.api.TaskOutcome o, String item) {
                r.itemResult(task, o, item);
            }

            @Override
            public void taskResult(dev.rigger.api.TaskInfo task, dev.rigger.api.TaskOutcome o) {
                r.taskResult(task, o);
            }

            @Override
            public void warning(String message) {
                r.warning(message);
            }

            @Override
            public void runEnd(dev.rigger.api.RunResult result) {
                r.runEnd(result);
            }
        });

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        List<String> events = new ArrayList<>();
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            assertTrue(n.isObject(), line);
            assertEquals("2025-01-02T03:04:05Z", n.get("time").asText());
            events.add(n.get("event").asText());
        }
        assertEquals("play_start", events.get(0));
        assertEquals("run_end", events.get(events.size() - 1));
        assertEquals(5, events.stream().filter("task_start"::equals).count());
        assertEquals(11, events.stream().filter("task_result"::equals).count());
        assertEquals(1, events.stream().filter("item_result"::equals).count());
        JsonNode drift = lines.stream().map(ReportersTest::parse)
                .filter(n -> n.get("event").asText().equals("task_result") && n.get("host").asText().equals("rig01")
                        && n.at("/task/action").asText().equals("copy") && !n.at("/task/no_log").asBoolean())
                .findFirst().orElseThrow();
        assertEquals(RunScript.DIFF, drift.at("/diffs/0").asText());
        assertEquals(0.3, drift.get("duration_s").asDouble(), 1e-9);
        JsonNode end = parse(lines.get(lines.size() - 1));
        assertEquals(4, end.get("exit_code").asInt());
        assertEquals(5, end.at("/recap/rig02/ok").asInt());
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError(line, e);
        }
    }

    @Test
    void noLogResults_showOnlyTheCensoredFormInEveryReport() throws Exception {
        RunScript s = new RunScript();
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        JsonLinesReporter jsonl = new JsonLinesReporter(new PrintStream(lines, true, StandardCharsets.UTF_8));
        List<dev.rigger.api.RunListener> all = List.of(jsonl,
                new JsonReporter(dir.resolve("r.json"), true, s.recorder()),
                new JUnitReporter(dir.resolve("r.xml"), true, s.recorder()),
                new HtmlReporter(dir.resolve("r.html"), true, s.recorder()));
        s.play(new Fanout(all));

        for (String name : List.of("r.json", "r.xml", "r.html")) {
            String text = Files.readString(dir.resolve(name));
            assertFalse(text.contains(RunScript.SECRET), name);
            assertTrue(text.contains("install the token"), name);
        }
        assertFalse(lines.toString(StandardCharsets.UTF_8).contains(RunScript.SECRET));
        assertTrue(Files.readString(dir.resolve("r.json")).contains("no_log: true"));
    }

    @Test
    void profile_printsTheSlowestTasksAndRigs() {
        RunScript s = new RunScript();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        s.play(new Profile(new PrintStream(bytes, true, StandardCharsets.UTF_8), 3, true, s.recorder()));

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        int top = lines.indexOf(lines.stream().filter(l -> l.startsWith("SLOWEST TASKS")).findFirst().orElseThrow());
        assertEquals("    2.150s  rig03  Gathering Facts", lines.get(top + 1));
        assertEquals("    0.310s  rig02  rig : write /etc/rig.conf", lines.get(top + 2));
        assertEquals("    0.300s  rig01  rig : write /etc/rig.conf", lines.get(top + 3));
        assertTrue(lines.get(top + 4).isEmpty());
        int rigs = lines.indexOf(lines.stream().filter(l -> l.startsWith("SLOWEST RIGS")).findFirst().orElseThrow());
        assertEquals("    2.150s  rig03", lines.get(rigs + 1));
    }

    /** Hands every event to several listeners (as the runner's event bus does). */
    record Fanout(List<dev.rigger.api.RunListener> ls) implements dev.rigger.api.RunListener {
        @Override
        public void playStart(String name, List<String> hosts) {
            ls.forEach(l -> l.playStart(name, hosts));
        }

        @Override
        public void taskStart(dev.rigger.api.TaskInfo task, List<String> hosts) {
            ls.forEach(l -> l.taskStart(task, hosts));
        }

        @Override
        public void itemResult(dev.rigger.api.TaskInfo task, dev.rigger.api.TaskOutcome o, String item) {
            ls.forEach(l -> l.itemResult(task, o, item));
        }

        @Override
        public void taskResult(dev.rigger.api.TaskInfo task, dev.rigger.api.TaskOutcome o) {
            ls.forEach(l -> l.taskResult(task, o));
        }

        @Override
        public void warning(String message) {
            ls.forEach(l -> l.warning(message));
        }

        @Override
        public void runEnd(dev.rigger.api.RunResult result) {
            ls.forEach(l -> l.runEnd(result));
        }
    }
}
