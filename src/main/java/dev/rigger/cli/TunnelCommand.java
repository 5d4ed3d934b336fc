package dev.rigger.cli;

import dev.rigger.RiggerException;
import dev.rigger.connection.UnreachableException;
import dev.rigger.tunnel.JupyterTunnel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** {@code rigger tunnel RIG [--user U]}: a local port forward to a rig user's Jupyter until Ctrl-C. */
@Command(name = "tunnel", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Forward a local port to a rig user's Jupyter (which listens on the rig's 127.0.0.1 only) "
                + "over SSH, print the local URL, and keep the tunnel open until Ctrl-C. The port comes from the "
                + "user's jupyter_port in rig_users; the login from the inventory, like rigger play.",
        footer = {"", "Exit codes: 0 closed with Ctrl-C; 1 error (inventory, user, local port); 4 rig unreachable or "
                + "the link lost; 5 bad option value.", "",
                "Examples:",
                "  rigger tunnel rig01 -i inventory/example.yml                 # the first user of rig_users",
                "  rigger tunnel rig01 -i inventory/example.yml --user bob --local-port 9000",
                "  rigger tunnel rig01 -i inventory/example.yml --user bob --login bob --private-key ~/.ssh/id_ed25519"})
public final class TunnelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RIG", description = "the rig, as the inventory names it")
    String rig;

    @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY",
            description = "inventory file, folder, or comma list of hosts (repeatable)")
    List<String> inventory = new ArrayList<>();

    @Option(names = "--user", paramLabel = "USER", description = "whose Jupyter (default: the first of rig_users)")
    String user;

    @Option(names = "--local-port", paramLabel = "N",
            description = "local port (default: the user's Jupyter port if free, else any free port; 0: any free)")
    Integer localPort;

    @Option(names = "--login", paramLabel = "USER", description = "log in to the rig as USER (default: ansible_user)")
    String login;

    @Option(names = {"--private-key", "--key-file"}, paramLabel = "FILE", description = "SSH private key")
    Path privateKey;

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "known_hosts file (default ~/.ssh/known_hosts)")
    Path knownHosts;

    @Option(names = {"-T", "--timeout"}, paramLabel = "SECONDS", description = "connect timeout (default 10)")
    Integer timeout;

    @Override
    public Integer call() {
        PrintStream out = CliStreams.of(spec.commandLine().getOut());
        PrintStream err = CliStreams.of(spec.commandLine().getErr());
        try {
            return tunnel(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int tunnel(PrintStream out, PrintStream err) {
        if (localPort != null && (localPort < 0 || localPort > 65535)) {
            err.println("ERROR! argument --local-port: " + localPort + " is not a TCP port (0..65535; 0: any free)");
            return 5;
        }
        if (timeout != null && timeout < 1) {
            err.println("ERROR! argument -T/--timeout: the timeout must be at least 1 second");
            return 5;
        }
        JupyterTunnel.Request request = JupyterTunnel.Request.of(inventory, rig).withUser(user)
                .withLocalPort(localPort).withLogin(login, privateKey).withKnownHosts(knownHosts)
                .withConnectTimeout(timeout == null ? null : Duration.ofSeconds(timeout));
        JupyterTunnel t;
        try {
            t = JupyterTunnel.open(request);
        } catch (RiggerException e) {
            err.println("ERROR! " + e.describe());
            return 1;
        } catch (UnreachableException e) {
            err.println("ERROR! " + e.getMessage());
            return 4;
        } catch (IOException | IllegalArgumentException e) {
            err.println("ERROR! " + e.getMessage());
            return 1;
        }
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            interrupted.set(true);
            t.close();
        }, "rigger-tunnel-close");
        Runtime.getRuntime().addShutdownHook(closer);
        // Ctrl-C closes the tunnel and the command returns 0 (without this the JVM would exit with 130)
        Signal sigint = new Signal("INT");
        SignalHandler previous = null;
        try {
            previous = Signal.handle(sigint, sig -> {
                interrupted.set(true);
                t.close();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // the shutdown hook still closes the tunnel
        }
        try (t) {
            JupyterTunnel.Target target = t.target();
            out.println(target.user() + "'s Jupyter on " + target.rig() + " (port " + target.port() + " there): "
                    + t.url());
            if (target.tls()) {
                out.println("The certificate is the rig's self-signed one: let the browser accept it once.");
            }
            out.println("Tunnel open (Ctrl-C to close).");
            out.flush();
            while (!t.tunnel().awaitEnd(Duration.ofSeconds(5))) {
                // open until Ctrl-C (the shutdown hook closes it) or until the link to the rig is lost
            }
            if (interrupted.get()) {
                return 0;
            }
            IOException why = t.tunnel().failure();
            err.println("ERROR! the tunnel to " + target.rig() + " ended: "
                    + (why != null ? why.getMessage() : "the SSH link was lost"));
            return 4;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            if (previous != null) {
                Signal.handle(sigint, previous);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(closer);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs now
            }
        }
    }
}
