package dev.rigger.executor;

import static org.awaitility.Awaitility.await;
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
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rigs that vanish mid-run, are dead from the start, or present a changed host key; a link cut during a large
 * copy. Every other rig keeps going and the recap says what happened.
 */
@ExtendWith(LabExtension.class)
@LabSetup(rigs = 3)
class FaultsIT {
    @TempDir
    Path tmp;

    private LabRigs lab;

    @AfterEach
    void restoreLinks() {
        if (lab != null) {
            lab.lab().slow("rig2", "off");
            lab.lab().restore("rig2");
        }
    }

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private RunOptions.Builder options() {
        return RunOptions.builder().knownHosts(tmp.resolve("known_hosts"));
    }

    /** Events by host, with the moment they arrived. */
    private static final class Recorder implements RunListener {
        final Map<String, TaskOutcome> unreachable = new ConcurrentHashMap<>();
        final Map<String, TaskInfo> unreachableAt = new ConcurrentHashMap<>();
        final Map<String, Long> unreachableNanos = new ConcurrentHashMap<>();
        final Map<String, CountDownLatch> started = new ConcurrentHashMap<>();

        CountDownLatch startOf(String label) {
            return started.computeIfAbsent(label, k -> new CountDownLatch(1));
        }

        @Override
        public void taskStart(TaskInfo task, List<String> hosts) {
            startOf(task.label()).countDown();
        }

        @Override
        public void taskResult(TaskInfo task, TaskOutcome outcome) {
            if (outcome instanceof TaskOutcome.Unreachable) {
                unreachable.put(outcome.host(), outcome);
                unreachableAt.put(outcome.host(), task);
                unreachableNanos.put(outcome.host(), System.nanoTime());
            }
        }
    }

    @Test
    void linkCutMidPlay_rigIsUnreachableAtThatTask_othersFinish_andARerunConverges(LabRigs rigs) throws Exception {
        lab = rigs;
        for (String h : rigs.hosts()) {
            RigShell.run(rigs, h, "rm -f /tmp/faults-after");
        }
        Path pb = write("cut.yml", """
                - hosts: rig1,rig2,rig3
                  gather_facts: false
                  tasks:
                    - name: first
                      command: "true"
                    - name: second
                      command: "true"
                    - name: long
                      command: sleep 20
                    - name: after
                      file: path=/tmp/faults-after state=touch
                """);
        Recorder rec = new Recorder();
        Rigger rigger = Rigger.builder().inventory(rigs.inventory().toString()).playbook(pb).options(options().build())
                .listener(rec).build();
        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(rigger::run);
        assertTrue(rec.startOf("long").await(60, TimeUnit.SECONDS), "the long task started");
        rigs.lab().cut("rig2");
        long cutAt = System.nanoTime();
        RunResult r = run.get(120, TimeUnit.SECONDS);
        long detection = rec.unreachableNanos.getOrDefault("rig2", cutAt) - cutAt;
        System.out.printf("[faults] cut link detected after %.1f s%n", detection / 1e9);

        assertEquals(4, r.exitCode(), r.recap().toString());
        assertEquals("long", rec.unreachableAt.get("rig2").label(), "lost at the task that was running");
        assertTrue(String.valueOf(rec.unreachable.get("rig2").result().get("msg")).contains("rig2"),
                rec.unreachable.get("rig2").result().toString());
        assertEquals(1, r.stats("rig2").unreachable());
        for (String h : List.of("rig1", "rig3")) {
            assertEquals(0, r.stats(h).unreachable() + r.stats(h).failed(), h + ": " + r.stats(h));
            assertEquals(4, r.stats(h).changed(), h + " ran every task: " + r.stats(h));
        }
        assertTrue(detection < TimeUnit.SECONDS.toNanos(30), "keep-alive noticed the cut in " + detection / 1e9);

        rigs.lab().restore("rig2");
        RunResult again = Rigger.builder().inventory(rigs.inventory().toString()).playbook(pb)
                .options(options().build()).build().run();
        assertEquals(0, again.exitCode(), again.recap() + " " + again.outcomes());
        assertEquals("", RigShell.run(rigs, "rig2", "test -f /tmp/faults-after || echo missing").trim());
    }

