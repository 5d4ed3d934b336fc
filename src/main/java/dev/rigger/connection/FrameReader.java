package dev.rigger.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Reads one output stream of a long-lived shell and cuts it into frames. Each command's output is followed by
 * {@code MARKER SEQ:RC\n}, where MARKER is random per shell; everything before it belongs to that command. The
 * marker is found anywhere in the stream (the output need not end with a newline), so output is binary safe.
 * Bytes beyond {@link #limit} per frame are counted but not kept.
 */
final class FrameReader implements Runnable {
    /** One command's share of the stream. {@code rc} is the exit code (on stdout) or 0 (on stderr). */
    record Frame(long seq, int rc, byte[] data, boolean truncated) {
    }

    private final InputStream in;
    private final byte[] marker;
    private final int[] fail;
    private final Object lock = new Object();
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private ByteArrayOutputStream cur = new ByteArrayOutputStream();
    private boolean curTruncated;
    private volatile int limit;
    private boolean eof;
    private IOException error;
    private long firstPid = -1;
    // parser state, used by the reader thread only
    private int matched;
    private boolean inTrailer;
    private final StringBuilder trailer = new StringBuilder();

    FrameReader(InputStream in, String marker, int limit) {
        this.in = in;
        this.marker = marker.getBytes(StandardCharsets.US_ASCII);
        this.limit = limit;
        this.fail = new int[this.marker.length];
        for (int i = 1, k = 0; i < this.marker.length; i++) {
            while (k > 0 && this.marker[i] != this.marker[k]) {
                k = fail[k - 1];
            }
            if (this.marker[i] == this.marker[k]) {
                k++;
            }
            fail[i] = k;
        }
    }

    /** Sets how many bytes of the next frames are kept. */
    void limit(int bytes) {
        this.limit = bytes;
    }

    @Override
    public void run() {
        byte[] buf = new byte[65536];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n > 0) {
                    feed(buf, n);
                }
            }
            finish(null);
        } catch (IOException e) {
            finish(e);
        } catch (RuntimeException e) {
            finish(new IOException(e.toString(), e));
        }
    }

    private void finish(IOException e) {
        synchronized (lock) {
            eof = true;
            error = e;
            lock.notifyAll();
        }
    }

    private void feed(byte[] b, int n) {
        synchronized (lock) {
            int i = 0;
            while (i < n) {
                if (inTrailer) {
                    byte c = b[i++];
                    if (c == '\n') {
                        endFrame();
                    } else if (trailer.length() < 64) {
                        trailer.append((char) c);
                    }
                    continue;
                }
                if (matched == 0) {
                    int j = i;
                    while (j < n && b[j] != marker[0]) {
                        j++;
                    }
                    append(b, i, j - i);
                    i = j;
                    if (i == n) {
                        break;
                    }
                }
                byte c = b[i++];
                while (matched > 0 && marker[matched] != c) {
                    int back = fail[matched - 1];
                    append(marker, 0, matched - back);
                    matched = back;
                }
                if (marker[matched] == c) {
                    matched++;
                    if (matched == marker.length) {
                        matched = 0;
                        inTrailer = true;
                        trailer.setLength(0);
                    }
                } else {
                    append(b, i - 1, 1);
                }
            }
            lock.notifyAll();
        }
    }

    private void append(byte[] b, int off, int len) {
        if (len <= 0) {
            return;
        }
        int keep = Math.max(0, Math.min(len, limit - cur.size()));
        cur.write(b, off, keep);
        if (keep < len) {
            curTruncated = true;
        }
    }

    private void endFrame() {
        inTrailer = false;
        String t = trailer.toString().trim();
        int colon = t.indexOf(':');
        long seq;
        int rc;
        try {
            seq = Long.parseLong(t.substring(0, colon));
            rc = Integer.parseInt(t.substring(colon + 1));
        } catch (RuntimeException e) {
            // not one of ours after all: keep the bytes as output
            append(marker, 0, marker.length);
            byte[] tb = (t + "\n").getBytes(StandardCharsets.ISO_8859_1);
            append(tb, 0, tb.length);
            return;
        }
        frames.add(new Frame(seq, rc, cur.toByteArray(), curTruncated));
        cur = new ByteArrayOutputStream();
        curTruncated = false;
    }

    /**
     * Waits for the frame {@code seq}, dropping older ones (output of commands that were given up on). Returns
     * null when the deadline passes.
     *
     * @throws IOException when the stream ended first (the cause tells whether the link broke)
     */
    Frame await(long seq, long deadlineNanos) throws IOException {
        synchronized (lock) {
            while (true) {
                while (!frames.isEmpty() && frames.peek().seq() < seq) {
                    Frame old = frames.poll();
                    if (old.seq() == 0 && firstPid < 0) {
                        firstPid = old.rc();
                    }
                }
                if (!frames.isEmpty() && frames.peek().seq() == seq) {
                    Frame f = frames.poll();
                    if (seq == 0) {
                        firstPid = f.rc();
                    }
                    return f;
                }
                if (eof) {
                    throw error != null ? error : new StreamEndedException();
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while waiting for command output");
                }
            }
        }
    }

    /** Waits until some data arrives, a frame is complete or the deadline passes (for hand-shakes). */
    void awaitChange(long millis) throws java.io.InterruptedIOException {
        synchronized (lock) {
            if (eof || !frames.isEmpty()) {
                return;
            }
            try {
                lock.wait(Math.max(1, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted");
            }
        }
    }

    /** Output of the frame now being read (for a command that timed out). */
    byte[] partial() {
        synchronized (lock) {
            return cur.toByteArray();
        }
    }

    /** Everything received and not yet taken, as text (for sudo's hand-shake: prompts, error messages). */
    String pendingText() {
        synchronized (lock) {
            StringBuilder s = new StringBuilder();
            for (Frame f : frames) {
                s.append(new String(f.data(), StandardCharsets.UTF_8));
            }
            s.append(cur.toString(StandardCharsets.UTF_8));
            return s.toString();
        }
    }

    boolean hasFrame(long seq) {
        synchronized (lock) {
            return frames.stream().anyMatch(f -> f.seq() == seq);
        }
    }

    /** Waits at most {@code millis} for the stream to end. */
    void awaitEnd(long millis) throws java.io.InterruptedIOException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        synchronized (lock) {
            while (!eof) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted");
                }
            }
        }
    }

    boolean ended() {
        synchronized (lock) {
            return eof;
        }
    }

    long firstPid() {
        synchronized (lock) {
            for (Frame f : frames) {
                if (f.seq() == 0) {
                    return f.rc();
                }
            }
            return firstPid;
        }
    }

    /** The stream ended cleanly (the shell exited). */
    static final class StreamEndedException extends IOException {
        StreamEndedException() {
            super("the remote shell ended");
        }
    }
}
