package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.RunOptions;
import dev.rigger.api.TaskOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * async, poll and async_status as ansible-core 2.14.18 runs them (the keys each result has were read from
 * ansible-playbook -v with the same tasks on localhost, -c local).
 */
class AsyncTest {
    @TempDir
    Path tmp;

    /**
     * The job files' folder: outside the JUnit folder, whose removal would race with a watchdog still ending there
     * (async_wrapper's looks every 5 s); removed after each test as far as it can be.
     */
    private Path jobs;

    @BeforeEach
    void jobsFolder() throws IOException {
        jobs = Files.createTempDirectory("rigger-async-test");
    }

    @AfterEach
    void removeJobs() {
        try (var walk = Files.walk(jobs)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // a watchdog was removing its own files meanwhile
        }
    }

    private String inventory() {
        return "all:\n  hosts:\n    h1:\n      ansible_connection: local\n      ansible_async_dir: " + jobs + "\n";
    }

    private List<TaskOutcome> run(String tasks) throws Exception {
        return run(tasks, false);
    }

    private List<TaskOutcome> run(String tasks, boolean check) throws Exception {
        return LocalPlay.run(tmp, inventory(), "- hosts: all\n  gather_facts: false\n  tasks:\n" + tasks,
                RunOptions.builder().check(check).build()).outcomes();
    }

    private static long num(Object v) {
        return ((Number) v).longValue();
    }

    private static TreeSet<String> keys(String... k) {
        return new TreeSet<>(List.of(k));
    }

    private static TreeSet<String> keysOf(Map<?, ?> m) {
        TreeSet<String> t = new TreeSet<>();
        m.keySet().forEach(k -> t.add(String.valueOf(k)));
        return t;
    }

    private static Map<?, ?> var(TaskOutcome debug, String name) {
        return (Map<?, ?>) debug.result().get(name);
    }

    @Test
    void asyncPolledCommand_finishes_withAnsiblesKeys_andItsJobFileIsCleanedUp() throws Exception {
        List<TaskOutcome> o = run("""
                    - command: echo hi
                      async: 10
                      poll: 1
                      register: a
                    - debug: var=a
                """);
        assertTrue(o.get(0) instanceof TaskOutcome.Changed, o.toString());
        Map<?, ?> a = var(o.get(1), "a");
        // Ansible's keys (its executor adds failed: false to every module result, as rigger's ResultRules)
        assertEquals(keys("ansible_job_id", "changed", "cmd", "delta", "end", "failed", "finished", "msg", "rc", "results_file",
                "start", "started", "stderr", "stderr_lines", "stdout", "stdout_lines"), keysOf(a), a.toString());
        assertEquals("hi", a.get("stdout"));
        assertEquals(List.of("hi"), a.get("stdout_lines"));
        assertEquals(List.of("echo", "hi"), a.get("cmd"));
        assertEquals(0L, num(a.get("rc")));
        assertEquals(1L, num(a.get("finished")));
        assertEquals(1L, num(a.get("started")));
        String jid = String.valueOf(a.get("ansible_job_id"));
        assertTrue(jid.matches("j[0-9]+\\.[0-9]+"), jid);
        assertEquals(jobs.resolve(jid).toString(), a.get("results_file"));
        assertFalse(Files.exists(jobs.resolve(jid)), "cleaned up after the poll saw it finish");
        assertTrue(String.valueOf(a.get("delta")).matches("0:00:0[0-9]\\.[0-9]{6}"), a.toString());
        assertTrue(String.valueOf(a.get("start")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}"),
                a.toString());
    }

