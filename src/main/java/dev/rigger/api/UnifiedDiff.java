package dev.rigger.api;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.Arrays;
import java.util.List;

/** Renders a {@link Diff} as Ansible's --diff prints it: a unified diff with 3 lines of context. */
final class UnifiedDiff {
    static final int MAX = 104448;

    private UnifiedDiff() {
    }

    static String render(Diff d) {
        if (d.prepared() != null) {
            return d.prepared().endsWith("\n") ? d.prepared() : d.prepared() + "\n";
        }
        String before = d.before() == null ? "" : d.before();
        String after = d.after() == null ? "" : d.after();
        if (before.length() > MAX || after.length() > MAX) {
            return "diff skipped: file is larger than " + MAX + " bytes\n";
        }
        List<String> a = lines(before);
        List<String> b = lines(after);
        Patch<String> patch = DiffUtils.diff(a, b);
        String from = d.beforeHeader() == null ? "before" : "before: " + d.beforeHeader();
        String to = d.afterHeader() == null ? "after" : "after: " + d.afterHeader();
        List<String> out = UnifiedDiffUtils.generateUnifiedDiff(from, to, a, patch, 3);
        StringBuilder s = new StringBuilder();
        for (String line : out) {
            s.append(line).append('\n');
        }
        if (!before.isEmpty() && !before.endsWith("\n") || !after.isEmpty() && !after.endsWith("\n")) {
            s.append("\\ No newline at end of file\n");
        }
        return s.toString();
    }

    private static List<String> lines(String s) {
        if (s.isEmpty()) {
            return List.of();
        }
        String t = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        return Arrays.asList(t.split("\n", -1));
    }
}
