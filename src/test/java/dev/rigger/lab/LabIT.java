package dev.rigger.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** The lab gives real rigs: own hostnames and filesystems, systemd, apt through the mirror, faults, clean down. */
@ExtendWith(LabExtension.class)
@LabSetup(rigs = 2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabIT {
    private static final Duration SSH_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(3);

    /** What a command on a rig printed on stdout (trimmed) and how it exited; stderr is kept for messages. */
    record Result(int exit, String out, String err) {
        boolean is(int expectedExit, String expectedOut) {
            return exit == expectedExit && out.equals(expectedOut);
        }

        @Override
        public String toString() {
            return "exit " + exit + ", stdout [" + out + "], stderr [" + err + "]";
        }
    }

    static Result ssh(LabRigs lab, String rig, String command, Duration timeout) throws IOException, InterruptedException {
        Path err = Files.createTempFile("lab-it-ssh", ".err");
        try {
            Process p = new ProcessBuilder(lab.sshCommand(lab.rig(rig), command)).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            CompletableFuture<byte[]> out = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (var in = p.getInputStream()) {
                    out.complete(in.readAllBytes());
                } catch (IOException e) {
                    out.completeExceptionally(e);
                }
            });
            reader.setDaemon(true);
            reader.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "", "timed out after " + timeout + "; " + Files.readString(err));
            }
            String stdout = new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8).trim();
            return new Result(p.exitValue(), stdout, Files.readString(err).trim());
        } catch (ExecutionException | TimeoutException e) {
            return new Result(-1, "", "stdout unreadable: " + e);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    static void assertResult(int exit, String out, Result actual, String what) {
        assertTrue(actual.is(exit, out), what + ": expected exit " + exit + " and [" + out + "], got " + actual);
    }

    @Test
    @Order(1)
    void eachRig_answersSshWithItsOwnHostname(LabRigs lab) throws Exception {
        for (String rig : lab.hosts()) {
            Result r = ssh(lab, rig, "hostname", SSH_TIMEOUT);
            assertResult(0, rig, r, "ssh root@" + lab.rig(rig).address() + " hostname");
        }
    }

    @Test
    @Order(2)
    void fileWrittenOnOneRig_isAbsentOnAnother(LabRigs lab) throws Exception {
        String marker = "/root/lab-it-" + System.nanoTime();
        assertResult(0, "here", ssh(lab, "rig1", "echo here > " + marker + " && cat " + marker, SSH_TIMEOUT), "write on rig1");
        assertResult(0, "here", ssh(lab, "rig1", "cat " + marker, SSH_TIMEOUT), "rig1 reads its own file");
        Result other = ssh(lab, "rig2", "test -e " + marker + " && echo present || echo absent", SSH_TIMEOUT);
        assertResult(0, "absent", other, "rig2 does not see rig1's file");
    }

    @Test
    @Order(3)
    void fullRig_systemIsRunningUnderSystemd(LabRigs lab) throws Exception {
        // a fresh rig: other test classes share the lab's rigs and may leave units of their own behind
        lab.lab().reset("rig1");
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> ssh(lab, "rig1", "true", SSH_TIMEOUT).exit() == 0);
        Result r = ssh(lab, "rig1", "systemctl is-system-running --wait; systemctl is-active ssh dbus; "
                + "systemctl --failed --no-legend --plain", Duration.ofSeconds(90));
        List<String> lines = r.out().lines().toList();
        assertTrue(List.of("running", "degraded").contains(lines.get(0)), "is-system-running said: " + r.out());
        assertEquals("running", lines.get(0), "systemd state (degraded means a unit failed): " + r.out());
        assertEquals(List.of("active", "active"), lines.subList(1, lines.size()), r.out());
    }

    @Test
    @Order(4)
    void aptInstallsTmuxThroughTheLabMirror(LabRigs lab) throws Exception {
        Result sources = ssh(lab, "rig2", "cat /etc/apt/sources.list.d/*.list; ls /etc/apt/sources.list 2>&1", SSH_TIMEOUT);
        String port = lab.mirrorUrl().substring(lab.mirrorUrl().lastIndexOf(':') + 1);
        assertTrue(sources.out().startsWith("deb [trusted=yes] http://lab-mirror:" + port + "/ ./"), sources.out());
        String host = lab.mirrorUrl().replaceAll("^http://([^:/]+).*$", "$1");
        assertEquals(host + " lab-mirror", ssh(lab, "rig2", "getent hosts lab-mirror | tr -s ' '", SSH_TIMEOUT)
                .out().trim(), "lab-mirror is this lab's bridge address");
        Result r = ssh(lab, "rig2", "export DEBIAN_FRONTEND=noninteractive; apt-get update -q >/dev/null"
                + " && apt-get install -y -q tmux >/dev/null && tmux -V", APT_TIMEOUT);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("tmux 3."), r.out());
    }

    @Test
    @Order(5)
    void nvidiaStandIns_installFromTheLabRepoAndReportTwoGpus(LabRigs lab) throws Exception {
        Result r = ssh(lab, "rig2", "export DEBIAN_FRONTEND=noninteractive;"
                + " echo 'deb [trusted=yes] " + lab.mirrorUrl() + "/nvidia/ ./' > /etc/apt/sources.list.d/nv.list"
                + " && apt-get update -q >/dev/null && apt-get install -y -q nvidia-driver-550 cuda-toolkit-12-6=12.6.3-1"
                + " cudnn9-cuda-12 >/dev/null && nvidia-smi --query-gpu=index,name --format=csv,noheader"
                + " && /usr/local/cuda/bin/nvcc --version | grep release"
                + " && apt-cache show nvidia-driver-550 | grep '^Description:'", APT_TIMEOUT);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("0, NVIDIA A100-SXM4-80GB", "1, NVIDIA A100-SXM4-80GB",
                "Cuda compilation tools, release 12.6, V12.6.77",
                "Description: LAB STAND-IN: NVIDIA driver metapackage, branch 550 (nvidia-smi with two pretend GPUs)"),
                r.out().lines().toList());
    }

    @Test
    @Order(6)
    void cutRig_isUnreachableUntilRestored(LabRigs lab) throws Exception {
        lab.lab().cut("rig2");
        try {
            Result cut = ssh(lab, "rig2", "hostname", SSH_TIMEOUT);
            assertNotEquals(0, cut.exit(), "rig2 answered while cut: " + cut.out());
            assertResult(0, "rig1", ssh(lab, "rig1", "hostname", SSH_TIMEOUT), "rig1 is not cut");
        } finally {
            lab.lab().restore("rig2");
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> ssh(lab, "rig2", "hostname", SSH_TIMEOUT).is(0, "rig2"));
    }

    @Test
    @Order(7)
    void killedRig_startsAgainWithItsFiles(LabRigs lab) throws Exception {
        assertEquals(0, ssh(lab, "rig2", "echo kept > /root/survives", SSH_TIMEOUT).exit());
        lab.lab().kill("rig2");
        assertEquals("stopped", state(lab, "rig2"));
        assertNotEquals(0, ssh(lab, "rig2", "true", SSH_TIMEOUT).exit());
        lab.lab().start("rig2");
        assertResult(0, "kept", ssh(lab, "rig2", "cat /root/survives", SSH_TIMEOUT), "rig2 kept its files");
    }

    @Test
    @Order(8)
    void inventory_listsEachRigWithAddressUserAndKey(LabRigs lab) throws Exception {
        String inv = Files.readString(lab.inventory());
        assertTrue(inv.contains("    rigs:\n      hosts:\n"), inv);
        assertTrue(inv.contains("lab_mirror_url: " + lab.mirrorUrl() + "\n"), inv);
        for (LabRig rig : lab.rigs()) {
            assertTrue(inv.contains("        " + rig.name() + ":\n          ansible_host: " + rig.address()
                    + "\n          ansible_user: root\n          ansible_ssh_private_key_file: " + lab.key() + "\n"), inv);
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void down_leavesNoNamespaceBridgeMountOrProcess(LabRigs lab) throws Exception {
        Path state = lab.stateDir();
        lab.lab().down();
        String id = System.getenv().getOrDefault("RIGGER_LAB_ID", "0");
        String prefix = id.equals("0") ? "rig" : "l" + id + "rig";
        assertEquals("", run("ip", "netns", "list").lines().filter(l -> l.startsWith(prefix)).reduce("",
                String::concat));
        assertNotEquals(0, exit("ip", "link", "show", "labbr" + id), "labbr" + id + " still exists");
        String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
        assertFalse(mounts.contains(state.toString()), "mounts left under " + state);
        assertFalse(Files.exists(state), state + " still exists");
        assertEquals(List.of(), labProcesses(state));
    }

    private static String state(LabRigs lab, String rig) {
        return lab.lab().status().rigs().stream().filter(r -> r.name().equals(rig)).findFirst().orElseThrow().state();
    }

    /** Live (non-zombie) processes that belong to the lab: rigs, their sshd, the mirror server. */
    private static List<String> labProcesses(Path state) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).map(p -> {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    String id = System.getenv().getOrDefault("RIGGER_LAB_ID", "0");
                    String root;
                    try {
                        root = Files.readSymbolicLink(p.resolve("root")).toString();
                    } catch (IOException e) {
                        root = "";
                    }
                    // this lab's processes only: other labs (other RIGGER_LAB_IDs) may be running beside it
                    boolean ours = cmd.contains(state.toString()) || root.startsWith(state.toString())
                            || cmd.contains("http.server --bind 10.77." + id + ".1 ");
                    return ours ? p.getFileName() + " " + cmd : null;
                } catch (IOException e) {
                    return null; // gone meanwhile
                }
            }).filter(s -> s != null).toList();
        }
    }

    private static String run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", argv) + " hung");
        return out;
    }

    private static int exit(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", argv) + " hung");
        return p.exitValue();
    }
}
