package dev.rigger.template;

import dev.rigger.Fqcn;
import com.hubspot.jinjava.el.ext.NamedParameter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Jinja functions Ansible adds: {@code lookup()}, {@code query()}/{@code q()} (controller-side lookups) and
 * {@code dict()}. Public static because Jinjava binds functions to static methods; all state comes from the render.
 */
public final class Lookups {
    private Lookups() {
    }

    /** How long a {@code pipe}/{@code lines} lookup's command may run. */
    static final long PIPE_TIMEOUT_SECONDS = 120;

    public static Object lookup(Object name, Object... args) {
        return run(name, args, false);
    }

    public static Object query(Object name, Object... args) {
        return run(name, args, true);
    }

    /** {@code dict(a=1)}, {@code dict([['a', 1]])}, {@code dict(other, b=2)}. */
    public static Object dict(Object... args) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object a : args == null ? new Object[0] : args) {
            a = Py.unwrap(a);
            if (a instanceof NamedParameter np) {
                out.put(np.getName(), Py.unwrap(np.getValue()));
            } else if (a instanceof Map<?, ?> m) {
                m.forEach((k, v) -> out.put(Py.str(k), v));
            } else if (a != null) {
                for (Object pair : Py.asList(a)) {
                    List<Object> kv = Py.asList(pair);
                    if (kv.size() != 2) {
                        throw RenderState.fail("dict(): each item must be a [key, value] pair, got " + Py.repr(pair));
                    }
                    out.put(Py.str(kv.get(0)), kv.get(1));
                }
            }
        }
        return out;
    }

    private static final java.util.Set<String> READS_OUTSIDE = java.util.Set.of("env", "file", "template", "pipe",
            "lines", "fileglob", "first_found", "filetree", "password");

    /**
     * The lookups of ansible-core 2.14 and the short names it routes to collections
     * (config/ansible_builtin_runtime.yml): a {@code with_X} or {@code lookup('X')} of one of these is Ansible's
     * (it loads; a lookup rigger lacks fails where it runs), any other name is not (a load-time error for with_X).
     */
    private static final java.util.Set<String> ANSIBLE = java.util.Set.of("config", "csvfile", "dict", "env", "file",
            "fileglob", "first_found", "indexed_items", "ini", "inventory_hostnames", "items", "lines", "list",
            "nested", "password", "pipe", "random_choice", "sequence", "subelements", "template", "together",
            "unvault", "url", "varnames", "vars", "cartesian", "filetree", "flattened", "avi", "aws_account_attribute",
            "aws_secret", "aws_service_ip_ranges", "aws_ssm", "chef_databag", "conjur_variable", "consul_kv",
            "cpm_metering", "cpm_status", "credstash", "cyberarkpassword", "dig", "dnstxt", "etcd",
            "gcp_storage_file", "grafana_dashboard", "hashi_vault", "hiera", "k8s", "keyring", "laps_password",
            "lastpass", "lmdb_kv", "manifold", "mongodb", "nios", "nios_next_ip", "nios_next_network", "onepassword",
            "onepassword_raw", "openshift", "passwordstore", "rabbitmq", "redis", "shelvefile", "skydive");

    /** True when {@code name} is a lookup of Ansible's (see {@link #ANSIBLE}). */
    public static boolean isAnsibles(String name) {
        return ANSIBLE.contains(Fqcn.strip(name));
    }

    /** True when rigger runs the lookup {@code name} itself. */
    public static boolean implemented(String name) {
        String n = Fqcn.strip(name);
        return java.util.Arrays.stream(SUPPORTED.split(", ")).anyMatch(n::equals);
    }

    /** Every name {@link #isAnsibles} knows, for a did-you-mean. */
    public static java.util.Set<String> names() {
        return ANSIBLE;
    }

    /** The lookups rigger has, in the order its error message lists them. */
    static final String SUPPORTED = "env, file, template, vars, pipe, lines, fileglob, first_found, filetree, password, "
            + "items, flattened, list, dict, indexed_items, together, nested, cartesian, subelements, random_choice, "
            + "sequence, inventory_hostnames";

    /**
     * The items of {@code with_<name>: terms}: Ansible runs the lookup {@code name} on the templated terms with
     * wantlist=True (task_executor._get_loop_items), so with_X and query('X') always agree. {@code terms} is the
     * templated loop value, listified (a string or scalar is a list of one; a dict stays a dict); {@code subdir} is
     * where first_found searches (templates, vars or files, after the task's action, as Ansible picks it).
     *
     * @throws TemplateException with Ansible's message when the lookup fails
     */
    public static List<Object> loop(String name, Object terms, Map<String, Object> vars, Templar templar,
            String subdir) {
        RenderState state = new RenderState(templar, vars, new java.util.HashSet<>());
        List<Object> result = dispatch(Fqcn.strip(name), state, terms, new LinkedHashMap<>(), subdir);
        if (READS_OUTSIDE.contains(Fqcn.strip(name))) {
            dev.rigger.Unsafe.mark(result);
        }
        return result;
    }

    private static List<Object> dispatch(String name, RenderState state, Object termsArg, Map<String, Object> kw,
            String subdir) {
        List<Object> terms = termsArg instanceof List<?> ? Py.asList(termsArg) : LoopLookups.iterate(termsArg);
        return switch (name) {
            case "env" -> env(terms, kw);
            case "file" -> file(state, terms, kw);
            case "template" -> template(state, terms, kw);
            case "vars" -> vars(state, terms, kw);
            case "pipe" -> pipe(state, terms, false);
            case "lines" -> pipe(state, terms, true);
            case "fileglob" -> fileglob(state, terms);
            case "first_found" -> firstFound(state, terms, kw, subdir);
            case "filetree" -> FileLookups.filetree(state, termsArg);
            case "password" -> FileLookups.password(state, termsArg, kw);
            case "items" -> LoopLookups.flatten(termsArg);
            case "flattened" -> LoopLookups.flattened(termsArg);
            case "list" -> LoopLookups.list(termsArg);
            case "dict" -> LoopLookups.dict(termsArg);
            case "indexed_items" -> LoopLookups.indexedItems(termsArg);
            case "together" -> LoopLookups.together(termsArg);
            case "nested" -> LoopLookups.nested(termsArg);
            case "cartesian" -> LoopLookups.cartesian(termsArg);
            case "subelements" -> LoopLookups.subelements(termsArg);
            case "random_choice" -> LoopLookups.randomChoice(termsArg);
            case "sequence" -> SequenceLookup.run(termsArg);
            case "inventory_hostnames" -> InventoryHostnamesLookup.run(termsArg, state == null ? null : state.vars);
            case "url" -> throw RenderState.fail("lookup plugin (url) is not supported by rigger: it fetches from the "
                    + "network on the controller; use the get_url module, or fetch the file before the run");
            default -> throw RenderState.fail(ANSIBLE.contains(name)
                    ? "rigger does not implement the lookup plugin (" + name + ") yet; rigger has " + SUPPORTED
                    : "lookup plugin (" + name + ") not found; rigger supports " + SUPPORTED);
        };
    }

    private static Object run(Object nameArg, Object[] args, boolean wantlist) {
        String name = Fqcn.strip(Py.str(nameArg));
        List<Object> terms = new ArrayList<>();
        Map<String, Object> kw = new LinkedHashMap<>();
        for (Object a : args == null ? new Object[0] : args) {
            if (a instanceof NamedParameter np) {
                kw.put(np.getName(), Py.unwrap(np.getValue()));
            } else if (a instanceof Undefined u) {
                throw u.fail();
            } else {
                terms.add(Py.unwrap(a));
            }
        }
        if (Py.truthy(kw.remove("wantlist"))) {
            wantlist = true;
        }
        String errors = Py.str(kw.getOrDefault("errors", "strict"));
        kw.remove("errors");
        RenderState state = RenderState.current();
        List<Object> result;
        try {
            result = dispatch(name, state, terms, kw, "files");
        } catch (TemplateException e) {
            if (errors.equals("ignore") || errors.equals("warn")) {
                if (state != null) {
                    state.forget(e);
                }
                return wantlist ? new ArrayList<>() : null;
            }
            throw RenderState.fail(e);
        }
        if (READS_OUTSIDE.contains(name)) {
            // what a lookup read from the outside world is data, never a template (Ansible's allow_unsafe_lookups off)
            dev.rigger.Unsafe.mark(result);
            if (state != null) {
                state.taint();
            }
        }
        if (wantlist) {
            return result;
        }
        if (result.isEmpty()) {
            return result;
        }
        if (result.stream().allMatch(o -> o instanceof String)) {
            String joined = String.join(",", result.stream().map(o -> (String) o).toList());
            return READS_OUTSIDE.contains(name) ? dev.rigger.Unsafe.mark(joined) : joined;
        }
        return result.size() == 1 ? result.get(0) : result;
    }

    private static List<Object> env(List<Object> terms, Map<String, Object> kw) {
        List<Object> out = new ArrayList<>();
        for (Object t : terms) {
            String[] words = Py.str(t).strip().split("\\s+");
            String v = System.getenv(words[0]);
            out.add(v != null ? v : kw.containsKey("default") ? kw.get("default") : "");
        }
        return out;
    }

    private static List<Object> file(RenderState state, List<Object> terms, Map<String, Object> kw) {
        List<Object> out = new ArrayList<>();
        boolean rstrip = !kw.containsKey("rstrip") || Py.truthy(kw.get("rstrip"));
        boolean lstrip = kw.containsKey("lstrip") && Py.truthy(kw.get("lstrip"));
        for (Object t : terms) {
            Path p = find(state, "files", Py.str(t));
            if (p == null) {
                throw RenderState.fail("could not locate file in lookup: " + Py.str(t) + " (searched "
                        + searchDirs(state, "files") + ")");
            }
            String s = read(p);
            out.add(TextFilters.strip(s, null, lstrip, rstrip));
        }
        return out;
    }

    private static List<Object> template(RenderState state, List<Object> terms, Map<String, Object> kw) {
        List<Object> out = new ArrayList<>();
        for (Object t : terms) {
            Path p = find(state, "templates", Py.str(t));
            if (p == null) {
                throw RenderState.fail("the template file " + Py.str(t) + " could not be found for the lookup (searched "
                        + searchDirs(state, "templates") + ")");
            }
            Map<String, Object> vars = state == null ? new LinkedHashMap<>() : state.vars;
            if (kw.get("template_vars") instanceof Map<?, ?> extra) {
                Map<String, Object> merged = new LinkedHashMap<>(vars);
                extra.forEach((k, v) -> merged.put(Py.str(k), v));
                vars = merged;
            }
            Templar templar = state == null ? new Templar() : state.templar;
            out.add(templar.renderText(read(p), vars));
        }
        return out;
    }

    private static List<Object> vars(RenderState state, List<Object> terms, Map<String, Object> kw) {
        List<Object> out = new ArrayList<>();
        for (Object t : terms) {
            String n = Py.str(t);
            if (state != null && state.vars.containsKey(n)) {
                out.add(state.vars.get(n));
            } else if (kw.containsKey("default")) {
                out.add(kw.get("default"));
            } else {
                throw RenderState.fail("No variable found with this name: " + n);
            }
        }
        return out;
    }

    private static List<Object> pipe(RenderState state, List<Object> terms, boolean lines) {
        Object pd = state == null ? null : state.vars.get("playbook_dir");
        java.io.File cwd = pd instanceof String s && !s.isEmpty() && Files.isDirectory(Path.of(s)) ? new java.io.File(s)
                : null;
        List<Object> out = new ArrayList<>();
        for (Object t : terms) {
            String cmd = Py.str(t);
            try {
                Process p = new ProcessBuilder("/bin/sh", "-c", cmd).directory(cwd).redirectErrorStream(false)
                        .start();
                p.getOutputStream().close();
                byte[] stdout = p.getInputStream().readAllBytes();
                if (!p.waitFor(PIPE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw RenderState.fail("lookup_plugin.pipe(" + cmd + ") timed out after " + PIPE_TIMEOUT_SECONDS
                            + " s");
                }
                if (p.exitValue() != 0) {
                    throw RenderState.fail("lookup_plugin.pipe(" + cmd + ") returned " + p.exitValue());
                }
                String s = new String(stdout, StandardCharsets.UTF_8);
                if (lines) {
                    out.addAll(TextFilters.splitlines(s));
                } else {
                    out.add(TextFilters.strip(s, null, false, true));
                }
            } catch (IOException e) {
                throw RenderState.fail("lookup_plugin.pipe(" + cmd + ") could not run: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RenderState.fail("lookup_plugin.pipe(" + cmd + ") interrupted");
            }
        }
        return out;
    }

    private static List<Object> fileglob(RenderState state, List<Object> terms) {
        List<Object> out = new ArrayList<>();
        for (Object t : terms) {
            String term = Py.str(t);
            Path pattern = Path.of(term);
            String glob = pattern.getFileName() == null ? "*" : pattern.getFileName().toString();
            List<Path> dirs = new ArrayList<>();
            if (pattern.isAbsolute()) {
                dirs.add(pattern.getParent());
            } else {
                for (Path d : searchDirs(state, "files")) {
                    dirs.add(pattern.getParent() == null ? d : d.resolve(pattern.getParent()));
                }
            }
            for (Path d : dirs) {
                if (!Files.isDirectory(d)) {
                    continue;
                }
                List<String> found = new ArrayList<>();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(d, glob)) {
                    for (Path p : ds) {
                        if (Files.isRegularFile(p)) {
                            found.add(p.toAbsolutePath().normalize().toString());
                        }
                    }
                } catch (IOException e) {
                    throw RenderState.fail("fileglob: cannot list " + d + ": " + e.getMessage());
                }
                if (!found.isEmpty()) {
                    found.sort(null);
                    out.addAll(found);
                    break;
                }
            }
        }
        return out;
    }

    /** first_found as ansible-core 2.14's _process_terms/run: files x paths in order, the first that exists wins. */
    private static List<Object> firstFound(RenderState state, List<Object> terms, Map<String, Object> kw,
            String subdir) {
        boolean[] skip = {false};
        List<String> totalSearch = processTerms(terms, kw, skip);
        for (String fn : totalSearch) {
            if (fn.isEmpty()) {
                continue;
            }
            Path found = find(state, subdir, fn);
            if (found != null) {
                return new ArrayList<>(List.of(found.toString()));
            }
        }
        if (skip[0]) {
            return new ArrayList<>();
        }
        throw RenderState.fail("No file was found when using first_found.");
    }

    private static List<String> processTerms(List<?> terms, Map<String, Object> kw, boolean[] skip) {
        List<String> totalSearch = new ArrayList<>();
        for (Object term : terms) {
            Map<?, ?> options;
            if (term instanceof Map<?, ?> m) {
                options = m;
            } else if (term instanceof String) {
                options = kw;
            } else if (term instanceof List<?> l) {
                totalSearch.addAll(processTerms(l, kw, skip));
                continue;
            } else {
                throw RenderState.fail("Invalid term supplied, can handle string, mapping or list of strings but got: "
                        + "<class '" + Py.typeName(term) + "'> for " + Py.str(term));
            }
            List<String> files = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            splitOn(files, options.get("files"), ",;");
            splitOn(paths, options.get("paths"), ",:;");
            skip[0] = LoopLookups.boolish(options.get("skip"));
            if (!paths.isEmpty()) {
                for (String p : paths) {
                    for (String f : files) {
                        totalSearch.add(p.isEmpty() || f.startsWith("/") ? f : p.endsWith("/") ? p + f : p + "/" + f);
                    }
                }
            } else if (!files.isEmpty()) {
                totalSearch = files;
            } else {
                totalSearch.add(Py.str(term));
            }
        }
        return totalSearch;
    }

    /** first_found's _split_on: a string split on any of {@code chars} (empty pieces kept), a list recursively. */
    private static void splitOn(List<String> out, Object v, String chars) {
        if (v == null) {
            return;
        }
        if (v instanceof String s) {
            StringBuilder cur = new StringBuilder();
            for (char c : s.toCharArray()) {
                if (chars.indexOf(c) >= 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(c);
                }
            }
            out.add(cur.toString());
            return;
        }
        for (Object o : Py.asList(v)) {
            splitOn(out, o, chars);
        }
    }

    private static List<Object> dictItems(List<Object> terms) {
        List<Object> out = new ArrayList<>();
        for (Object t : terms) {
            for (Map.Entry<String, Object> e : Py.asMap(t, "dict lookup").entrySet()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("key", e.getKey());
                item.put("value", e.getValue());
                out.add(item);
            }
        }
        return out;
    }

    /** Where relative lookup paths are searched, as Ansible does: the role's, then the playbook's, then the cwd. */
    static List<Path> searchDirs(RenderState state, String sub) {
        List<Path> dirs = new ArrayList<>();
        if (state != null) {
            for (String var : new String[] {"role_path", "playbook_dir"}) {
                Object d = state.vars.get(var);
                if (d instanceof String s && !s.isEmpty()) {
                    dirs.add(Path.of(s, sub));
                    dirs.add(Path.of(s));
                }
            }
        }
        dirs.add(Path.of("").toAbsolutePath());
        return dirs;
    }

    static Path find(RenderState state, String sub, String file) {
        Path p = Path.of(PathFilters.expanduser(file));
        if (p.isAbsolute()) {
            return Files.exists(p) ? p : null;
        }
        for (Path d : searchDirs(state, sub)) {
            Path c = d.resolve(p);
            if (Files.exists(c)) {
                return c.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    private static String read(Path p) {
        try {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            if (dev.rigger.vault.Vault.isEncrypted(text)) {
                // never the ciphertext as the file's content
                throw RenderState.fail("rigger's limit: " + p + " is vaulted, and lookups do not decrypt vaulted files"
                        + " yet (vars files, include_vars and copy/template src do)");
            }
            return text;
        } catch (IOException e) {
            throw RenderState.fail("could not read " + p + ": " + e.getMessage());
        }
    }
}
