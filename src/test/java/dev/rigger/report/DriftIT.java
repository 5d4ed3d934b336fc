package dev.rigger.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rigger.api.HostStats;
import dev.rigger.engine.Rigger;
import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.cli.Main;
import dev.rigger.lab.LabExtension;
import dev.rigger.lab.LabRigs;
import dev.rigger.lab.LabSetup;
import dev.rigger.lab.RigShell;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code rigger drift} on three full lab rigs (systemd, apt from the lab mirror): converge them, change each by
 * hand in a different way (a managed file, a package, a service), and check that drift names exactly those rigs
 * and tasks, in the console, JSON, JUnit and HTML reports, with the right exit code; a cut rig is unreachable.
 * The HTML report is rendered in headless Chromium (Debian's {@code chromium}); its screenshot is kept as
 * {@code target/drift-report.png}.
 */
@ExtendWith(LabExtension.class)
@LabSetup(rigs = 3)
class DriftIT {
    private static final Path SITE = Path.of("src/test/resources/scenarios/drift/site.yml");
    private static final String RIGS = "rig1,rig2,rig3";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String CONFIG = "/etc/rigger-demo/demo.conf";
    /** The drift each rig gets by hand: rig → the task it puts out of spec. */
    private static final Map<String, String> DRIFTED = Map.of("rig1", "demo config", "rig2", "tmux from the mirror",
            "rig3", "demo service running and enabled");
    private static final List<String> TASKS = List.of("demo config folder", "demo config", "tmux from the mirror",
            "demo unit file", "demo service running and enabled");

    @TempDir
    Path tmp;

    /** What a {@code rigger drift} run printed and wrote. */
    private record Drift(int rc, String out, String err, Path html, Path json, Path junit) {
    }

    private RunResult converge(LabRigs rigs) {
        RunResult r = Rigger.builder().inventory(rigs.inventory().toString()).playbook(SITE)
                .options(RunOptions.builder().limit(RIGS).knownHosts(tmp.resolve("known_hosts")).build())
                .build().run();
        assertEquals(0, r.exitCode(), r.recap().toString());
        return r;
    }

    private Drift drift(LabRigs rigs, String... more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path dir = tmp.resolve("reports-" + System.nanoTime());
        Path html = dir.resolve("drift.html");
        Path json = dir.resolve("drift.json");
        Path junit = dir.resolve("drift.xml");
        List<String> args = new ArrayList<>(List.of("drift", SITE.toString(), "-i", rigs.inventory().toString(),
                "-l", RIGS, "--color", "never", "--report", "html:" + html, "--report", "json:" + json,
                "--report", "junit:" + junit));
        args.addAll(List.of(more));
        int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        return new Drift(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), html, json,
                junit);
    }

    /** Converged rigs, each then changed by hand as {@link #DRIFTED} says, and drift run over them. */
    private Drift driftedByHand(LabRigs rigs) {
        converge(rigs);
        RigShell.run(rigs, "rig1", "sed -i 's/^workers = 4$/workers = 16/' " + CONFIG);
        RigShell.run(rigs, "rig2", "DEBIAN_FRONTEND=noninteractive apt-get remove -y -q tmux");
        RigShell.run(rigs, "rig3", "systemctl stop rigger-demo");
        return drift(rigs);
    }

    @Test
    void drift_namesExactlyTheHandChangedRigsAndTasks_withDiffs_inTextJsonAndJunit(LabRigs rigs) throws Exception {
        for (String rig : DRIFTED.keySet()) {
            RigShell.run(rigs, rig, "systemctl disable --now rigger-demo 2>/dev/null; "
                    + "rm -rf /etc/rigger-demo /etc/systemd/system/rigger-demo.service; systemctl daemon-reload; "
                    + "DEBIAN_FRONTEND=noninteractive apt-get remove -y -q tmux >/dev/null");
        }
        RunResult first = converge(rigs);
        for (String rig : DRIFTED.keySet()) {
            HostStats s = first.stats(rig);
            assertEquals(5, s.changed(), rig + " converges every task once: " + s);
            assertEquals("active", RigShell.run(rigs, rig, "systemctl is-active rigger-demo").trim());
            assertEquals("enabled", RigShell.run(rigs, rig, "systemctl is-enabled rigger-demo").trim());
            assertTrue(RigShell.run(rigs, rig, "tmux -V").startsWith("tmux "));
        }
        RunResult second = converge(rigs);
        assertEquals(0, second.totalChanged(), "converged rigs stay put: " + second.recap());
        Drift inSpec = drift(rigs);
        assertEquals(0, inSpec.rc(), inSpec.out() + inSpec.err());
        assertTrue(inSpec.out().contains("DRIFT: no task would change on 3 rigs."), inSpec.out());

        Drift d = driftedByHand(rigs);

        assertEquals(DriftReport.EXIT_DRIFTED, d.rc(), d.out() + d.err());
        assertEquals(Map.of("demo config", List.of("DRIFT", ".", "."),
                "tmux from the mirror", List.of(".", "DRIFT", "."),
                "demo service running and enabled", List.of(".", ".", "DRIFT")), matrix(d.out()), d.out());
        for (String rig : List.of("rig1", "rig2", "rig3")) {
            assertTrue(d.out().contains("\n" + rig + " : drifted 1 task\n"), d.out());
        }
        String rig1Diff = section(d.out(), "--- drift: [rig1] demo config (");
        assertTrue(rig1Diff.contains("--- before: " + CONFIG), rig1Diff);
        assertTrue(rig1Diff.contains("\n-workers = 16\n+workers = 4\n"), rig1Diff);
        assertTrue(rig1Diff.contains("\n rig = rig1\n port = 8080\n"), rig1Diff);
        String rig2Diff = section(d.out(), "--- drift: [rig2] tmux from the mirror (");
        assertTrue(rig2Diff.contains("0 upgraded, 1 newly installed, 0 to remove"), rig2Diff);
        assertFalse(d.out().contains("[rig3] demo service"), "a service has no diff:\n" + d.out());

        assertEquals("workers = 16", RigShell.run(rigs, "rig1", "grep ^workers " + CONFIG).trim(),
                "drift changes nothing");
        assertEquals("", RigShell.run(rigs, "rig2", "command -v tmux || true").trim(), "drift installs nothing");
        assertEquals("inactive", RigShell.run(rigs, "rig3", "systemctl is-active rigger-demo || true").trim(),
                "drift starts nothing");

        JsonNode doc = new ObjectMapper().readTree(d.json().toFile());
        assertEquals(3, doc.at("/drift/exit_code").asInt());
        assertTrue(doc.at("/check").asBoolean());
        Set<String> jsonDrift = new LinkedHashSet<>();
        for (JsonNode task : doc.at("/plays/0/tasks")) {
            String name = task.get("name").asText();
            assertTrue(TASKS.contains(name), name);
            task.get("hosts").fields().forEachRemaining(e -> {
                String state = e.getValue().get("state").asText();
                if (state.equals("changed")) {
                    jsonDrift.add(e.getKey() + " × " + name);
                } else {
                    assertEquals("ok", state, e.getKey() + " × " + name + " is in spec");
                }
            });
        }
        assertEquals(expectedPairs(), jsonDrift);
        for (String rig : DRIFTED.keySet()) {
            assertEquals("drifted", doc.at("/drift/rigs/" + rig + "/verdict").asText(), doc.at("/drift").toString());
            assertEquals("drifted 1 task", doc.at("/drift/rigs/" + rig + "/text").asText());
        }
        Map<String, String> driftTasks = new LinkedHashMap<>();
        for (JsonNode t : doc.at("/drift/tasks")) {
            t.get("rigs").fields().forEachRemaining(e -> {
                if (e.getValue().asText().equals("drift")) {
                    driftTasks.put(e.getKey(), t.get("name").asText());
                }
            });
        }
        assertEquals(DRIFTED, driftTasks);
        String jsonDiff = doc.at("/drift/tasks/0/diffs/rig1/0").asText();
        assertTrue(jsonDiff.contains("-workers = 16\n+workers = 4"), doc.at("/drift/tasks/0").toString());

        Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(d.junit().toFile());
        Element suites = junit.getDocumentElement();
        assertEquals("rigger drift", suites.getAttribute("name"));
        assertEquals("15", suites.getAttribute("tests"), "one case per rig × task");
        assertEquals("3", suites.getAttribute("failures"));
        NodeList failures = junit.getElementsByTagName("failure");
        Set<String> junitDrift = new LinkedHashSet<>();
        for (int i = 0; i < failures.getLength(); i++) {
            Element f = (Element) failures.item(i);
            Element c = (Element) f.getParentNode();
            assertEquals("drift", f.getAttribute("type"));
            junitDrift.add(c.getAttribute("classname") + " × " + c.getAttribute("name"));
            if (c.getAttribute("classname").equals("rig1")) {
                assertTrue(f.getTextContent().contains("-workers = 16\n+workers = 4"), f.getTextContent());
            }
        }
        assertEquals(jsonDrift, junitDrift, "JSON and JUnit agree");

        String html = Files.readString(d.html());
        assertTrue(html.contains("<span class=\"del\">-workers = 16</span>"), "HTML shows rig1's diff");
        assertEquals(3, html.split("class=\"cell changed\"", -1).length - 1, "three drift cells in the matrix");
    }

    @Test
    void drift_withARigCut_exitsUnreachable_andCallsTheOthersInSpec(LabRigs rigs) throws Exception {
        converge(rigs);
        rigs.lab().cut("rig2");
        Drift d;
        try {
            d = drift(rigs, "-T", "3");
        } finally {
            rigs.lab().restore("rig2");
        }
        assertEquals(DriftReport.EXIT_UNREACHABLE, d.rc(), d.out() + d.err());
        assertTrue(d.out().contains("\nrig2 : unreachable\n"), d.out());
        assertTrue(d.out().contains("\nrig1 : in spec\n"), d.out());
        assertTrue(d.out().contains("\nrig3 : in spec\n"), d.out());
        JsonNode doc = new ObjectMapper().readTree(d.json().toFile());
        assertEquals("unreachable", doc.at("/drift/rigs/rig2/verdict").asText());
        assertEquals("in spec", doc.at("/drift/rigs/rig1/verdict").asText());
        assertEquals(4, doc.at("/drift/exit_code").asInt());
        assertEquals(1, doc.at("/recap/rig2/unreachable").asInt());
        Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(d.junit().toFile());
        NodeList failures = junit.getElementsByTagName("failure");
        assertTrue(failures.getLength() >= 1, "the unreachable rig fails in JUnit");
        for (int i = 0; i < failures.getLength(); i++) {
            Element f = (Element) failures.item(i);
            assertEquals("unreachable", f.getAttribute("type"));
            assertEquals("rig2", ((Element) f.getParentNode()).getAttribute("classname"));
        }

        Awaitility.await("rig2 answers ssh again after restore").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> RigShell.run(rigs, "rig2", "hostname").trim().equals("rig2"));
        assertEquals(0, drift(rigs).rc(), "restored: every rig in spec again");
    }

    @Test
    void htmlReport_inHeadlessChromium_showsTheMatrixAndADiff_andKeepsAScreenshot(LabRigs rigs) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium check skipped: " + CHROMIUM
                + " is absent (apt-get install -y chromium)");
        Drift d = driftedByHand(rigs);
        assertEquals(DriftReport.EXIT_DRIFTED, d.rc(), d.out() + d.err());

        Path target = Files.createDirectories(Path.of("target"));
        Files.copy(d.html(), target.resolve("drift-report.html"), StandardCopyOption.REPLACE_EXISTING);
        Path png = target.resolve("drift-report.png");
        Files.deleteIfExists(png);
        chromium("--screenshot=" + png.toAbsolutePath(), "--window-size=1400,1000", d.html().toUri().toString());
        assertTrue(Files.isRegularFile(png), "chromium wrote no screenshot");
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 20_000, "a real page, not a blank one: " + bytes.length + " bytes");
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1400, img.getWidth());
        assertEquals(1000, img.getHeight());
        int driftCell = 0;
        Set<Integer> colours = new LinkedHashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb == 0xffe8a3) {
                    driftCell++;
                }
            }
        }
        assertTrue(colours.size() > 50, "rendered text and colours: " + colours.size() + " colours");
        assertTrue(driftCell > 500, "drift cells are painted in the drift colour: " + driftCell + " pixels");

        String dom = chromium("--dump-dom", d.html().toUri().toString());
        assertTrue(dom.contains("<table class=\"matrix\">"), dom);
        for (Map.Entry<String, String> e : DRIFTED.entrySet()) {
            assertTrue(dom.contains(">" + e.getValue() + "</td>"), "matrix row " + e.getValue());
        }
        assertEquals(3, dom.split("class=\"cell changed\"", -1).length - 1, "three drift cells");
        assertTrue(dom.contains("<details id=\"t2-rig1\" open=\"\">"), "rig1's diff is shown open");
        assertTrue(dom.contains("<span class=\"del\">-workers = 16</span>"), "the diff is rendered");
        assertTrue(dom.contains("<span class=\"add\">+workers = 4</span>"), "the diff is rendered");
        assertTrue(dom.contains("drifted 1 task"), "verdicts are rendered");
        converge(rigs);
    }

    /** Runs headless Chromium with a fresh profile; returns its stdout. */
    private String chromium(String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(tmp, "chromium-profile");
        List<String> argv = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        argv.addAll(List.of(args));
        Path stdout = tmp.resolve("chromium-" + System.nanoTime() + ".out");
        Path stderr = tmp.resolve("chromium-" + System.nanoTime() + ".err");
        Process p = new ProcessBuilder(argv).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + argv + "\n" + Files.readString(stderr));
        }
        assertEquals(0, p.exitValue(), "chromium failed: " + argv + "\n" + Files.readString(stderr));
        return Files.readString(stdout);
    }

    private static Set<String> expectedPairs() {
        Set<String> s = new LinkedHashSet<>();
        for (String rig : List.of("rig1", "rig2", "rig3")) {
            for (String task : TASKS) {
                if (task.equals(DRIFTED.get(rig))) {
                    s.add(rig + " × " + task);
                }
            }
        }
        return s;
    }

    /** The console matrix: task → the cells for rig1..rig3. */
    private static Map<String, List<String>> matrix(String out) {
        String[] lines = out.split("\n");
        Map<String, List<String>> m = new LinkedHashMap<>();
        int i = 0;
        while (i < lines.length && !lines[i].startsWith("TASK ")) {
            i++;
        }
        assertTrue(i < lines.length, "no matrix header in:\n" + out);
        assertEquals(List.of("TASK", "rig1", "rig2", "rig3"), List.of(lines[i].trim().split(" {2,}")));
        for (i++; i < lines.length && !lines[i].isBlank(); i++) {
            String[] cols = lines[i].split(" {2,}");
            m.put(cols[0], List.of(cols).subList(1, cols.length));
        }
        return m;
    }

    /** The text from {@code start} up to the next blank line. */
    private static String section(String out, String start) {
        int from = out.indexOf(start);
        assertTrue(from >= 0, "no '" + start + "' in:\n" + out);
        int end = out.indexOf("\n\n", from);
        return out.substring(from, end < 0 ? out.length() : end + 1);
    }
}
