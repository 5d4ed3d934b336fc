package dev.rigger.connection;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * One {@code /bin/sh} (optionally under sudo) on one SSH session channel, fed commands on its stdin.
 *
 * <p>Framing: each command is sent as one line
 * {@code [base64 -d <<'TAG' |] ( export K=V; eval 'SCRIPT' ) [</dev/null]; printf 'MARKSEQ:%d\n' "$?"; printf 'MARKSEQ:0\n' >&2}
 * followed, when the command has stdin, by its bytes in base64 and the heredoc end tag. The script runs in a
 * subshell through {@code eval} of a single-quoted word, so whatever it contains (syntax errors, unbalanced
 * quotes, {@code exit}, {@code cd}) cannot desynchronise or alter the long-lived shell. Output of the command
 * flows unchanged up to the random per-shell marker, on stdout and on stderr separately.
 */
final class ShellChannel implements AutoCloseable {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Duration STDERR_GRACE = Duration.ofSeconds(5);

    private final String host;
    private final Session session;
    private final Session.Command command;
    private final OutputStream stdin;
    private final FrameReader out;
    private final FrameReader err;
    private final String marker;
    private long seq;

    private ShellChannel(String host, Session session, Session.Command command, String marker, int limit) {
        this.host = host;
        this.session = session;
        this.command = command;
        this.stdin = command.getOutputStream();
        this.marker = marker;
        this.out = new FrameReader(command.getInputStream(), marker, limit);
        this.err = new FrameReader(command.getErrorStream(), marker, limit);
        start(out, "out");
        start(err, "err");
    }

    private void start(FrameReader r, String what) {
        Thread t = new Thread(r, "rigger-ssh-" + host + "-" + what);
        t.setDaemon(true);
        t.start();
    }