    @Test
    void deadRigs_areUnreachableWithinTheConnectTimeout_andDoNotHoldTheForkSlot(LabRigs rigs) throws Exception {
        lab = rigs;
        String key = rigs.key().toString();
        Path inv = write("dead.yml", """
                all:
                  vars:
                    ansible_user: root
                    ansible_ssh_private_key_file: %s
                  hosts:
                    rig1: {ansible_host: %s}
                    ghost: {ansible_host: 10.77.%s.200}
                    refused: {ansible_host: %s, ansible_port: 2}
                    rig2: {ansible_host: %s}
                """.formatted(key, rigs.rig("rig1").address(), labId(rigs), rigs.rig("rig1").address(),
                rigs.rig("rig2").address()));
        rigs.lab().cut("rig2");
        Path pb = write("dead-pb.yml", """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: touch
                      command: touch /tmp/faults-dead
                """);
        Recorder rec = new Recorder();
        long t0 = System.nanoTime();
        RunResult r = Rigger.builder().inventory(inv.toString()).playbook(pb)
                .options(options().forks(1).connectTimeout(Duration.ofSeconds(5)).build()).listener(rec).build().run();
        double secs = (System.nanoTime() - t0) / 1e9;
        for (String h : List.of("ghost", "refused", "rig2")) {
            double at = (rec.unreachableNanos.get(h) - t0) / 1e9;
            System.out.printf("[faults] %s unreachable %.1f s into the run: %s%n", h, at,
                    rec.unreachable.get(h).result().get("msg"));
        }
        System.out.printf("[faults] run with three dead rigs and -f 1 took %.1f s%n", secs);
        assertEquals(4, r.exitCode(), r.recap().toString());
        assertEquals(0, r.stats("rig1").unreachable() + r.stats("rig1").failed(), r.stats("rig1").toString());
        assertEquals(1, r.stats("rig1").changed());
        assertTrue(String.valueOf(rec.unreachable.get("refused").result().get("msg")).contains("refused"),
                rec.unreachable.get("refused").result().toString());
        for (String h : List.of("ghost", "refused", "rig2")) {
            assertEquals(1, r.stats(h).unreachable(), h);
        }
        assertTrue(secs < 20, "three dead rigs with one fork slot each freed it within the 5 s timeout: " + secs);
    }

