package dev.rigger.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The command line's out/err writers as PrintStreams (reporters print to streams; tests capture the writers). */
final class CliStreams {
    private CliStreams() {
    }

    static PrintStream of(PrintWriter w) {
        return new PrintStream(new WriterOutput(w), true, StandardCharsets.UTF_8);
    }

    /** Bytes in, text out: PrintStream hands over whole encoded strings, so no character is split. */
    private static final class WriterOutput extends OutputStream {
        private final PrintWriter w;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        WriterOutput(PrintWriter w) {
            this.w = w;
        }

        @Override
        public synchronized void write(int b) {
            buf.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            buf.write(b, off, len);
        }

        @Override
        public synchronized void flush() {
            if (buf.size() > 0) {
                w.write(buf.toString(StandardCharsets.UTF_8));
                buf.reset();
            }
            w.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
