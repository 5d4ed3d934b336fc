package dev.rigger.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.RunListener;
import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.engine.Rigger;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import dev.rigger.lab.LabExtension;
import dev.rigger.lab.LabRigs;
import dev.rigger.lab.LabSetup;
import dev.rigger.lab.RigShell;
import dev.rigger.report.ConsoleReporter;
import dev.rigger.report.HtmlReporter;
import dev.rigger.report.JUnitReporter;
import dev.rigger.report.JsonReporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A login user whose sudo needs a password: the right one works, a wrong one fails that rig at once with one sudo
 * attempt (no retry storm), none fails with "a password is required"; the password is in no console line, no
 * report, no process argument list on the rig and no journal line.
 */
@ExtendWith(LabExtension.class)
@LabSetup(rigs = 3)
class BecomePasswordIT {
    private static final String RIGHT = "Corr3ct-H0rse-rigger";
    private static final String WRONG = "Wr0ng-Batt3ry-rigger";

    @TempDir
    Path tmp;

    /** Outcomes by task label and host, with the nanos each arrived. */
    private static final class Recorder implements RunListener {
        final Map<String, TaskOutcome> outcomes = new ConcurrentHashMap<>();
        final Map<String, Long> at = new ConcurrentHashMap<>();

        @Override
        public void taskResult(TaskInfo task, TaskOutcome o) {
            outcomes.put(task.label() + "@" + o.host(), o);
            at.put(task.label() + "@" + o.host(), System.nanoTime());
        }
    }

