package dev.rigger.report;

import dev.rigger.api.TaskOutcome;

/**
 * How one task ended on one rig, as reports show it. {@link #UNKNOWN} is an ok or skipped result that check mode
 * could not predict: it is never shown as ok.
 */
public enum CellState {
    OK("ok", "ok"),
    CHANGED("changed", "changed"),
    UNKNOWN("?", "unknown"),
    SKIPPED("skip", "skipped"),
    IGNORED("ignored", "ignored"),
    FAILED("FAILED", "failed"),
    UNREACHABLE("UNREACH", "unreachable");

    private final String symbol;
    private final String word;

    CellState(String symbol, String word) {
        this.symbol = symbol;
        this.word = word;
    }

    /** Short text for a matrix cell. */
    public String symbol() {
        return symbol;
    }

    /** One lower-case word: ok, changed, unknown, skipped, ignored, failed, unreachable. */
    public String word() {
        return word;
    }

    public static CellState of(TaskOutcome o) {
        if (o instanceof TaskOutcome.Ok ok) {
            return ok.uncertain() ? UNKNOWN : OK;
        }
        if (o instanceof TaskOutcome.Skipped s) {
            return s.uncertain() ? UNKNOWN : SKIPPED;
        }
        if (o instanceof TaskOutcome.Changed) {
            return CHANGED;
        }
        if (o instanceof TaskOutcome.Failed f) {
            return f.ignored() ? IGNORED : FAILED;
        }
        return UNREACHABLE;
    }

    /** The state that matters most when one task ran several times on a rig. */
    public static CellState worst(CellState a, CellState b) {
        if (a == null) {
            return b;
        }
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(CellState s) {
        return switch (s) {
            case SKIPPED -> 0;
            case OK -> 1;
            case IGNORED -> 2;
            case UNKNOWN -> 3;
            case CHANGED -> 4;
            case FAILED -> 5;
            case UNREACHABLE -> 6;
        };
    }
}
