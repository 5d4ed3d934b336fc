package dev.rigger.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) during a run: the first one cancels the run (in-flight commands are ended on the rigs, the recap
 * and the reports are written, the exit code is 99); a second one exits at once. Without this the JVM would start
 * shutting down on the first signal and could not return the run's own exit code.
 */
final class CtrlC implements AutoCloseable {
    static final int EXIT_INTERRUPTED = 99;

    private final SignalHandler previous;
    private final Signal signal;

    private CtrlC(Signal signal, SignalHandler previous) {
        this.signal = signal;
        this.previous = previous;
    }

    /** Installs the handler; returns null where the JVM does not let us (then the shutdown hook still cancels). */
    static CtrlC install(Runnable cancel, PrintStream err) {
        AtomicInteger count = new AtomicInteger();
        try {
            Signal sig = new Signal("INT");
            SignalHandler prev = Signal.handle(sig, s -> {
                if (count.getAndIncrement() == 0) {
                    err.println();
                    err.println("[WARNING]: interrupted: ending the commands in flight and writing the recap"
                            + " (Ctrl-C again to quit at once)");
                    Thread t = new Thread(cancel, "rigger-cancel");
                    t.setDaemon(true);
                    t.start();
                } else {
                    err.println("[ERROR]: interrupted twice: quitting now");
                    err.flush();
                    Runtime.getRuntime().halt(EXIT_INTERRUPTED);
                }
            });
            return new CtrlC(sig, prev);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return null;
        }
    }

    @Override
    public void close() {
        Signal.handle(signal, previous);
    }
}