    @Test
    void sudoPassword_rightWorks_wrongFailsOnceAndFast_missingSaysRequired_andThePasswordIsNowhere(LabRigs rigs)
            throws Exception {
        for (String rig : rigs.hosts()) {
            RigShell.addSudoUser(rigs, rig, RIGHT);
        }
        String since = RigShell.run(rigs, "rig2", "date +%s").strip();
        Path inv = tmp.resolve("inv.yml");
        Files.writeString(inv, """
                all:
                  vars:
                    ansible_user: deploy
                    ansible_ssh_private_key_file: %s
                  hosts:
                    rig1: {ansible_host: %s, ansible_become_password: %s}
                    rig2: {ansible_host: %s, ansible_become_password: %s}
                    rig3: {ansible_host: %s}
                """.formatted(rigs.key(), rigs.rig("rig1").address(), RIGHT, rigs.rig("rig2").address(), WRONG,
                rigs.rig("rig3").address()));
        Path pb = tmp.resolve("pb.yml");
        Files.writeString(pb, """
                - hosts: all
                  gather_facts: false
                  become: true
                  tasks:
                    - name: probe
                      command: id -un
                      register: who
                      ignore_errors: true
                    - name: long
                      command: sleep 5
                    - name: after
                      command: id -un
                """);

        // Every rig's process list, sampled while the run goes on.
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> samples = new CopyOnWriteArrayList<>();
        List<Thread> pollers = new ArrayList<>();
        for (String rig : rigs.hosts()) {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    samples.add(rig + ":\n" + RigShell.run(rigs, rig, "ps -eo args"));
                }
            }, "ps-" + rig);
            t.start();
            pollers.add(t);
        }

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8);
        Path json = tmp.resolve("r.json");
        Path junit = tmp.resolve("r.xml");
        Path html = tmp.resolve("r.html");
        Recorder rec = new Recorder();
        long start = System.nanoTime();
        RunResult r;
        try {
            r = Rigger.builder().inventory(inv.toString()).playbook(pb)
                    .options(RunOptions.builder().knownHosts(tmp.resolve("known_hosts")).build())
                    .listener(rec).listener(new ConsoleReporter(ps, ps, false, 4))
                    .listener(new JsonReporter(json, false)).listener(new JUnitReporter(junit, false))
                    .listener(new HtmlReporter(html, false)).build().run();
        } finally {
            running.set(false);
            for (Thread t : pollers) {
                t.join(TimeUnit.SECONDS.toMillis(70));
            }
        }
        String text = console.toString(StandardCharsets.UTF_8);

        // (a) the right password: root, and the long task ran there
        assertInstanceOf(TaskOutcome.Changed.class, rec.outcomes.get("after@rig1"), text);
        assertEquals(0, r.stats("rig1").failed(), text);
        // (b) a wrong password: that rig fails at once, clearly, and the other rigs are not held up
        TaskOutcome wrong = rec.outcomes.get("probe@rig2");
        assertInstanceOf(TaskOutcome.Failed.class, wrong, text);
        assertTrue(String.valueOf(wrong.result().get("msg")).contains("incorrect sudo password"), wrong.toString());
        assertInstanceOf(TaskOutcome.Failed.class, rec.outcomes.get("long@rig2"), text);
        System.out.printf("[become] wrong password reported %.1f s after the run started%n",
                (rec.at.get("probe@rig2") - start) / 1e9);
        assertFalse(String.valueOf(wrong.result().get("msg")).contains("did not let us become"),
                "a wrong password is recognised, not waited out: " + wrong);
        assertFalse(rec.outcomes.containsKey("after@rig2"), "a failed rig runs no further task");
        // (c) no password: "a password is required"
        TaskOutcome none = rec.outcomes.get("probe@rig3");
        assertInstanceOf(TaskOutcome.Failed.class, none, text);
        assertTrue(String.valueOf(none.result().get("msg")).contains("a password is required"), none.toString());
        assertEquals(2, r.exitCode(), "failed tasks: exit code 2; " + text);

        // no retry storm: one sudo authentication on rig2 for the two tasks that needed it, ended quickly
        String journal = RigShell.run(rigs, "rig2", "journalctl -q --no-pager -o short-unix --since @" + since
                + " 2>/dev/null | grep 'sudo\\[' || true");
        List<String> failures = journal.lines()
                .filter(l -> l.contains("pam_unix(sudo:auth): authentication failure")).toList();
        List<String> gaveUp = journal.lines().filter(l -> l.contains("incorrect password attempt")).toList();
        System.out.printf("[become] rig2 journal: %d PAM authentication failure(s), %d sudo 'incorrect password'"
                + " line(s)%n", failures.size(), gaveUp.size());
        assertEquals(1, failures.size(), "one password attempt, no retry storm: " + journal);
        assertEquals(1, gaveUp.size(), "one sudo that gave up: " + journal);
        double handshake = Double.parseDouble(gaveUp.get(0).split(" ")[0])
                - Double.parseDouble(failures.get(0).split(" ")[0]);
        System.out.printf("[become] rig2: sudo ended %.1f s after refusing the password%n", handshake);
        assertTrue(handshake < 10, "rigger gave up at sudo's second prompt, not at a timeout: " + handshake + " s");

        // the password is nowhere
        boolean sawLongTask = samples.stream().anyMatch(s -> s.startsWith("rig1:") && s.contains("sleep 5"));
        System.out.printf("[become] %d ps samples taken during the run%n", samples.size());
        assertTrue(sawLongTask, "ps was sampled while the become task ran");
        Map<String, String> places = new java.util.LinkedHashMap<>();
        places.put("console", text);
        places.put("json report", Files.readString(json));
        places.put("junit report", Files.readString(junit));
        places.put("html report", Files.readString(html));
        places.put("ps on the rigs", String.join("\n", samples));
        places.put("rig2 journal", journal);
        places.put("rig1 journal", RigShell.run(rigs, "rig1", "journalctl -q --no-pager --since @" + since
                + " 2>/dev/null || true"));
        for (Map.Entry<String, String> e : places.entrySet()) {
            assertFalse(e.getValue().contains(RIGHT), "the right password leaked into the " + e.getKey());
            assertFalse(e.getValue().contains(WRONG), "the wrong password leaked into the " + e.getKey());
        }
    }
}
