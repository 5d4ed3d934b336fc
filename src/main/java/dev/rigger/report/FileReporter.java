package dev.rigger.report;

import dev.rigger.api.RunListener;
import dev.rigger.api.RunResult;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A report written to a file when the run ends, atomically (temp file, then rename). Never throws into the run:
 * a file that cannot be written is kept as {@link #error()} for the caller to show.
 */
public abstract class FileReporter implements RunListener {
    private final Path file;
    private final RunRecorder recorder;
    private volatile boolean written;
    private volatile String error;

    protected FileReporter(Path file, RunRecorder recorder) {
        this.file = file;
        this.recorder = recorder;
    }

    public Path file() {
        return file;
    }

    /** The page or document for what was recorded. */
    protected abstract String render(RunLog log);

    @Override
    public void playStart(String name, List<String> hosts) {
        recorder.playStart(name, hosts);
    }

    @Override
    public void taskStart(TaskInfo task, List<String> hosts) {
        recorder.taskStart(task, hosts);
    }

    @Override
    public void itemResult(TaskInfo task, TaskOutcome outcome, String itemLabel) {
        recorder.itemResult(task, outcome, itemLabel);
    }

    @Override
    public void taskResult(TaskInfo task, TaskOutcome outcome) {
        recorder.taskResult(task, outcome);
    }

    @Override
    public void warning(String message) {
        recorder.warning(message);
    }

    @Override
    public void runEnd(RunResult result) {
        recorder.runEnd(result);
        write();
    }

    /** Writes what was recorded if the run ended without {@link #runEnd} (it threw); idempotent. */
    public synchronized void finish() {
        if (!written) {
            write();
        }
    }

    private synchronized void write() {
        try {
            AtomicFile.write(file, render(recorder.snapshot()));
            error = null;
        } catch (IOException | RuntimeException e) {
            error = "could not write the report " + file + ": " + e + "; check that the folder exists and is "
                    + "writable";
        }
        written = true;
    }

    /** True once the file was written (or writing failed). */
    public boolean written() {
        return written;
    }

    /** Why the file could not be written, if it could not. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }
}
