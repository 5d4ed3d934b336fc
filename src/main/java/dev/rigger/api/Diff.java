package dev.rigger.api;

/**
 * What a change would do to content, shown by reporters as {@link #text()}, a unified diff (Ansible's --diff).
 * {@code prepared}, when set, is printed verbatim instead (apt's summary, git's log).
 */
public record Diff(String beforeHeader, String before, String afterHeader, String after, String prepared) {
    public static Diff of(String beforeHeader, String before, String afterHeader, String after) {
        return new Diff(beforeHeader, before, afterHeader, after, null);
    }

    public static Diff prepared(String text) {
        return new Diff(null, null, null, null, text);
    }

    /** The text Ansible's --diff prints for this change: a unified diff with 3 lines of context, or the prepared text. */
    public String text() {
        return UnifiedDiff.render(this);
    }
}