    /**
     * Starts a shell as the login user ({@code sudoUser} null) or through sudo as {@code sudoUser}, answering
     * sudo's password prompt with {@code password} (never sent before sudo asks for it).
     */
    static ShellChannel open(SSHClient client, String host, String sudoUser, String password, Duration handshake,
                             int limit, SecureRandom random) throws IOException {
        byte[] r = new byte[12];
        random.nextBytes(r);
        String marker = "#RGR" + HexFormat.of().formatHex(r) + "#";
        String inner = "printf '" + marker + "0:%d\\n' $$; printf '" + marker + "0:0\\n' >&2; exec /bin/sh";
        String prompt = null;
        String line;
        if (sudoUser == null) {
            line = "exec /bin/sh -c " + Shell.quote(inner);
        } else {
            prompt = "[sudo via rigger, key=" + HexFormat.of().formatHex(r, 0, 6) + "] password:";
            line = "exec sudo -H -S " + (password == null ? "-n " : "") + "-p " + Shell.quote(prompt) + " -u "
                    + Shell.quote(sudoUser) + " /bin/sh -c " + Shell.quote(inner);
        }
        Session session;
        try {
            session = client.startSession();
        } catch (IllegalStateException e) {
            // sshj says "Not connected" once the transport has died (the rig was lost between two commands)
            throw new IOException("the SSH connection is closed (" + e.getMessage() + ")", e);
        }
        ShellChannel sh;
        try {
            sh = new ShellChannel(host, session, session.exec(line), marker, limit);
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
        if (sudoUser != null) {
            sh.sudoHandshake(sudoUser, prompt, password, handshake);
        }
        return sh;
    }

    private void sudoHandshake(String user, String prompt, String password, Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        boolean sent = false;
        try {
            while (true) {
                if (out.hasFrame(0)) {
                    return;
                }
                String errText = err.pendingText();
                int prompts = count(errText, prompt);
                if (prompts >= 2) {
                    throw new BecomeException("incorrect sudo password for become user '" + user + "' on " + host
                            + ": check ansible_become_password / --ask-become-pass");
                }
                if (prompts == 1 && !sent) {
                    stdin.write((password + "\n").getBytes(StandardCharsets.UTF_8));
                    stdin.flush();
                    sent = true;
                }
                if (out.ended()) {
                    err.awaitEnd(2000); // sudo's message may still be on its way on the other stream
                    String msg = err.pendingText().replace(prompt, "").trim();
                    if (msg.contains("a password is required")) {
                        throw new BecomeException("sudo on " + host + " needs a password to become '" + user
                                + "' (sudo said: " + msg + "): set ansible_become_password or use"
                                + " --ask-become-pass");
                    }
                    if (msg.contains("incorrect password") || msg.contains("Sorry, try again")) {
                        throw new BecomeException("incorrect sudo password for become user '" + user + "' on "
                                + host + ": check ansible_become_password / --ask-become-pass");
                    }
                    throw new BecomeException("could not become '" + user + "' with sudo on " + host + ": "
                            + (msg.isEmpty() ? "sudo ended without a message" : msg));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new BecomeException("sudo on " + host + " did not let us become '" + user + "' within "
                            + limit.toSeconds() + " s (last output: " + errText.replace(prompt, "").trim() + ")");
                }
                out.awaitChange(Math.min(20, left / 1_000_000));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    /** The outcome of one command: null frames mean the command ran past its timeout. */
    record Outcome(FrameReader.Frame out, FrameReader.Frame err, byte[] partialOut, byte[] partialErr) {
    }

    /** Sends one command and waits for its frames until {@code timeout}. */
    Outcome run(Command c, int stdoutLimit, int stderrLimit, Duration timeout) throws IOException {
        long s = ++seq;
        out.limit(stdoutLimit);
        err.limit(stderrLimit);
        String tag = "RGR_IN_" + s;
        StringBuilder b = new StringBuilder(c.script().length() + 200);
        if (c.stdin() != null) {
            b.append("base64 -d <<'").append(tag).append("' | ");
        }
        b.append("( ");
        for (Map.Entry<String, String> e : c.env().entrySet()) {
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("environment variable name " + Shell.quote(e.getKey())
                        + " is not valid in a shell: use letters, digits and _");
            }
            b.append("export ").append(e.getKey()).append('=').append(Shell.quote(e.getValue())).append("; ");
        }
        b.append("eval ").append(Shell.quote(c.script())).append(" )");
        if (c.stdin() == null) {
            b.append(" </dev/null");
        }
        b.append("; printf '").append(marker).append(s).append(":%d\\n' \"$?\"; printf '").append(marker).append(s)
                .append(":0\\n' >&2\n");
        stdin.write(b.toString().getBytes(StandardCharsets.UTF_8));
        if (c.stdin() != null) {
            OutputStream enc = java.util.Base64.getMimeEncoder(76, new byte[] {'\n'}).wrap(new FilterOutputStream(stdin) {
                @Override
                public void write(byte[] bytes, int off, int len) throws IOException {
                    stdin.write(bytes, off, len);
                }

                @Override
                public void close() {
                    // keep the channel open
                }
            });
            enc.write(c.stdin());
            enc.close();
            stdin.write(("\n" + tag + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        stdin.flush();
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
        FrameReader.Frame fo = out.await(s, deadline);
        if (fo == null) {
            return new Outcome(null, null, out.partial(), err.partial());
        }
        FrameReader.Frame fe = err.await(s, System.nanoTime() + STDERR_GRACE.toNanos());
        return new Outcome(fo, fe, null, null);
    }

    /** The shell's process id on the host (for ending a command that ran past its timeout). */
    long pid(Duration wait) throws IOException {
        long p = out.firstPid();
        if (p > 0) {
            return p;
        }
        FrameReader.Frame f = out.await(0, System.nanoTime() + wait.toNanos());
        return f == null ? -1 : f.rc();
    }

    /**
     * A script that stops, then kills, {@code pid} and all its descendants (reads /proc; needs awk), then lets the
     * parent go on: under become that parent is sudo, which stops itself when its command is stopped and would
     * stay stopped, holding the dead shell as a zombie and the SSH channel open (an orphaned sudo after Ctrl-C).
     */
    static String killTreeScript(long pid) {
        String desc = "cat /proc/[0-9]*/stat 2>/dev/null | awk -v root=" + pid + " '{ s=$0; sub(/.*\\) /, \"\", s);"
                + " split(s, a, \" \"); pp[$1]=a[2] } END { n=1; q[1]=root; for (i=1; i<=n; i++) { for (p in pp)"
                + " if (pp[p]==q[i]) { n++; q[n]=p } } for (i=1; i<=n; i++) printf \"%s \", q[i] }'";
        return "par=$(sed 's/.*) //' /proc/" + pid + "/stat 2>/dev/null | cut -d' ' -f2); p=$(" + desc + ");"
                + " kill -STOP $p 2>/dev/null; p=$(" + desc + "); kill -KILL $p 2>/dev/null;"
                + " [ -n \"$par\" ] && [ \"$par\" -gt 1 ] && kill -CONT \"$par\" 2>/dev/null; true";
    }

    boolean alive() {
        return session.isOpen() && !out.ended();
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException | RuntimeException ignored) {
            // the channel is going away anyway
        }
        try {
            command.close();
        } catch (IOException | RuntimeException ignored) {
            // already closed by the server
        }
        try {
            session.close();
        } catch (IOException | RuntimeException ignored) {
            // already closed
        }
    }
}
