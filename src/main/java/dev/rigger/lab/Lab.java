package dev.rigger.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Drives {@code lab/lab.sh}: real rigs (OpenSSH, apt, systemd) in network namespaces on this machine.
 *
 * <p>The script is found by {@link #locate()}: the system property {@code rigger.home}, the environment
 * variable {@code RIGGER_HOME}, then the first {@code lab/lab.sh} in the working directory or one of its
 * parents, then next to (or above) the jar or classes folder this class was loaded from. The lab's cache
 * and state live outside the clone (see lab/README.md). Every call needs root on Linux and has a timeout.
 * Progress lines the script writes to stderr go to the log consumer; this class never prints.
 */
public final class Lab {
    /** Property naming the rigger checkout or installation that holds {@code lab/lab.sh}. */
    public static final String HOME_PROPERTY = "rigger.home";

    private static final Duration UP_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    private final Path script;
    private final Consumer<String> log;

    public Lab(Path script, Consumer<String> log) {
        this.script = Objects.requireNonNull(script, "script");
        this.log = Objects.requireNonNull(log, "log");
        if (!Files.isRegularFile(script)) {
            throw new LabException("lab script not found at " + script + "; pass -D" + HOME_PROPERTY
                    + "=<rigger checkout> or run from inside the checkout");
        }
    }

    /** A lab whose script is found by {@link #locate()}, discarding progress lines. */
    public static Lab create() {
        return new Lab(locate(), line -> { });
    }

    /** A lab whose script is found by {@link #locate()}, sending progress lines to {@code log}. */
    public static Lab create(Consumer<String> log) {
        return new Lab(locate(), log);
    }

    public Path script() {
        return script;
    }

    /** Finds {@code lab/lab.sh}; see the class comment for the order. */
    public static Path locate() {
        List<String> tried = new ArrayList<>();
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null || home.isBlank()) {
            home = System.getenv("RIGGER_HOME");
        }
        if (home != null && !home.isBlank()) {
            Path p = Path.of(home).resolve("lab/lab.sh");
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath();
            }
            tried.add(p.toString());
        }
        Optional<Path> up = walkUp(Path.of("").toAbsolutePath(), tried);
        if (up.isPresent()) {
            return up.get();
        }
        try {
            var source = Lab.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                up = walkUp(Path.of(source.getLocation().toURI()).toAbsolutePath(), tried);
                if (up.isPresent()) {
                    return up.get();
                }
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            tried.add("code source (" + e.getMessage() + ")");
        }
        throw new LabException("cannot find lab/lab.sh (looked at " + String.join(", ", tried)
                + "); set -D" + HOME_PROPERTY + "=<rigger checkout> or the RIGGER_HOME environment variable");
    }

    private static Optional<Path> walkUp(Path start, List<String> tried) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("lab/lab.sh");
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        tried.add(start + " and its parents");
        return Optional.empty();
    }

    /** Starts (or keeps) {@code rigs} rigs, full (systemd) or light (sshd alone); returns the inventory path. */
    public Path up(int rigs, boolean light) {
        if (rigs < 1) {
            throw new LabException("the number of rigs must be at least 1, not " + rigs + " (use --rigs N with N >= 1)");
        }
        List<String> args = new ArrayList<>(List.of("up", "--rigs", Integer.toString(rigs)));
        if (light) {
            args.add("--light");
        }
        String out = run(UP_TIMEOUT, args).trim();
        String[] lines = out.split("\n");
        return Path.of(lines[lines.length - 1].trim());
    }

    /** Stops everything: no rig process, namespace, mount, bridge or mirror server is left. */
    public void down() {
        run(COMMAND_TIMEOUT, List.of("down"));
    }

    public LabStatus status() {
        return LabStatus.parse(run(COMMAND_TIMEOUT, List.of("status")));
    }

    /** Gives {@code rig} a fresh filesystem and restarts it. */
    public void reset(String rig) {
        run(COMMAND_TIMEOUT, List.of("reset", rig));
    }

    /** Gives every rig a fresh filesystem and restarts it. */
    public void resetAll() {
        run(COMMAND_TIMEOUT, List.of("reset"));
    }

    /** Takes the rig's link down: it stops answering ("unreachable"). */
    public void cut(String rig) {
        run(COMMAND_TIMEOUT, List.of("cut", rig));
    }

    /** Brings the rig's link back up. */
    public void restore(String rig) {
        run(COMMAND_TIMEOUT, List.of("restore", rig));
    }

    /**
     * Throttles traffic towards the rig to {@code rate} (tc syntax, e.g. {@code 100mbit}); {@code off} undoes it.
     */
    public void slow(String rig, String rate) {
        run(COMMAND_TIMEOUT, List.of("slow", rig, rate));
    }

    /** Kills every process of the rig ("crashed"); its filesystem is kept. */
    public void kill(String rig) {
        run(COMMAND_TIMEOUT, List.of("kill", rig));
    }

    /** Starts a killed rig again on the filesystem it had. */
    public void start(String rig) {
        run(COMMAND_TIMEOUT, List.of("start", rig));
    }

    /** Where {@code up} writes the Ansible YAML inventory of the rigs. */
    public Path inventoryPath() {
        return Path.of(run(COMMAND_TIMEOUT, List.of("inventory")).trim());
    }

    /** The lab's private key (ed25519) that every rig's root accepts. */
    public Path keyPath() {
        return Path.of(run(COMMAND_TIMEOUT, List.of("key")).trim());
    }

    private String run(Duration timeout, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(script.toString());
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(devNull())).start();
        } catch (IOException e) {
            throw new LabException("cannot run " + script + ": " + e.getMessage(), e);
        }
        // Own threads, not the common pool: on a 2-core machine it has one worker, and both pipes must drain.
        CompletableFuture<String> stdout = new CompletableFuture<>();
        CompletableFuture<Void> stderr = new CompletableFuture<>();
        List<String> errLines = new ArrayList<>();
        daemon("lab-stdout", () -> stdout.complete(readAll(process.getInputStream())));
        daemon("lab-stderr", () -> {
            readLines(process.getErrorStream(), line -> {
                synchronized (errLines) {
                    errLines.add(line);
                }
                log.accept(line);
            });
            stderr.complete(null);
        });
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new LabException("lab.sh " + String.join(" ", args) + " did not finish within " + timeout
                        + "; run '" + script + " status' to see the rigs, '" + script + " down' to clean up");
            }
            String out = stdout.get(30, TimeUnit.SECONDS);
            stderr.get(30, TimeUnit.SECONDS);
            if (process.exitValue() != 0) {
                String why;
                synchronized (errLines) {
                    why = errLines.stream().filter(l -> l.contains("error:")).reduce((a, b) -> b)
                            .orElse(errLines.isEmpty() ? "no message" : errLines.get(errLines.size() - 1));
                }
                throw new LabException("lab.sh " + String.join(" ", args) + " failed (exit " + process.exitValue()
                        + "): " + why);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new LabException("interrupted while running lab.sh " + String.join(" ", args), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new LabException("could not read the output of lab.sh " + String.join(" ", args) + ": " + e, e);
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    private static java.io.File devNull() {
        return new java.io.File("/dev/null");
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void readLines(InputStream in, Consumer<String> sink) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                sink.accept(line);
            }
        } catch (IOException e) {
            sink.accept("lab: (stderr unreadable: " + e.getMessage() + ")");
        }
    }
}
