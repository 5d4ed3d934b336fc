import dev.rigger.engine.Rigger;
import dev.rigger.api.RunListener;
import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import dev.rigger.connection.Command;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.ShellMode;
import dev.rigger.connection.SshConnection;
import dev.rigger.connection.SshSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The floor for bench/run.sh: one bare command round trip on an already open SSH connection.
 * Runs {@code true} N times on rigger's persistent shell and N times on a new exec channel each, after a
 * warm-up, and prints the median and mean per command in milliseconds as {@code floor MODE median mean}. Then,
 * on the persistent shell, one {@code stat} of two files: a round trip that starts one process on the rig, as
 * every inspection of a file task did before SFTP inspection (line {@code floor persistent_shell_stat median mean}).
 *
 * <p>Given an inventory and a playbook, it then measures rigger's own cost per task: it runs the playbook on
 * {@code rig1} through the library, 2 warm-up runs then {@code RUNS} timed ones, and takes the interval between
 * consecutive task results on the host (everything a task costs: templating, the module's round trips, events),
 * not counting JVM start-up, parsing and the SSH handshake (line {@code floor rigger_task median mean}).
 *
 * <pre>java -cp target/rigger.jar bench/Floor.java ADDRESS KEY KNOWN_HOSTS [N [INVENTORY PLAYBOOK [RUNS]]]</pre>
 */
public final class Floor {
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Floor ADDRESS KEY KNOWN_HOSTS [N]");
            System.exit(2);
        }
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        String stat = "stat --printf='%F %a %u %g %s %Y\\n' -- /etc/hostname /etc/hosts >/dev/null";
        for (ShellMode mode : ShellMode.values()) {
            SshSettings s = SshSettings.of("floor").withAddress(args[0], 22).withUser("root")
                    .withPrivateKeys(List.of(Path.of(args[1]))).withKnownHosts(Path.of(args[2]))
                    .withShellMode(mode);
            try (SshConnection c = SshConnection.open(s)) {
                time(c, Command.of("true"), n, mode == ShellMode.PERSISTENT ? "persistent_shell" : "exec_channel");
                if (mode == ShellMode.PERSISTENT) {
                    time(c, Command.of(stat), n, "persistent_shell_stat");
                    sftpStat(c, n);
                }
            }
        }
        if (args.length >= 6) {
            perTask(args[4], Path.of(args[5]), Path.of(args[2]), args.length > 6 ? Integer.parseInt(args[6]) : 5);
        }
    }

    /** One SFTP stat of a file: how a file task inspects when it runs as the login user (no process). */
    private static void sftpStat(SshConnection c, int n) throws Exception {
        var fa = c.files(null);
        if (fa == null) {
            return;
        }
        for (int i = 0; i < Math.max(20, n / 10); i++) {
            fa.stat("/etc/hostname", false);
        }
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            fa.stat("/etc/hostname", false);
            t[i] = System.nanoTime() - start;
        }
        Arrays.sort(t);
        System.out.printf("floor sftp_stat %.3f %.3f%n", t[n / 2] / 1e6, Arrays.stream(t).average().orElse(0) / 1e6);
    }

    private static void perTask(String inventory, Path playbook, Path knownHosts, int runs) {
        List<Long> intervals = new ArrayList<>();
        for (int run = -2; run < runs; run++) {
            List<Long> at = new ArrayList<>();
            RunListener l = new RunListener() {
                @Override
                public void taskResult(TaskInfo task, TaskOutcome outcome) {
                    if (outcome.host().equals("rig1")) {
                        at.add(System.nanoTime());
                    }
                }
            };
            RunResult r = Rigger.builder().inventory(inventory).playbook(playbook).listener(l)
                    .options(RunOptions.builder().limit("rig1").knownHosts(knownHosts).build()).build().run();
            if (r.exitCode() != 0 || r.stats("rig1").changed() != 0) {
                throw new IllegalStateException("the per-task run must be a converged re-run: " + r.recap());
            }
            for (int i = 1; run >= 0 && i < at.size(); i++) {
                intervals.add(at.get(i) - at.get(i - 1));
            }
        }
        long[] t = intervals.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("floor rigger_task %.3f %.3f%n", t[t.length / 2] / 1e6,
                Arrays.stream(t).average().orElse(0) / 1e6);
    }

    private static void time(SshConnection c, Command cmd, int n, String name) throws Exception {
        for (int i = 0; i < Math.max(20, n / 10); i++) {
            check(c.exec(cmd));
        }
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            check(c.exec(cmd));
            t[i] = System.nanoTime() - start;
        }
        Arrays.sort(t);
        double median = t[n / 2] / 1e6;
        double mean = Arrays.stream(t).average().orElse(0) / 1e6;
        System.out.printf("floor %s %.3f %.3f%n", name, median, mean);
    }

    private static void check(ExecResult r) {
        if (r.rc() != 0) {
            throw new IllegalStateException("the command returned " + r.rc() + ": " + r.stderr());
        }
    }
}
