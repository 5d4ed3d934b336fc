package dev.rigger.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands on the controller itself ({@code ansible_connection: local}) through /bin/sh. become uses sudo
 * unless the requested user is the current one.
 */
public final class LocalConnection implements Connection {
    /** Most bytes kept of one stream of one command; the rest is counted and dropped. */
    public static final int MAX_OUTPUT = 8 * 1024 * 1024;
    private final String host;

    public LocalConnection(String host) {
        this.host = host;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public ExecResult exec(Command command) throws IOException {
        long start = System.nanoTime();
        List<String> argv = new ArrayList<>();
        String script = command.script();
        Become b = command.become();
        byte[] stdin = command.stdin();
        boolean sudo = b != null && !b.user().equals(System.getProperty("user.name"));
        if (sudo) {
            argv.addAll(List.of("sudo", "-H", "-S", "-p", "", "-u", b.user(), "/bin/sh", "-c", script));
            if (b.password() != null) {
                byte[] pw = (b.password() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                byte[] rest = stdin == null ? new byte[0] : stdin;
                byte[] all = new byte[pw.length + rest.length];
                System.arraycopy(pw, 0, all, 0, pw.length);
                System.arraycopy(rest, 0, all, pw.length, rest.length);
                stdin = all;
            } else {
                argv.add(1, "-n");
            }
        } else {
            argv.addAll(List.of("/bin/sh", "-c", script));
        }
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(command.env());
        Process p = pb.start();
        Pump out = new Pump(p.getInputStream());
        Pump err = new Pump(p.getErrorStream());
        out.start();
        err.start();
        try (OutputStream os = p.getOutputStream()) {
            if (stdin != null) {
                os.write(stdin);
            }
        } catch (IOException ignored) {
            // the command did not read its input
        }
        int rc;
        try {
            if (!p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(p);
                p.waitFor(5, TimeUnit.SECONDS);
                rc = ExecResult.RC_TIMEOUT;
            } else {
                rc = p.exitValue();
            }
            out.join(5000);
            err.join(5000);
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
        return new ExecResult(rc, out.bytes(), err.bytes(), out.truncated || err.truncated,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Ends the command and everything under it: the shell first, so that it cannot go on to its next command once
     * the one it waits for is killed, then what it had started.
     */
    private static void killTree(Process p) {
        List<ProcessHandle> under = p.descendants().toList();
        p.destroyForcibly();
        under.forEach(ProcessHandle::destroyForcibly);
    }

    /** java.nio on this machine when the task runs as the current user (no sudo). */
    @Override
    public FileAccess files(Become become) {
        return become == null || become.user().equals(System.getProperty("user.name")) ? new LocalFiles() : null;
    }

    @Override
    public void writeFileAtomic(String path, byte[] content, String mode, Become become) throws IOException {
        String script = AtomicWrite.script(path, mode);
        ExecResult r = exec(Command.of(script).withStdin(content).withBecome(become));
        if (r.rc() != 0) {
            throw new IOException("cannot write " + path + ": " + r.stderr().trim());
        }
    }

    @Override
    public byte[] readFile(String path, long maxBytes, Become become) throws IOException {
        if (become == null) {
            Path p = Path.of(path);
            if (!Files.isRegularFile(p)) {
                return null;
            }
            return Files.readAllBytes(p);
        }
        ExecResult r = exec(Command.of("test -f " + Shell.quote(path) + " || exit 3; head -c " + maxBytes + " "
                + Shell.quote(path)).withBecome(become));
        if (r.rc() == 3) {
            return null;
        }
        if (r.rc() != 0) {
            throw new IOException("cannot read " + path + ": " + r.stderr().trim());
        }
        return r.stdoutBytes();
    }

    @Override
    public void close() {
        // nothing held
    }

    private static final class Pump extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private volatile boolean truncated;

        Pump(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] b = new byte[65536];
            try {
                int n;
                while ((n = in.read(b)) > 0) {
                    int keep = Math.min(n, MAX_OUTPUT - buf.size());
                    if (keep > 0) {
                        buf.write(b, 0, keep);
                    }
                    if (keep < n) {
                        truncated = true;
                    }
                }
            } catch (IOException ignored) {
                // stream closed
            }
        }

        synchronized byte[] bytes() {
            return buf.toByteArray();
        }
    }
}
