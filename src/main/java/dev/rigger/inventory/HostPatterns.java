package dev.rigger.inventory;

import dev.rigger.RiggerException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Ansible's host pattern language ({@code ansible/inventory/manager.py}), evaluated over a frozen inventory:
 * terms split on {@code ,} or {@code :} (not inside brackets, not in IPv6 addresses); plain terms are unioned first,
 * then {@code &} terms intersect, then {@code !} terms exclude (only {@code &}/{@code !} terms: start from
 * {@code all}). A term is an exact host name, else a glob over group and host names, or {@code ~regex} (matched
 * from the start, like Python's {@code re.match}); {@code group[0]}, {@code group[-1]}, {@code group[1:]},
 * {@code group[0:2]} (inclusive) pick from the matched hosts.
 */
final class HostPatterns {
    static final Set<String> LOCALHOST = Set.of("localhost", "127.0.0.1", "::1");
    private static final Pattern SUBSCRIPT = Pattern.compile("^(.+)\\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))]$");
    private static final Pattern TERM = Pattern.compile("(?:[^\\s:\\[\\]]|\\[[^]]*])+");
    private static final Pattern IPV6 = Pattern.compile(
            "^(?=.*::)[0-9A-Fa-f:.]+$|^[0-9A-Fa-f]{1,4}(:[0-9A-Fa-f]{1,4}){7}$|^\\[[0-9A-Fa-f:.]+](:[0-9]+)?$");

    private final Map<String, List<String>> groupHosts;
    private final List<String> hostOrder;
    private final Set<String> hostSet;

    HostPatterns(Map<String, List<String>> groupHosts, List<String> hostOrder) {
        this.groupHosts = groupHosts;
        this.hostOrder = hostOrder;
        this.hostSet = new HashSet<>(hostOrder);
    }

    /** Splits a pattern string into terms, like {@code split_host_pattern}. */
    static List<String> split(String pattern) {
        List<String> out = new ArrayList<>();
        for (String piece : pattern.split(",", -1)) {
            String p = piece.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (IPV6.matcher(p).matches() || !p.contains(":")) {
                out.add(p);
                continue;
            }
            Matcher m = TERM.matcher(p);
            while (m.find()) {
                String t = m.group().strip();
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** Evaluates already-split terms; unmatched terms add a warning to {@code warnings}. */
    List<String> evaluate(List<String> terms, List<String> warnings) {
        List<String> regular = new ArrayList<>();
        List<String> and = new ArrayList<>();
        List<String> not = new ArrayList<>();
        for (String t : terms) {
            if (t.isEmpty()) {
                continue;
            }
            if (t.charAt(0) == '!') {
                not.add(t);
            } else if (t.charAt(0) == '&') {
                and.add(t);
            } else {
                regular.add(t);
            }
        }
        if (regular.isEmpty()) {
            regular.add("all");
        }
        List<String> ordered = new ArrayList<>(regular);
        ordered.addAll(and);
        ordered.addAll(not);
        List<String> hosts = new ArrayList<>();
        for (String p : ordered) {
            if (hostSet.contains(p)) {
                hosts.add(p);
                continue;
            }
            List<String> that = matchOne(p, warnings);
            if (p.charAt(0) == '!') {
                Set<String> drop = new HashSet<>(that);
                hosts.removeIf(drop::contains);
            } else if (p.charAt(0) == '&') {
                Set<String> keep = new HashSet<>(that);
                hosts.removeIf(h -> !keep.contains(h));
            } else {
                Set<String> have = new HashSet<>(hosts);
                for (String h : that) {
                    if (have.add(h)) {
                        hosts.add(h);
                    }
                }
            }
        }
        return new ArrayList<>(new LinkedHashSet<>(hosts));
    }

    private List<String> matchOne(String term, List<String> warnings) {
        String pattern = term.charAt(0) == '&' || term.charAt(0) == '!' ? term.substring(1) : term;
        if (pattern.isEmpty()) {
            throw new RiggerException("empty host pattern term '" + term + "': put a group or host name after '"
                    + term + "'");
        }
        String expr = pattern;
        Integer start = null;
        Integer end = null;
        boolean range = false;
        if (pattern.charAt(0) != '~') {
            Matcher m = SUBSCRIPT.matcher(pattern);
            if (m.matches()) {
                expr = m.group(1);
                if (m.group(2) != null) {
                    start = Integer.valueOf(m.group(2));
                } else {
                    range = true;
                    start = Integer.valueOf(m.group(3));
                    end = m.group(5).isEmpty() ? -1 : Integer.valueOf(m.group(5));
                }
            }
        }
        List<String> hosts = enumerate(expr, warnings);
        if (start == null) {
            return hosts;
        }
        if (!range || end == 0) {
            int idx = start < 0 ? hosts.size() + start : start;
            if (idx < 0 || idx >= hosts.size()) {
                throw new RiggerException("no hosts matched the subscripted pattern '" + pattern + "': '" + expr
                        + "' has " + hosts.size() + " host(s), indexes start at 0");
            }
            return List.of(hosts.get(idx));
        }
        int last = end == -1 ? hosts.size() - 1 : end;
        if (start >= hosts.size() || last + 1 <= start) {
            return List.of();
        }
        return hosts.subList(start, Math.min(last + 1, hosts.size()));
    }

    private List<String> enumerate(String pattern, List<String> warnings) {
        Pattern re = compile(pattern);
        List<String> results = new ArrayList<>();
        boolean groupMatched = false;
        for (Map.Entry<String, List<String>> g : groupHosts.entrySet()) {
            if (matches(re, pattern, g.getKey())) {
                groupMatched = true;
                results.addAll(g.getValue());
            }
        }
        if (!groupMatched || pattern.charAt(0) == '~' || pattern.matches(".*[.?*\\[].*")) {
            for (String h : hostOrder) {
                if (matches(re, pattern, h)) {
                    results.add(h);
                }
            }
        }
        if (results.isEmpty() && LOCALHOST.contains(pattern)) {
            results.add(pattern);
        }
        if (results.isEmpty() && !groupMatched && !pattern.equals("all")) {
            warnings.add("Could not match supplied host pattern, ignoring: " + pattern);
        }
        return results;
    }

    private static boolean matches(Pattern re, String pattern, String name) {
        Matcher m = re.matcher(name);
        return pattern.charAt(0) == '~' ? m.lookingAt() : m.matches();
    }

    private static Pattern compile(String pattern) {
        try {
            return pattern.charAt(0) == '~' ? Pattern.compile(pattern.substring(1)) : Pattern.compile(glob(pattern));
        } catch (PatternSyntaxException e) {
            throw new RiggerException("invalid host pattern '" + pattern + "': " + e.getDescription()
                    + " (a pattern starting with ~ is a regular expression)");
        }
    }

    /** Python's {@code fnmatch.translate} (see {@link dev.rigger.Fnmatch}). */
    static String glob(String glob) {
        return dev.rigger.Fnmatch.translate(glob);
    }
}
