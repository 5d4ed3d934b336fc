package dev.rigger.module;

/**
 * What a change would do to content, rendered by reporters as a unified diff (Ansible's --diff).
 * {@code prepared}, when set, is printed verbatim instead (apt's summary, git's log).
 */
public record Diff(String beforeHeader, String before, String afterHeader, String after, String prepared) {
    public static Diff of(String beforeHeader, String before, String afterHeader, String after) {
        return new Diff(beforeHeader, before, afterHeader, after, null);
    }

    public static Diff prepared(String text) {
        return new Diff(null, null, null, null, text);
    }
}
