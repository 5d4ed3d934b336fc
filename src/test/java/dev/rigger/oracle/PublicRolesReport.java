package dev.rigger.oracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link PublicRolesIT} makes of its runs: per role whether it behaved identically on each phase, the
 * table of target/public-roles.md, and the floor (the number of identical roles) docs/compatibility.md records.
 */
public final class PublicRolesReport {
    /** The line of docs/compatibility.md that records the floor; the suite fails when fewer roles are identical. */
    static final Pattern FLOOR = Pattern.compile("Public roles identical on all three runs[^:]*:\\s*\\**(\\d+)\\**");
    private static final Pattern SOURCE_ROW = Pattern.compile("^\\|\\s*([^|\\s]+)\\s*\\|\\s*([^|\\s]+)\\s*\\|\\s*"
            + "([0-9a-f]{40})\\s*\\|.*$");

    /** How many differences of one role target/public-roles.md lists (a failed install differs in thousands of files). */
    static final int ROWS_PER_ROLE = 80;

    private PublicRolesReport() {
    }

    /**
     * One role's verdict.
     *
     * @param role        the playbook's name without .yml (the role's folder under roles/)
     * @param source      owner/name@commit from SOURCES.md
     * @param differences every difference, across the three phases
     * @param seconds     wall time of the case (both runners, three phases)
     */
    public record RoleResult(String role, String source, List<OracleDiff.Difference> differences, long seconds) {
        public RoleResult {
            differences = List.copyOf(differences);
        }

        public boolean identical() {
            return differences.isEmpty();
        }

        /** Whether the phase ({@code first}, {@code second}, {@code check}) showed no difference. */
        public boolean identical(OracleCase.Phase phase) {
            String p = role + ".yml/" + phase.id() + "/";
            return differences.stream().noneMatch(d -> d.id().startsWith(p));
        }
    }

    /** role → {@code owner/name@commit} from SOURCES.md's table (role, repo, commit, licence, path). */
    public static Map<String, String> sources(Path sourcesMd) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(sourcesMd)) {
                Matcher m = SOURCE_ROW.matcher(line);
                if (m.matches()) {
                    out.put(m.group(1), m.group(2) + "@" + m.group(3).substring(0, 12));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sourcesMd, e);
        }
        return out;
    }

    private static final Pattern RESULT_ROW = Pattern.compile("^\\|\\s*([A-Za-z0-9_.-]+)\\s*\\|[^|]*\\|\\s*(yes|no)\\b.*");

    /** The roles docs/compatibility.md's results table says are identical on all three runs. */
    public static java.util.Set<String> identicalRoles(Path doc) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        try {
            for (String line : Files.readAllLines(doc)) {
                Matcher m = RESULT_ROW.matcher(line);
                if (m.matches() && m.group(2).equals("yes")) {
                    out.add(m.group(1));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + doc, e);
        }
        return out;
    }

    /** The floor recorded in docs/compatibility.md, if the line is there. */
    public static OptionalInt floor(Path doc) {
        try {
            Matcher m = FLOOR.matcher(Files.readString(doc));
            return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + doc, e);
        }
    }

    /** target/public-roles.md: the per-role table, then every difference with the row that explains it. */
    public static String markdown(List<RoleResult> results, CompatibilityDoc doc, long totalSeconds, int pairs) {
        StringBuilder sb = new StringBuilder("# Public roles: rigger against ansible-playbook (PublicRolesIT)\n\n");
        long identical = results.stream().filter(RoleResult::identical).count();
        sb.append("Identical on all three runs: ").append(identical).append(" of ").append(results.size())
                .append(" roles; ").append(totalSeconds).append(" s on ").append(pairs).append(" pair(s) of rigs.\n\n");
        sb.append("| role | source | identical | first | second | check | s | differences (explained by) |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (RoleResult r : results) {
            sb.append("| ").append(r.role()).append(" | ").append(r.source()).append(" | ")
                    .append(r.identical() ? "yes" : "no");
            for (OracleCase.Phase p : OracleCase.Phase.values()) {
                sb.append(" | ").append(r.identical(p) ? "yes" : "no");
            }
            sb.append(" | ").append(r.seconds()).append(" | ").append(summary(r, doc)).append(" |\n");
        }
        sb.append("\n## Every difference\n\n| difference | ansible | rigger | explained by |\n|---|---|---|---|\n");
        for (RoleResult r : results) {
            int shown = 0;
            for (OracleDiff.Difference d : r.differences()) {
                if (++shown > ROWS_PER_ROLE) {
                    sb.append("| ").append(r.role()).append(": ").append(r.differences().size() - ROWS_PER_ROLE)
                            .append(" more (target/public-roles-logs.txt) | | | |\n");
                    break;
                }
                Optional<String> e = doc.explain(d.id());
                sb.append("| `").append(cell(d.id())).append("` | ").append(cell(d.ansible())).append(" | ")
                        .append(cell(d.rigger())).append(" | ")
                        .append(e.map(g -> "`" + g + "`").orElse("**UNEXPLAINED**")).append(" |\n");
            }
        }
        return sb.toString();
    }

    /** The rows that explain a role's differences (each once), and how many differences are unexplained. */
    static String summary(RoleResult r, CompatibilityDoc doc) {
        Map<String, Integer> rows = new TreeMap<>();
        int unexplained = 0;
        for (OracleDiff.Difference d : r.differences()) {
            Optional<String> e = doc.explain(d.id());
            if (e.isPresent()) {
                rows.merge(e.get(), 1, Integer::sum);
            } else {
                unexplained++;
            }
        }
        List<String> parts = new ArrayList<>();
        rows.forEach((g, n) -> parts.add("`" + g + "` ×" + n));
        if (unexplained > 0) {
            parts.add("**" + unexplained + " unexplained**");
        }
        return parts.isEmpty() ? "" : String.join(", ", parts);
    }

    static String cell(String s) {
        String t = s.replace("|", "\\|").replace("\n", "\\n");
        return t.length() > 160 ? t.substring(0, 157) + "..." : t;
    }

    static String roleOf(OracleCase c) {
        return c.name().toLowerCase(Locale.ROOT).endsWith(".yml") ? c.name().substring(0, c.name().length() - 4)
                : c.name();
    }
}