    @Test
    void asyncTimeoutExceeded_failsWithAnsiblesMessage_andTheWatchdogKillsTheJob() throws Exception {
        Path alive = tmp.resolve("alive");
        long t0 = System.nanoTime();
        List<TaskOutcome> o = run("""
                    - shell: "sleep 1; touch %s.1; sleep 29.5; touch %s.2"
                      async: 1
                      poll: 1
                      register: a
                      ignore_errors: true
                    - debug: var=a
                """.formatted(alive, alive));
        assertTrue(System.nanoTime() - t0 < 9_000_000_000L, "rigger gave up after async seconds of polls");
        assertTrue(o.get(0) instanceof TaskOutcome.Failed, o.toString());
        Map<?, ?> a = var(o.get(1), "a");
        assertEquals("async task did not complete within the requested time - 1s", a.get("msg"));
        assertEquals(keys("async_result", "changed", "failed", "msg"), keysOf(a), a.toString());
        Map<?, ?> ar = (Map<?, ?>) a.get("async_result");
        assertEquals(keys("ansible_job_id", "finished", "invocation", "results_file", "started", "stderr",
                "stderr_lines", "stdout", "stdout_lines"), keysOf(ar), ar.toString());
        assertEquals(0L, num(ar.get("finished")));
        Path job = Path.of(String.valueOf(ar.get("results_file")));
        // async_wrapper's watchdog looks every 5 s: the job is killed 10 s after it started, its file says so
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> Files.readString(job).contains("Timeout exceeded"));
        assertTrue(Files.readString(job).matches("\\{\"msg\": \"Timeout exceeded\", \"failed\": true, \"child_pid\": "
                + "[0-9]+}"), Files.readString(job));
        assertTrue(Files.exists(Path.of(alive + ".1")));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> ProcessHandle
                .allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains("sleep 29.5")));
        assertFalse(Files.exists(Path.of(alive + ".2")), "killed before it ended");
    }

    @Test
    void pollZero_returnsAtOnce_thenAsyncStatusUntilFinished_thenCleanup_thenTheJobIsGone() throws Exception {
        long t0 = System.nanoTime();
        List<TaskOutcome> o = run("""
                    - shell: "sleep 2; echo done; echo err >&2; exit 3"
                      async: 20
                      poll: 0
                      register: b
                    - debug: var=b
                    - async_status: jid={{ b.ansible_job_id }}
                      register: s
                    - debug: var=s
                    - async_status:
                        jid: "{{ b.ansible_job_id }}"
                      register: j
                      until: j.finished
                      retries: 10
                      delay: 1
                      ignore_errors: true
                    - debug: var=j
                    - async_status: jid={{ b.ansible_job_id }} mode=cleanup
                      register: c
                    - debug: var=c
                    - async_status: jid={{ b.ansible_job_id }}
                      register: gone
                      ignore_errors: true
                    - debug: var=gone
                """);
        Map<?, ?> b = var(o.get(1), "b");
        // Ansible's also has ansible_facts.discovered_interpreter_python (rigger runs no Python)
        assertEquals(keys("ansible_job_id", "changed", "failed", "finished", "results_file", "started"), keysOf(b),
                b.toString());
        assertEquals(0L, num(b.get("failed")));
        assertEquals(0L, num(b.get("finished")));
        assertEquals(1L, num(b.get("started")));
        assertEquals(true, b.get("changed"));
        assertTrue(o.get(0) instanceof TaskOutcome.Changed, o.toString());

        Map<?, ?> s = var(o.get(3), "s");
        assertEquals(keys("ansible_job_id", "changed", "failed", "finished", "results_file", "started", "stderr", "stderr_lines",
                "stdout", "stdout_lines"), keysOf(s), s.toString());
        assertEquals(0L, num(s.get("finished")));
        assertTrue(o.get(2) instanceof TaskOutcome.Ok, o.toString());

        assertTrue(o.get(4) instanceof TaskOutcome.Failed f && f.ignored(), o.toString());
        Map<?, ?> j = var(o.get(5), "j");
        assertEquals(keys("ansible_job_id", "attempts", "changed", "cmd", "delta", "end", "failed", "finished", "msg",
                "rc", "results_file", "start", "started", "stderr", "stderr_lines", "stdout", "stdout_lines"),
                keysOf(j), j.toString());
        assertEquals("non-zero return code", j.get("msg"));
        assertEquals(3L, num(j.get("rc")));
        assertEquals("done", j.get("stdout"));
        assertEquals(List.of("err"), j.get("stderr_lines"));
        assertEquals(true, j.get("changed"));
        assertEquals("sleep 2; echo done; echo err >&2; exit 3", j.get("cmd"));
        assertTrue(System.nanoTime() - t0 < 15_000_000_000L);

        Map<?, ?> c = var(o.get(7), "c");
        assertEquals(keys("ansible_job_id", "changed", "erased", "failed", "finished", "started", "stderr", "stderr_lines",
                "stdout", "stdout_lines"), keysOf(c), c.toString());
        assertEquals(0L, num(c.get("started")));
        assertEquals(b.get("results_file"), c.get("erased"));
        assertFalse(Files.exists(Path.of(String.valueOf(b.get("results_file")))));

        Map<?, ?> gone = var(o.get(9), "gone");
        assertEquals("could not find job", gone.get("msg"));
        assertEquals(keys("ansible_job_id", "changed", "failed", "finished", "msg", "results_file", "started",
                "stderr", "stderr_lines", "stdout", "stdout_lines"), keysOf(gone), gone.toString());
        assertEquals(1L, num(gone.get("finished")));
    }

    @Test
    void aFireAndForgetJob_isDetached_andOutlivesTheRun_itsFileThereAfter() throws Exception {
        long t0 = System.nanoTime();
        List<TaskOutcome> o = run("""
                    - shell: "sleep 8; echo late"
                      async: 30
                      poll: 0
                      register: b
                    - debug: var=b
                """);
        assertTrue(System.nanoTime() - t0 < 6_000_000_000L, "the task did not wait for the job (nor did the run)");
        Path job = Path.of(String.valueOf(var(o.get(1), "b").get("results_file")));
        String jid = String.valueOf(var(o.get(1), "b").get("ansible_job_id"));
        assertEquals("{\"started\": 1, \"finished\": 0, \"ansible_job_id\": \"" + jid + "\"}", Files.readString(job));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(25))
                .until(() -> Files.readString(job).contains("late"));
        Map<?, ?> result = new com.fasterxml.jackson.databind.ObjectMapper().readValue(Files.readString(job), Map.class);
        assertEquals(keys("changed", "cmd", "delta", "end", "msg", "rc", "start", "stderr", "stdout"), keysOf(result),
                result.toString());
        assertEquals("late", result.get("stdout"));
    }

    @Test
    void theTimeoutKeyword_failsWithAnsiblesMessage_endsTheCommand_andTheHostRunsOn() throws Exception {
        Path marker = tmp.resolve("marker");
        long t0 = System.nanoTime();
        List<TaskOutcome> o = run("""
                    - ansible.builtin.shell: "sleep 10.25; touch %s"
                      timeout: 1
                      register: t
                      ignore_errors: true
                    - debug: var=t
                    - command: echo next
                """.formatted(marker));
        assertTrue(System.nanoTime() - t0 < 8_000_000_000L, "the task did not wait for its command");
        Map<?, ?> t = var(o.get(1), "t");
        assertEquals("The ansible.builtin.shell action failed to execute in the expected time frame (1) and was "
                + "terminated", t.get("msg"));
        assertEquals(keys("changed", "failed", "msg"), keysOf(t), t.toString());
        assertEquals(false, t.get("changed"));
        assertTrue(o.get(2) instanceof TaskOutcome.Changed c && "next".equals(c.result().get("stdout")), o.toString());
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains("sleep 10.25")),
                "the command was ended on the host");
        assertFalse(Files.exists(marker));
    }

    @Test
    void aPlaysOrBlocksTimeout_reachesItsTasks() throws Exception {
        List<TaskOutcome> o = LocalPlay.run(tmp, inventory(), """
                - hosts: all
                  gather_facts: false
                  timeout: 1
                  tasks:
                    - shell: sleep 3
                      ignore_errors: true
                    - block:
                        - shell: sleep 4
                          ignore_errors: true
                      timeout: 2
                """, RunOptions.builder().build()).outcomes();
        assertTrue(String.valueOf(o.get(0).result().get("msg")).endsWith("time frame (1) and was terminated"));
        assertTrue(String.valueOf(o.get(1).result().get("msg")).endsWith("time frame (2) and was terminated"));
    }

    @Test
    void asyncInCheckMode_andAsyncOnAnActionWithoutIt_failAsAnsibles() throws Exception {
        List<TaskOutcome> o = run("""
                    - command: echo hi
                      async: 10
                      poll: 1
                      check_mode: true
                      ignore_errors: true
                    - raw: echo hi
                      async: 10
                      poll: 1
                      ignore_errors: true
                    - debug: msg=hi
                      async: 10
                      ignore_errors: true
                """);
        assertEquals("check mode and async cannot be used on same task.", o.get(0).result().get("msg"));
        assertEquals("async is not supported for this task.", o.get(1).result().get("msg"));
        assertEquals("async is not supported for this task.", o.get(2).result().get("msg"));
        o.forEach(x -> assertTrue(x instanceof TaskOutcome.Failed, o.toString()));
    }

    @Test
    void aModuleRunFromTheController_polled_runsUnderTheLimit_withTheKeysOfAnsiblesPolledResult() throws Exception {
        Path f = tmp.resolve("f1");
        List<TaskOutcome> o = run("""
                    - file: path=%s state=touch
                      async: 10
                      poll: 1
                      register: f
                    - debug: var=f
                    - file: path=%s state=touch
                      async: 10
                      poll: 0
                      ignore_errors: true
                """.formatted(f, f));
        Map<?, ?> r = var(o.get(1), "f");
        // (the file module's own keys differ: Ansible's touch says dest, rigger's path)
        assertTrue(keysOf(r).containsAll(keys("ansible_job_id", "changed", "finished", "results_file",
                "started", "stderr", "stderr_lines", "stdout", "stdout_lines", "mode", "state")), r.toString());
        assertEquals(1L, num(r.get("finished")));
        assertTrue(Files.exists(f));
        assertTrue(o.get(2) instanceof TaskOutcome.Failed, o.toString());
        assertTrue(String.valueOf(o.get(2).result().get("msg")).startsWith("rigger runs async: 10, poll: 0 only for "
                + "command and shell yet"), o.toString());
    }

    @Test
    void creates_inAnAsyncJob_skipsTheCommandAsAnsible() throws Exception {
        List<TaskOutcome> o = run("""
                    - command: echo hi
                      args:
                        creates: /
                      async: 10
                      poll: 1
                      register: cr
                    - debug: var=cr
                """);
        assertTrue(o.get(0) instanceof TaskOutcome.Ok, o.toString());
        Map<?, ?> cr = var(o.get(1), "cr");
        assertEquals(keys("ansible_job_id", "changed", "cmd", "delta", "end", "failed", "finished", "msg", "rc", "results_file",
                "start", "started", "stderr", "stderr_lines", "stdout", "stdout_lines"), keysOf(cr), cr.toString());
        assertEquals("Did not run command since '/' exists", cr.get("msg"));
        assertEquals(null, cr.get("start"));
    }

    @Test
    void aConnectionLostWhilePolling_isOpenedAgain_andThePollFindsTheJob() throws Exception {
        java.util.concurrent.atomic.AtomicInteger opens = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean cut = new java.util.concurrent.atomic.AtomicBoolean();
        dev.rigger.api.ConnectionProvider flaky = (host, vars) -> {
            int n = opens.incrementAndGet();
            dev.rigger.connection.LocalConnection local = new dev.rigger.connection.LocalConnection(host);
            return new dev.rigger.connection.Connection() {
                private boolean dead;

                @Override
                public String host() {
                    return host;
                }

                @Override
                public dev.rigger.connection.ExecResult exec(dev.rigger.connection.Command c)
                        throws java.io.IOException {
                    if (n == 1 && c.script().contains("cat \"$j\"") && cut.compareAndSet(false, true)) {
                        dead = true; // the link drops during the first poll, and stays down
                    }
                    if (dead) {
                        throw new dev.rigger.connection.UnreachableException("link down");
                    }
                    return local.exec(c);
                }

                @Override
                public void writeFileAtomic(String path, byte[] content, String mode, dev.rigger.connection.Become b)
                        throws java.io.IOException {
                    local.writeFileAtomic(path, content, mode, b);
                }

                @Override
                public byte[] readFile(String path, long max, dev.rigger.connection.Become b)
                        throws java.io.IOException {
                    return local.readFile(path, max, b);
                }

                @Override
                public void close() {
                    local.close();
                }
            };
        };
        Path inv = Files.writeString(tmp.resolve("inv.yml"), inventory());
        Path pb = Files.writeString(tmp.resolve("pb.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - shell: "sleep 2; echo survived"
                      async: 20
                      poll: 1
                      register: a
                    - debug: var=a
                """);
        List<TaskOutcome> o = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        dev.rigger.engine.Rigger.builder().inventory(inv.toString()).playbook(pb).connections(flaky)
                .listener(new dev.rigger.api.RunListener() {
                    @Override
                    public void taskResult(dev.rigger.api.TaskInfo task, TaskOutcome out) {
                        o.add(out);
                    }
                }).options(RunOptions.builder().build()).build().run();
        assertTrue(cut.get(), "the link was cut while polling");
        assertEquals(2, opens.get(), "opened again after the cut");
        assertTrue(o.get(0) instanceof TaskOutcome.Changed, o.toString());
        assertEquals("survived", var(o.get(1), "a").get("stdout"));
    }
}
