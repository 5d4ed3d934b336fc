package dev.rigger.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.HostStats;
import dev.rigger.api.RunResult;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.Diff;
import dev.rigger.api.TaskOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftReportTest {
    private static final TaskInfo CONF = new TaskInfo("write conf", "copy", "site.yml:4:7", false, false, false);
    private static final TaskInfo PROBE = new TaskInfo("probe", "command", "site.yml:8:7", false, false, false);
    private static final TaskInfo PKG = new TaskInfo("install sl", "apt", "site.yml:11:7", false, false, false);

    private static Map<String, Object> r(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A result built the way the runner builds it: outcomes in order and the recap counted from them. */
    private static RunResult run(boolean interrupted, RunResult.Record... records) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (RunResult.Record rec : records) {
            int[] c = counts.computeIfAbsent(rec.outcome().host(), h -> new int[5]);
            switch (rec.outcome().status()) {
                case OK -> c[0]++;
                case CHANGED -> {
                    c[0]++;
                    c[1]++;
                }
                case UNREACHABLE -> c[2]++;
                case FAILED -> c[((TaskOutcome.Failed) rec.outcome()).ignored() ? 0 : 3]++;
                case SKIPPED -> c[4]++;
            }
        }
        List<HostStats> recap = new ArrayList<>();
        counts.forEach((h, c) -> recap.add(new HostStats(h, c[0], c[1], c[2], c[3], c[4], 0, 0)));
        return new RunResult(recap, List.of(records), 0, interrupted);
    }

    private static RunResult.Record rec(TaskInfo t, TaskOutcome o) {
        return new RunResult.Record(t, o);
    }

    private static RunResult.Record ok(TaskInfo t, String host) {
        return rec(t, new TaskOutcome.Ok(host, r("changed", false), false));
    }

    private static RunResult.Record unknown(TaskInfo t, String host) {
        return rec(t, new TaskOutcome.Skipped(host, r("changed", false, "msg", "skipped, running in check mode"),
                true));
    }

    private static RunResult.Record drift(TaskInfo t, String host, String diff) {
        return rec(t, new TaskOutcome.Changed(host, r("changed", true), List.of(Diff.prepared(diff))));
    }

    private static RunResult fourRigs() {
        return run(false,
                ok(CONF, "inspec"), drift(CONF, "drifted", "-a\n+b\n"), ok(CONF, "failing"),
                rec(CONF, new TaskOutcome.Unreachable("gone", r("msg", "Connection refused", "unreachable", true))),
                unknown(PROBE, "inspec"), rec(PROBE, new TaskOutcome.Ok("drifted", r("changed", false), true)),
                rec(PROBE, new TaskOutcome.Failed("failing", r("msg", "no such file: /opt/x"), false)),
                ok(PKG, "inspec"), drift(PKG, "drifted", "+sl\n"));
    }

    @Test
    void verdicts_nameEveryRig_andUnknownIsCountedApartNeverAsOk() {
        DriftReport d = DriftReport.of(fourRigs());

        assertEquals(List.of("inspec", "drifted", "failing", "gone"), d.hosts());
        assertEquals("in spec (1 unknown)", d.verdicts().get("inspec").text());
        assertEquals(DriftReport.Kind.IN_SPEC, d.verdicts().get("inspec").kind());
        assertEquals("drifted 2 tasks (1 unknown)", d.verdicts().get("drifted").text());
        assertEquals("failed", d.verdicts().get("failing").text());
        assertEquals("unreachable", d.verdicts().get("gone").text());
        assertEquals(CellState.UNKNOWN, d.rows().get(1).cells().get("inspec"));
        assertEquals(2, d.unknownCount());
        assertEquals("probe: no such file: /opt/x", d.reason("failing").orElseThrow());
        assertEquals("write conf: Connection refused", d.reason("gone").orElseThrow());
        assertTrue(d.reason("inspec").isEmpty());
    }

    @Test
    void exitCode_unreachableWinsOverFailedOverDrift() {
        assertEquals(4, DriftReport.of(fourRigs()).exitCode());
        assertEquals(2, DriftReport.of(run(false, drift(CONF, "a", "+x\n"),
                rec(CONF, new TaskOutcome.Failed("b", r("msg", "boom"), false)))).exitCode());
        assertEquals(3, DriftReport.of(run(false, drift(CONF, "a", "+x\n"), ok(CONF, "b"))).exitCode());
        assertEquals(0, DriftReport.of(run(false, ok(CONF, "a"), unknown(PROBE, "a"))).exitCode());
        assertEquals(99, DriftReport.of(run(true, ok(CONF, "a"))).exitCode());
    }

    @Test
    void anIgnoredFailure_doesNotFailTheRig() {
        DriftReport d = DriftReport.of(run(false, rec(CONF, new TaskOutcome.Failed("a", r("msg", "x"), true))));
        assertEquals("in spec", d.verdicts().get("a").text());
        assertEquals(0, d.exitCode());
    }

    @Test
    void print_showsTheMatrixWithQuestionMarks_theDiffs_andOneVerdictPerRig() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DriftReport.of(fourRigs()).print(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        String out = bytes.toString(StandardCharsets.UTF_8);
        List<String> lines = out.lines().toList();

        assertTrue(lines.contains("TASK        inspec   drifted  failing  gone"), out);
        assertTrue(lines.contains("write conf  .        DRIFT    .        UNREACH"), out);
        assertTrue(lines.contains("probe       ?        ?        FAILED"), out);
        assertTrue(lines.contains("install sl  .        DRIFT"), out);
        assertTrue(out.contains("--- drift: [drifted] install sl (site.yml:11:7)\n+sl\n"), out);
        assertTrue(out.contains("--- drift: [drifted] write conf (site.yml:4:7)\n-a\n+b\n"), out);
        assertTrue(lines.contains("inspec  : in spec (1 unknown)"), out);
        assertTrue(lines.contains("drifted : drifted 2 tasks (1 unknown)"), out);
        assertTrue(lines.contains("failing : failed"), out);
        assertTrue(lines.contains("          probe: no such file: /opt/x"), out);
        assertTrue(lines.contains("gone    : unreachable"), out);
        assertTrue(lines.contains("          write conf: Connection refused"), out);
        assertFalse(out.contains("\033["));
    }

    @Test
    void print_whenEveryRigIsInSpec_showsNoMatrix() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DriftReport.of(run(false, ok(CONF, "a"), ok(CONF, "b"))).print(new PrintStream(bytes, true,
                StandardCharsets.UTF_8), false);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("DRIFT: no task would change on 2 rigs."), out);
        assertFalse(out.contains("DRIFT MATRIX"));
        assertTrue(out.contains("a : in spec\nb : in spec\n"), out);
    }

    @Test
    void toMap_namesDriftedCellsAndKeepsDiffsAndErrors() {
        Map<String, Object> m = DriftReport.of(fourRigs()).toMap();
        assertEquals(4, m.get("exit_code"));
        String json = Json.line(m);
        assertTrue(json.contains("\"drifted\":{\"verdict\":\"drifted\",\"text\":\"drifted 2 tasks (1 unknown)\""),
                json);
        assertTrue(json.contains("\"rigs\":{\"inspec\":\"ok\",\"drifted\":\"drift\",\"failing\":\"ok\","
                + "\"gone\":\"unreachable\"}"), json);
        assertTrue(json.contains("\"errors\":{\"failing\":\"no such file: /opt/x\"}"), json);
    }
}
