package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.RunListener;
import dev.rigger.api.RunOptions;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import dev.rigger.connection.ShellMode;
import dev.rigger.connection.SshConnection;
import dev.rigger.connection.SshdFixture;
import dev.rigger.engine.Rigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** async over a real SSH connection (a local sshd): the job is detached from the channel and survives its loss. */
class AsyncSshTest {
    @RegisterExtension
    static final SshdFixture SSHD = new SshdFixture();

    @TempDir
    Path tmp;

    private final AtomicInteger opens = new AtomicInteger();

    private List<TaskOutcome> run(Path jobs, String tasks, Runnable during) throws IOException {
        Path inv = Files.writeString(tmp.resolve("inv.yml"), "all:\n  hosts:\n    rig1:\n      ansible_async_dir: "
                + jobs + "\n");
        Path pb = Files.writeString(tmp.resolve("pb.yml"), "- hosts: all\n  gather_facts: false\n  tasks:\n" + tasks);
        List<TaskOutcome> o = Collections.synchronizedList(new ArrayList<>());
        Thread side = new Thread(during);
        side.start();
        Rigger.builder().inventory(inv.toString()).playbook(pb)
                .connections((host, vars) -> {
                    opens.incrementAndGet();
                    return SshConnection.open(SSHD.settings("root", tmp.resolve("known_hosts"), ShellMode.PERSISTENT));
                })
                .listener(new RunListener() {
                    @Override
                    public void taskResult(TaskInfo task, TaskOutcome out) {
                        o.add(out);
                    }
                }).options(RunOptions.builder().build()).build().run();
        return o;
    }

    @Test
    void aFireAndForgetJob_doesNotHoldTheChannel_andOutlivesTheConnection() throws Exception {
        Path jobs = Files.createTempDirectory("rigger-async-ssh");
        long t0 = System.nanoTime();
        List<TaskOutcome> o = run(jobs, """
                    - shell: "sleep 6; echo over-ssh"
                      async: 30
                      poll: 0
                      register: b
                    - debug: var=b
                """, () -> { });
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "the task did not wait for its job");
        Path job = Path.of(String.valueOf(((Map<?, ?>) o.get(1).result().get("b")).get("results_file")));
        SSHD.killSessions(); // the run's connection is closed; no sshd process of it is left either
        Awaitility.await().atMost(Duration.ofSeconds(25)).until(() -> Files.readString(job).contains("over-ssh"));
    }

    @Test
    void sshdDroppingTheConnectionWhilePolling_reconnects_andFindsTheJobFinished() throws Exception {
        Path jobs = Files.createTempDirectory("rigger-async-ssh");
        List<TaskOutcome> o = run(jobs, """
                    - shell: "sleep 4; echo survived"
                      async: 30
                      poll: 2
                      register: a
                    - debug: var=a
                """, () -> {
                    try {
                        Thread.sleep(1500);
                    } catch (InterruptedException e) {
                        return;
                    }
                    SSHD.killSessions();
                });
        assertTrue(o.get(0) instanceof TaskOutcome.Changed, o.toString());
        assertEquals("survived", ((Map<?, ?>) o.get(1).result().get("a")).get("stdout"));
        assertTrue(opens.get() >= 2, "opened again after sshd dropped the session: " + opens.get());
    }
}
