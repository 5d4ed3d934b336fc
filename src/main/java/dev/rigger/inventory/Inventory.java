package dev.rigger.inventory;

import dev.rigger.RiggerException;
import dev.rigger.Pos;
import dev.rigger.yaml.YMap;
import dev.rigger.yaml.YamlLoader;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An Ansible inventory: hosts, groups, inline variables, and the {@code group_vars/}/{@code host_vars/} next to its
 * sources. Immutable after {@link #load}; safe to share between threads (vars files are read once and cached).
 *
 * <p>Host order follows Ansible: a group's hosts are its own, then those of its descendants breadth-first;
 * {@code all} starts with hosts written directly under {@code all}, then {@code ungrouped}, then the other groups in
 * the order they were first seen. {@code localhost} (also 127.0.0.1, ::1) is implicit when not in the inventory:
 * a pattern naming it yields it, with {@code ansible_connection=local}, but {@code all} does not include it.
 */
public final class Inventory {
    private static final Pattern IGNORED = Pattern.compile(
            "^\\..*|^host_vars$|^group_vars$|^vars_plugins$"
                    + "|.*(\\.pyc|\\.pyo|\\.swp|\\.bak|~|\\.rpm|\\.md|\\.txt|\\.rst|\\.orig|\\.ini|\\.cfg|\\.retry)$");
    private static final Set<String> YAML_EXTS = Set.of("yml", "yaml", "json");

    private final Map<String, Host> hosts;
    private final List<String> hostOrder;
    private final Map<String, Group> groups;
    private final Map<String, List<String>> groupHosts;
    private final Map<String, List<String>> hostGroups;
    private final Map<String, Integer> depth;
    private final Map<String, Integer> priority;
    private final Map<String, Path> hostSource;
    private final List<Path> varsDirs;
    private final List<String> warnings;
    private final HostPatterns patterns;
    private final VarsFiles varsFiles;

    private Inventory(InventoryBuilder b) {
        this.varsFiles = new VarsFiles(b.vault);
        Map<String, Host> hs = new LinkedHashMap<>();
        b.hostVars.forEach((name, vars) -> hs.put(name, new Host(name, vars)));
        this.hosts = Collections.unmodifiableMap(hs);
        Map<String, Group> gs = new LinkedHashMap<>();
        for (InventoryBuilder.G g : b.groups.values()) {
            gs.put(g.name, new Group(g.name, new ArrayList<>(g.hosts), g.children, g.vars));
        }
        this.groups = Collections.unmodifiableMap(gs);
        Map<String, List<String>> gh = new LinkedHashMap<>();
        for (String g : gs.keySet()) {
            gh.put(g, List.copyOf(transitiveHosts(g)));
        }
        this.groupHosts = Collections.unmodifiableMap(gh);
        this.hostOrder = gh.get("all");
        Map<String, Integer> d = new HashMap<>();
        Map<String, Integer> pr = new HashMap<>();
        for (InventoryBuilder.G g : b.groups.values()) {
            depthOf(g.name, b, d);
            pr.put(g.name, g.priority);
        }
        this.depth = Map.copyOf(d);
        this.priority = Map.copyOf(pr);
        Map<String, List<String>> hg = new HashMap<>();
        for (String h : hs.keySet()) {
            List<String> names = new ArrayList<>(b.groupsOf(h));
            names.remove("all");
            Collections.sort(names);
            hg.put(h, List.copyOf(names));
        }
        this.hostGroups = Collections.unmodifiableMap(hg);
        Map<String, Path> src = new HashMap<>();
        b.hostSource.forEach((h, p) -> {
            if (p != null) {
                src.put(h, p);
            }
        });
        this.hostSource = Map.copyOf(src);
        this.varsDirs = List.copyOf(new LinkedHashSet<>(b.varsDirs));
        this.warnings = List.copyOf(b.warnings);
        this.patterns = new HostPatterns(groupHosts, hostOrder);
    }

    private List<String> transitiveHosts(String group) {
        List<String> order = new ArrayList<>();
        Set<String> seenGroups = new LinkedHashSet<>();
        List<String> level = List.of(group);
        while (!level.isEmpty()) {
            List<String> next = new ArrayList<>();
            for (String g : level) {
                if (seenGroups.add(g)) {
                    order.add(g);
                    next.addAll(groups.get(g).children());
                }
            }
            level = next;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String g : order) {
            out.addAll(groups.get(g).hosts());
        }
        return new ArrayList<>(out);
    }

    private static int depthOf(String g, InventoryBuilder b, Map<String, Integer> memo) {
        Integer known = memo.get(g);
        if (known != null) {
            return known;
        }
        int d = 0;
        for (String p : b.groups.get(g).parents) {
            d = Math.max(d, depthOf(p, b, memo) + 1);
        }
        memo.put(g, d);
        return d;
    }

    /** An inventory with no hosts (only the implicit localhost can be targeted). */
    public static Inventory empty() {
        InventoryBuilder b = new InventoryBuilder();
        b.reconcile();
        return new Inventory(b);
    }

    /**
     * Loads inventory sources, in order, into one inventory. Each source is a file (YAML when named .yml/.yaml/.json
     * or when its content is a YAML mapping, else INI), a directory (every file in it, sorted, recursively, skipping
     * hidden files, group_vars/, host_vars/ and Ansible's ignored extensions, including .ini/.cfg/.md/.txt/.retry),
     * or a comma-separated host list ({@code web1,web2} or {@code localhost,}).
     *
     * @throws RiggerException for a missing source, or with every problem found (the first one's position)
     */
    public static Inventory load(List<String> sources) {
        return load(sources, dev.rigger.vault.Vault.NONE);
    }

    /**
     * Loads inventory sources as {@link #load(List)}, decrypting vaulted inventory files, {@code !vault} values and
     * vaulted group_vars/host_vars files with {@code vault}.
     */
    public static Inventory load(List<String> sources, dev.rigger.vault.Vault vault) {
        InventoryBuilder b = new InventoryBuilder();
        b.vault = vault;
        for (String src : sources) {
            Path p = toPath(src);
            if (p != null && Files.exists(p)) {
                Path abs = p.toAbsolutePath().normalize();
                if (Files.isDirectory(abs)) {
                    b.varsDirs.add(abs);
                    loadDir(b, abs, 0);
                } else {
                    b.varsDirs.add(abs.getParent());
                    loadFile(b, abs);
                }
            } else if (src.contains(",")) {
                hostList(b, src);
            } else {
                throw new RiggerException("inventory not found: " + src
                        + " (give a file, a directory, or a comma-separated host list such as 'web1,web2' or"
                        + " 'localhost,')");
            }
        }
        b.reconcile();
        if (!b.errors.isEmpty()) {
            throw combined(b.errors);
        }
        return new Inventory(b);
    }

    private static RiggerException combined(List<RiggerException> errors) {
        RiggerException first = errors.get(0);
        if (errors.size() == 1) {
            return first;
        }
        StringBuilder sb = new StringBuilder(first.getMessage());
        sb.append("\n(").append(errors.size() - 1).append(" more inventory error")
                .append(errors.size() > 2 ? "s" : "").append(")");
        for (RiggerException e : errors.subList(1, errors.size())) {
            sb.append("\n  ").append(e.describe());
        }
        return new RiggerException(sb.toString(), first.pos());
    }

    private static Path toPath(String src) {
        String s = src;
        if (s.equals("~") || s.startsWith("~/")) {
            s = System.getProperty("user.home") + s.substring(1);
        }
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static void hostList(InventoryBuilder b, String list) {
        b.currentSource = null;
        for (String piece : list.split(",")) {
            String h = piece.strip();
            if (h.isEmpty()) {
                continue;
            }
            HostRanges.HostPort hp = HostRanges.splitPort(h);
            if (!b.hostVars.containsKey(hp.host())) {
                b.addHost(hp.host(), "ungrouped");
                if (hp.port() != null) {
                    b.setHostVar(hp.host(), "ansible_port", hp.port());
                }
            }
        }
    }

    private static void loadDir(InventoryBuilder b, Path dir, int depth) {
        if (depth > 20) {
            b.error("inventory directories nest too deeply", new Pos(dir.toString(), 0, 0));
            return;
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            b.error("cannot list inventory directory: " + e.getMessage(), new Pos(dir.toString(), 0, 0));
            return;
        }
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (IGNORED.matcher(name).matches()) {
                if (name.endsWith(".ini") || name.endsWith(".cfg")) {
                    b.warnings.add("skipped " + p + ": like Ansible, files ending in .ini/.cfg inside an inventory "
                            + "directory are ignored; rename it (e.g. without the extension) or pass it with -i");
                }
                continue;
            }
            if (Files.isDirectory(p)) {
                loadDir(b, p, depth + 1);
            } else {
                loadFile(b, p);
            }
        }
    }

    private static void loadFile(InventoryBuilder b, Path file) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            b.error("inventory file is not UTF-8 text", new Pos(name, 0, 0));
            return;
        } catch (IOException e) {
            b.error("cannot read inventory file: " + e.getMessage(), new Pos(name, 0, 0));
            return;
        }
        if (dev.rigger.vault.Vault.isEncrypted(text)) {
            try {
                text = b.vault.decryptText(text, new Pos(name, 0, 0));
            } catch (RiggerException e) {
                b.errors.add(e);
                return;
            }
        }
        b.currentSource = file;
        if (text.startsWith("#!")) {
            b.error("inventory scripts are not supported: write the inventory as an INI or YAML file",
                    new Pos(name, 1, 1));
            return;
        }
        String fn = file.getFileName().toString();
        int dot = fn.lastIndexOf('.');
        String ext = dot > 0 ? fn.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
        if (YAML_EXTS.contains(ext)) {
            Object root;
            try {
                root = YamlLoader.load(text, name, b.vault);
            } catch (RiggerException e) {
                b.errors.add(e);
                return;
            }
            if (root == null) {
                return;
            }
            if (!(root instanceof YMap map)) {
                b.error("a YAML inventory must be a mapping of group names (usually 'all:') to hosts:, vars: and "
                        + "children:", root instanceof dev.rigger.yaml.Located l ? l.pos() : new Pos(name, 1, 1));
                return;
            }
            YamlInventoryParser.parse(b, map, name);
            return;
        }
        if (!ext.equals("ini") && !ext.equals("cfg")) {
            Object root = null;
            try {
                root = YamlLoader.load(text, name, b.vault);
            } catch (dev.rigger.vault.VaultException e) {
                b.errors.add(e);
                return;
            } catch (RiggerException e) {
                // not YAML: read it as INI below
            }
            if (root instanceof YMap map) {
                YamlInventoryParser.parse(b, map, name);
                return;
            }
        }
        IniInventoryParser.parse(b, text, name);
    }

    /** Problems that did not stop loading (e.g. an .ini file skipped in an inventory directory). */
    public List<String> warnings() {
        return warnings;
    }

    /** All host names, in Ansible's inventory order (that of {@code all}). */
    public List<String> hosts() {
        return hostOrder;
    }

    /** Group name → all its hosts (including those of child groups), as Ansible's {@code groups} magic variable. */
    public Map<String, List<String>> groups() {
        return groupHosts;
    }

    /** A host as written in the sources, if present. */
    public Optional<Host> host(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    /** A group as written in the sources, if present ({@code all} and {@code ungrouped} always are). */
    public Optional<Group> group(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    /** The inventory file that first defined {@code host}; empty for host lists and the implicit localhost. */
    public Optional<Path> sourceOf(String host) {
        return Optional.ofNullable(hostSource.get(host));
    }

    /**
     * {@code group_names}: the host's groups (direct and inherited), sorted, without {@code all}; {@code ["ungrouped"]}
     * for a host in no group; empty for the implicit localhost.
     */
    public List<String> groupNames(String host) {
        List<String> g = hostGroups.get(host);
        if (g == null) {
            if (isImplicit(host)) {
                return List.of();
            }
            throw unknownHost(host);
        }
        return g;
    }

    /** True when {@code host} is defined in the inventory (the implicit localhost is not). */
    public boolean has(String host) {
        return hosts.containsKey(host);
    }

    private boolean isImplicit(String host) {
        return !hosts.containsKey(host) && HostPatterns.LOCALHOST.contains(host);
    }

    private RiggerException unknownHost(String host) {
        return new RiggerException("host '" + host + "' is not in the inventory");
    }

    /**
     * Inventory-side variables of {@code host}, low → high: inline vars of {@code all}; inline vars of the host's
     * groups (by depth, then ansible_group_priority, then name); inventory {@code group_vars/all}; playbook
     * {@code group_vars/all}; inventory {@code group_vars/<group>} (each source dir in turn, groups in the same
     * order); playbook {@code group_vars/<group>}; inline host vars; inventory {@code host_vars/<host>}; playbook
     * {@code host_vars/<host>}. Top-level keys are replaced, never deep-merged.
     *
     * @param playbookDir the directory of the playbook, or null
     * @return an unmodifiable map in which later levels have replaced earlier ones
     */
    public Map<String, Object> varsFor(String host, Path playbookDir) {
        if (!isImplicit(host) && !hosts.containsKey(host)) {
            throw unknownHost(host);
        }
        return vars(host, playbookDir);
    }

    /**
     * {@link #varsFor}, and for a name the inventory does not have (a delegate_to target) what Ansible gives the host
     * it makes up for it: the vars of {@code all} and the {@code host_vars/<name>} files, in no other group.
     */
    public Map<String, Object> varsForAnyHost(String host, Path playbookDir) {
        return vars(host, playbookDir);
    }

    private Map<String, Object> vars(String host, Path playbookDir) {
        boolean implicit = isImplicit(host);
        boolean listed = hosts.containsKey(host);
        List<String> sorted = listed ? sortedGroups(host) : List.of();
        Path play = playbookDir == null ? null : playbookDir.toAbsolutePath().normalize();
        Map<String, Object> out = new LinkedHashMap<>(groups.get("all").vars());
        for (String g : sorted) {
            out.putAll(groups.get(g).vars());
        }
        for (Path d : varsDirs) {
            out.putAll(varsFiles.load(d, "group_vars", "all"));
        }
        if (play != null) {
            out.putAll(varsFiles.load(play, "group_vars", "all"));
        }
        for (Path d : varsDirs) {
            for (String g : sorted) {
                out.putAll(varsFiles.load(d, "group_vars", g));
            }
        }
        if (play != null) {
            for (String g : sorted) {
                out.putAll(varsFiles.load(play, "group_vars", g));
            }
        }
        if (implicit) {
            out.put("ansible_connection", "local");
        } else if (listed) {
            out.putAll(hosts.get(host).vars());
        }
        for (Path d : varsDirs) {
            out.putAll(varsFiles.load(d, "host_vars", host));
        }
        if (play != null) {
            out.putAll(varsFiles.load(play, "host_vars", host));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The host's groups without {@code all}, lowest precedence first: by depth, ansible_group_priority, name. */
    List<String> sortedGroups(String host) {
        List<String> g = new ArrayList<>(hostGroups.get(host));
        g.sort(Comparator.<String>comparingInt(depth::get).thenComparingInt(priority::get)
                .thenComparing(Comparator.naturalOrder()));
        return g;
    }

    /**
     * Matches a host pattern (the language of {@code hosts:} and {@code ansible PATTERN}); see {@link HostPatterns}.
     *
     * @throws RiggerException for an invalid regex or a subscript beyond a group's hosts
     */
    public PatternResult select(String pattern) {
        List<String> warns = new ArrayList<>();
        List<String> hs = patterns.evaluate(HostPatterns.split(pattern == null ? "all" : pattern), warns);
        return new PatternResult(hs, warns);
    }

    /**
     * {@code --limit}: keeps those of {@code hosts} (in their order) that {@code limitPattern} matches. The pattern
     * language is {@link #select}'s; a term {@code @FILE} stands for the lines of FILE (one host or pattern per
     * line, e.g. a .retry file). A null pattern keeps every host.
     */
    public PatternResult limit(List<String> hosts, String limitPattern) {
        if (limitPattern == null) {
            return new PatternResult(hosts, List.of());
        }
        List<String> terms = new ArrayList<>();
        for (String t : HostPatterns.split(limitPattern)) {
            if (t.startsWith("@")) {
                terms.addAll(limitFile(t.substring(1)));
            } else {
                terms.add(t);
            }
        }
        List<String> warns = new ArrayList<>();
        Set<String> keep = new LinkedHashSet<>(patterns.evaluate(terms, warns));
        List<String> out = new ArrayList<>();
        for (String h : hosts) {
            if (keep.contains(h)) {
                out.add(h);
            }
        }
        return new PatternResult(out, warns);
    }

    private static List<String> limitFile(String file) {
        Path p = toPath(file);
        if (p == null || !Files.exists(p)) {
            throw new RiggerException("limit file not found: " + file + " (--limit @FILE reads one host per line)");
        }
        if (!Files.isRegularFile(p)) {
            throw new RiggerException("a limit starting with '@' must name a file, not a directory: " + file);
        }
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new RiggerException("cannot read limit file: " + e.getMessage(), new Pos(file, 0, 0));
        }
    }
}
