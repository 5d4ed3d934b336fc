package dev.rigger.cli;

import dev.rigger.api.RunListener;
import dev.rigger.report.FileReporter;
import dev.rigger.report.HtmlReporter;
import dev.rigger.report.JUnitReporter;
import dev.rigger.report.JsonLinesReporter;
import dev.rigger.report.JsonReporter;
import dev.rigger.report.Profile;
import dev.rigger.report.RunRecorder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** {@code --report}, {@code --output} and {@code --profile}, shared by play and drift (a picocli mixin). */
public final class ReportOptions {
    @Option(names = "--report", paramLabel = "KIND:FILE",
            description = "also write a report when the run ends: json:FILE, junit:FILE or html:FILE (repeatable)")
    List<String> reports = new ArrayList<>();

    @Option(names = "--output", paramLabel = "FORMAT",
            description = "console (default), or jsonl: one JSON event per line on stdout, live")
    String output = "console";

    @Option(names = "--profile", description = "at the end, print the slowest tasks and rigs")
    boolean profile;

    private final List<FileReporter> files = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private Profile profiler;

    /** What is wrong with the options, or null. */
    String problem() {
        if (!output.equals("console") && !output.equals("jsonl")) {
            return "argument --output: '" + output + "' is not a known format; use console or jsonl";
        }
        for (String r : reports) {
            int colon = r.indexOf(':');
            String kind = colon < 0 ? r : r.substring(0, colon);
            if (colon < 1 || colon == r.length() - 1) {
                return "argument --report: '" + r + "' must be KIND:FILE, e.g. json:report.json";
            }
            if (!List.of("json", "junit", "html").contains(kind)) {
                return "argument --report: unknown report kind '" + kind + "' in '" + r
                        + "'; use json, junit or html";
            }
        }
        return null;
    }

    boolean jsonl() {
        return output.equals("jsonl");
    }

    /**
     * The listeners for a run: {@code console} (unless --output jsonl, when the JSON lines go to {@code out}
     * instead), the file reports, and the profile.
     *
     * @param profileAtEnd print the profile when the run ends; otherwise call {@link #printProfile()}
     */
    List<RunListener> listeners(PrintStream out, boolean check, RunListener console, boolean profileAtEnd) {
        List<RunListener> ls = new ArrayList<>();
        if (jsonl()) {
            ls.add(new JsonLinesReporter(out));
        } else if (console != null) {
            ls.add(console);
        }
        for (String r : reports) {
            int colon = r.indexOf(':');
            Path file = Path.of(r.substring(colon + 1));
            FileReporter f = switch (r.substring(0, colon)) {
                case "json" -> new JsonReporter(file, check);
                case "junit" -> new JUnitReporter(file, check);
                default -> new HtmlReporter(file, check);
            };
            files.add(f);
            ls.add(f);
        }
        if (profile && !jsonl()) {
            profiler = new Profile(out, 10, profileAtEnd, new RunRecorder());
            ls.add(profiler);
        }
        return ls;
    }

    /** The JSON lines reporter in use, if --output jsonl. */
    JsonLinesReporter jsonLines(List<RunListener> listeners) {
        return listeners.stream().filter(JsonLinesReporter.class::isInstance).map(JsonLinesReporter.class::cast)
                .findFirst().orElse(null);
    }

    void printProfile() {
        if (profiler != null) {
            profiler.print();
        }
    }

    /**
     * Writes any report the run did not get to write (it threw) and says which could not be written.
     *
     * @return {@code rc}, or 1 when it was 0 and a report could not be written
     */
    int finish(PrintStream err, int rc) {
        int out = rc;
        try {
            for (FileReporter f : files) {
                f.finish();
                if (f.error().isPresent()) {
                    err.println("ERROR! " + f.error().get());
                    out = out == 0 ? 1 : out;
                }
            }
        } finally {
            finished.countDown();
        }
        return out;
    }

    /** For the Ctrl-C hook: waits (at most {@code max}) until the reports are written. */
    void awaitFinished(Duration max) {
        try {
            finished.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
