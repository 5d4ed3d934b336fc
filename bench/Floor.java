import dev.rigger.connection.Command;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.ShellMode;
import dev.rigger.connection.SshConnection;
import dev.rigger.connection.SshSettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The floor for bench/run.sh: one bare command round trip on an already open SSH connection.
 * Runs {@code true} N times on rigger's persistent shell and N times on a new exec channel each, after a
 * warm-up, and prints the median and mean per command in milliseconds as {@code floor MODE median mean}. Then,
 * on the persistent shell, one {@code stat} of two files: a round trip that starts one process on the rig, as
 * every inspection of a file task does (line {@code floor persistent_shell_stat median mean}).
 *
 * <pre>java -cp target/rigger.jar bench/Floor.java ADDRESS KEY KNOWN_HOSTS [N]</pre>
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
                }
            }
        }
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