    private static String sha1(Path file) throws Exception {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-1");
        try (var in = new java.security.DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    private static String labId(LabRigs rigs) {
        return rigs.rig("rig1").address().split("\\.")[2];
    }

    @Test
    void changedHostKey_isRefusedNamingTheLineAndTheFix_andNothingRunsThere(LabRigs rigs) throws Exception {
        lab = rigs;
        RigShell.run(rigs, "rig1", "rm -f /tmp/faults-hostkey");
        Process kg = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                tmp.resolve("other").toString()).redirectErrorStream(true).start();
        assertTrue(kg.waitFor(30, TimeUnit.SECONDS));
        String pub = Files.readString(tmp.resolve("other.pub")).trim().split(" ", 3)[1];
        Path kh = tmp.resolve("known_hosts");
        Files.writeString(kh, "# lab\n" + rigs.rig("rig1").address() + " ssh-ed25519 " + pub + "\n");
        Path pb = write("hk.yml", """
                - hosts: rig1,rig3
                  gather_facts: false
                  tasks:
                    - name: touch
                      command: touch /tmp/faults-hostkey
                """);
        Recorder rec = new Recorder();
        RunResult r = Rigger.builder().inventory(rigs.inventory().toString()).playbook(pb)
                .options(RunOptions.builder().knownHosts(kh).build()).listener(rec).build().run();
        assertEquals(4, r.exitCode(), r.recap().toString());
        String msg = String.valueOf(rec.unreachable.get("rig1").result().get("msg"));
        System.out.println("[faults] changed host key: " + msg);
        assertTrue(msg.contains("rig1") && msg.contains(rigs.rig("rig1").address()), msg);
        assertTrue(msg.contains(kh.toAbsolutePath() + ":2"), msg);
        assertTrue(msg.contains("ssh-keygen -R"), msg);
        assertEquals(1, r.stats("rig3").changed());
        assertEquals("absent", RigShell.run(rigs, "rig1", "test -e /tmp/faults-hostkey && echo present || echo absent")
                .trim());
    }

    @Test
    void linkCutDuringALargeCopy_neverLeavesAPartialTarget(LabRigs rigs) throws Exception {
        lab = rigs;
        RigShell.run(rigs, "rig2", "rm -f /srv/.big.rigger-tmp*; mkdir -p /srv && echo old content > /srv/big");
        String before = RigShell.run(rigs, "rig2", "sha1sum /srv/big");
        Path big = tmp.resolve("big.bin");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            byte[] chunk = new byte[1 << 20];
            new java.util.Random(7).nextBytes(chunk);
            for (int i = 0; i < 200; i++) {
                f.write(chunk);
            }
        }
        Path pb = write("big.yml", """
                - hosts: rig2
                  gather_facts: false
                  tasks:
                    - name: big copy
                      copy: src=%s dest=/srv/big
                """.formatted(big));
        Recorder rec = new Recorder();
        Rigger rigger = Rigger.builder().inventory(rigs.inventory().toString()).playbook(pb).options(options().build())
                .listener(rec).build();
        // 100 Mbit/s towards rig2 (the host side of its link), so that the ~270 MB transfer takes ~20 s
        rigs.lab().slow("rig2", "100mbit");
        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(rigger::run);
        assertTrue(rec.startOf("big copy").await(60, TimeUnit.SECONDS));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                !RigShell.run(rigs, "rig2", "find /srv -maxdepth 1 -name '.big.rigger-tmp*' -size +1M").isBlank());
        String sizeAtCut = RigShell.run(rigs, "rig2", "du -b /srv/.big.rigger-tmp* | cut -f1").trim();
        rigs.lab().cut("rig2");
        rigs.lab().slow("rig2", "off");
        System.out.println("[faults] link cut with " + sizeAtCut + " of 209715200 bytes in the temp file");
        RunResult r = run.get(120, TimeUnit.SECONDS);
        assertEquals(4, r.exitCode(), r.recap().toString());
        assertInstanceOf(TaskOutcome.Unreachable.class, rec.unreachable.get("rig2"));
        rigs.lab().restore("rig2");
        // the rig's side of the lost session ends once the link is back; only then could it touch the file
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() ->
                RigShell.run(rigs, "rig2", "ps -eo args | grep -cx /bin/sh || true").trim().equals("0"));
        String after = RigShell.run(rigs, "rig2", "sha1sum /srv/big");
        String whole = RigShell.run(rigs, "rig2", "true") + sha1(big) + "  /srv/big\n";
        System.out.println("[faults] after the cut /srv/big is " + (after.equals(before) ? "the old file"
                : after.equals(whole) ? "the whole new file" : "neither: " + after));
        assertTrue(after.equals(before) || after.equals(whole), "never a partial file: " + after);
        String left = RigShell.run(rigs, "rig2", "ls -a /srv | grep rigger-tmp || true").trim();
        System.out.println("[faults] temp files left beside the target after the cut: "
                + (left.isEmpty() ? "none" : left));
        assertFalse(RigShell.run(rigs, "rig2", "cat /srv/big").isBlank());
        // the next write of the same target removes what the cut left
        RunResult again = Rigger.builder().inventory(rigs.inventory().toString()).playbook(pb)
                .options(options().build()).build().run();
        assertEquals(0, again.exitCode(), again.recap().toString());
        assertEquals("", RigShell.run(rigs, "rig2", "ls -a /srv | grep rigger-tmp || true").trim(),
                "a temp file is left beside the target after the next run");
        assertEquals(sha1(big) + "  /srv/big\n", RigShell.run(rigs, "rig2", "sha1sum /srv/big"));
    }
}
