package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandModulesTest {
    @TempDir
    Path dir;

    private final CommandModule command = new CommandModule();
    private final ShellModule shell = new ShellModule();
    private final RawModule raw = new RawModule();
    private final WaitForModule waitFor = new WaitForModule();

    private ModuleResult run(Module m, Map<String, Object> args) {
        return Scenario.run(m, args, TestContext.normal(dir));
    }

    @Test
    void command_runsArgvWithoutShell_andIsChanged() {
        ModuleResult r = run(command, Map.of("_raw_params", "echo 'a  b' > not-a-file"));
        assertEquals(ModuleResult.Status.CHANGED, r.status());
        assertEquals("a  b > not-a-file", r.data().get("stdout"));
        assertEquals(List.of("echo", "a  b", ">", "not-a-file"), r.data().get("cmd"));
        assertEquals(0, r.data().get("rc"));
        assertEquals("", r.data().get("msg"));
        assertTrue(String.valueOf(r.data().get("delta")).matches("0:00:\\d\\d\\.\\d{6}"));
        assertTrue(String.valueOf(r.data().get("start")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}"));
    }

    @Test
    void command_expandsEnvironmentVariablesLikeRunCommand() {
        ModuleResult r = run(command, Map.of("argv", List.of("printf", "%s|%s", "$HOME", "$(id)")));
        assertEquals(System.getenv("HOME") + "|$(id)", r.data().get("stdout"));
    }

    @Test
    void command_nonZeroRc_fails() {
        ModuleResult r = run(command, Map.of("cmd", "sh -c 'echo out; echo err >&2; exit 3'"));
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertEquals(3, r.data().get("rc"));
        assertEquals("non-zero return code", r.data().get("msg"));
        assertEquals(List.of("out"), r.data().get("stdout_lines"));
        assertEquals(List.of("err"), r.data().get("stderr_lines"));
    }

    @Test
    void command_checkMode_skipsAndIsUncertain() throws Exception {
        Path marker = dir.resolve("ran");
        ModuleResult r = Scenario.run(command, Map.of("_raw_params", "touch " + marker), TestContext.check(dir));
        assertEquals(ModuleResult.Status.SKIPPED, r.status());
        assertTrue(r.uncertain());
        assertEquals("Command would have run if not in check mode", r.data().get("msg"));
        assertFalse(Files.exists(marker));
    }

    @Test
    void command_creates_shortCircuits_inBothModes() throws Exception {
        Path made = dir.resolve("made");
        Map<String, Object> args = Map.of("_raw_params", "touch made", "chdir", dir.toString(), "creates", "made");
        ModuleResult check = Scenario.run(command, args, TestContext.check(dir));
        assertEquals(ModuleResult.Status.CHANGED, check.status());
        assertFalse(Files.exists(made));
        assertEquals(ModuleResult.Status.CHANGED, run(command, args).status());
        assertTrue(Files.exists(made));
        ModuleResult again = run(command, args);
        assertEquals(ModuleResult.Status.OK, again.status());
        assertEquals("skipped, since made exists", again.data().get("stdout"));
        assertEquals(ModuleResult.Status.OK, Scenario.run(command, args, TestContext.check(dir)).status());
    }

    @Test
    void command_removes_runsOnlyWhileThePathExists() throws Exception {
        Path f = dir.resolve("f");
        Files.writeString(f, "x");
        Map<String, Object> args = Map.of("argv", List.of("rm", f.toString()), "removes", f.toString());
        assertEquals(ModuleResult.Status.CHANGED, run(command, args).status());
        ModuleResult again = run(command, args);
        assertEquals(ModuleResult.Status.OK, again.status());
        assertEquals("skipped, since " + f + " does not exist", again.data().get("stdout"));
    }

    @Test
    void command_badChdir_failsLikeAnsible() {
        ModuleResult r = run(command, Map.of("_raw_params", "true", "chdir", dir.resolve("nope").toString()));
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertEquals("Unable to change directory before execution: [Errno 2] No such file or directory: b'"
                + dir.resolve("nope") + "'", r.data().get("msg"));
    }

    @Test
    void command_argvAndText_areExclusive() {
        assertEquals("only command or argv can be given, not both",
                run(command, Map.of("_raw_params", "true", "argv", List.of("true"))).data().get("msg"));
        assertEquals("no command given", run(command, Map.of()).data().get("msg"));
    }

    @Test
    void shell_usesPipesStdinAndChdir() {
        ModuleResult r = run(shell, Map.of("_raw_params", "pwd; tr a-z A-Z", "stdin", "hi", "chdir", dir.toString()));
        assertEquals(ModuleResult.Status.CHANGED, r.status());
        assertEquals(dir + "\nHI", r.data().get("stdout"));
        assertEquals("pwd; tr a-z A-Z", r.data().get("cmd"));
    }

    @Test
    void shell_executable_isUsed() {
        ModuleResult r = run(shell, Map.of("_raw_params", "echo ${BASH_VERSION:+bash}", "executable", "/bin/bash"));
        assertEquals("bash", r.data().get("stdout"));
    }

    @Test
    void raw_runsAndIsSkippedInCheckMode() {
        ModuleResult r = run(raw, Map.of("_raw_params", "echo raw; exit 0"));
        assertEquals(ModuleResult.Status.CHANGED, r.status());
        assertEquals(List.of("raw"), r.data().get("stdout_lines"));
        assertEquals(ModuleResult.Status.SKIPPED,
                Scenario.run(raw, Map.of("_raw_params", "touch x"), TestContext.check(dir)).status());
        assertEquals(ModuleResult.Status.FAILED, run(raw, Map.of("_raw_params", "exit 2")).status());
    }

    @Test
    void waitFor_openPort_isOk_andClosedPortTimesOut() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            ModuleResult r = run(waitFor, Map.of("port", s.getLocalPort(), "timeout", 5));
            assertEquals(ModuleResult.Status.OK, r.status(), () -> r.data().toString());
            closedPort = s.getLocalPort();
        }
        ModuleResult stopped = run(waitFor, Map.of("port", closedPort, "state", "stopped", "timeout", 5));
        assertEquals(ModuleResult.Status.OK, stopped.status());
        ModuleResult timeout = run(waitFor, Map.of("port", closedPort, "timeout", 1));
        assertEquals(ModuleResult.Status.FAILED, timeout.status());
        assertEquals("Timeout when waiting for 127.0.0.1:" + closedPort, timeout.data().get("msg"));
    }

    @Test
    void waitFor_pathAndSearchRegex() throws Exception {
        Path f = dir.resolve("log");
        Files.writeString(f, "booting\nready now\n");
        assertEquals(ModuleResult.Status.OK, run(waitFor, Map.of("path", f.toString(), "search_regex", "ready")).status());
        ModuleResult miss = run(waitFor, Map.of("path", f.toString(), "search_regex", "nope", "timeout", 1));
        assertEquals("Timeout when waiting for search string nope in " + f, miss.data().get("msg"));
        assertEquals(ModuleResult.Status.OK,
                run(waitFor, Map.of("path", dir.resolve("gone").toString(), "state", "absent")).status());
        ModuleResult present = Scenario.run(waitFor, Map.of("path", dir.resolve("never").toString(), "timeout", 1,
                "msg", "custom"), TestContext.normal(dir));
        assertEquals("custom", present.data().get("msg"));
    }

    @Test
    void waitFor_checkMode_isSkippedWithoutWaiting_likeAnsible() {
        long start = System.nanoTime();
        ModuleResult r = Scenario.run(waitFor, Map.of("path", dir.resolve("never").toString(), "timeout", 30),
                TestContext.check(dir));
        assertEquals(ModuleResult.Status.SKIPPED, r.status());
        assertEquals("remote module (wait_for) does not support check mode", r.data().get("msg"));
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "check mode must not wait for the timeout");
        assertEquals(ModuleSpec.CheckMode.NONE, waitFor.spec().checkMode());
    }
}
