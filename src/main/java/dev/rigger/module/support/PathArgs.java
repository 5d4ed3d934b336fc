package dev.rigger.module.support;

import dev.rigger.AnsibleBool;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.ModuleContext;
import dev.rigger.module.ModuleSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's {@code type='path'}: {@code os.path.expanduser(os.path.expandvars(value))}, done where Ansible does it,
 * on the rig as the task's user (its become user and environment): {@code ~}, {@code ~user}, {@code $VAR} and
 * {@code ${VAR}}; an unset variable or unknown user is left as written, as Python leaves it. One round trip, and
 * only when a path argument holds a {@code ~} at its start or a {@code $}. A controller path (copy's src without
 * remote_src) is expanded on the controller, as Ansible's action plugin does.
 */
public final class PathArgs {
    private static final Pattern VAR = Pattern.compile("\\$(\\w+|\\{[^}]*\\})");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*\\$?");

    private PathArgs() {
    }

    /** {@code args} with every path argument of {@code spec} expanded; the same map when none needs it. */
    public static Map<String, Object> expand(ModuleSpec spec, Map<String, Object> args, ModuleContext ctx)
            throws IOException {
        Set<String> vars = new LinkedHashSet<>();
        Set<String> users = new LinkedHashSet<>();
        boolean home = false;
        List<String> paths = new ArrayList<>();
        Map<String, Object> local = new LinkedHashMap<>(args);
        boolean localChanged = false;
        for (Map.Entry<String, ModuleSpec.ArgType> e : spec.types().entrySet()) {
            ModuleSpec.ArgType.Kind kind = e.getValue().kind();
            if (!(args.get(e.getKey()) instanceof String s) || !(s.startsWith("~") || s.contains("$"))) {
                continue;
            }
            if (kind == ModuleSpec.ArgType.Kind.CONTROLLER_PATH && !AnsibleBool.isTrue(args.get("remote_src"))) {
                // read by the action plugin on the controller: Ansible's unfrackpath expands it there
                local.put(e.getKey(), expandUser(expandVars(s, System.getenv()), System.getProperty("user.home"),
                        Map.of()));
                localChanged = true;
                continue;
            }
            if (kind == ModuleSpec.ArgType.Kind.PATH || kind == ModuleSpec.ArgType.Kind.CONTROLLER_PATH) {
                paths.add(e.getKey());
                Matcher m = VAR.matcher(s);
                while (m.find()) {
                    String n = name(m.group(1));
                    if (NAME.matcher(n).matches()) {
                        vars.add(n);
                    }
                }
                String u = tildeUser(s);
                if (u != null && u.isEmpty()) {
                    home = true;
                } else if (u != null && USER.matcher(u).matches()) {
                    users.add(u);
                }
            }
        }
        if (paths.isEmpty()) {
            return localChanged ? local : args;
        }
        StringBuilder script = new StringBuilder();
        script.append(home ? "printf 'P%s\\0' ~\n" : "printf 'U\\0'\n");
        for (String v : vars) {
            script.append("if [ -n \"${").append(v).append("+x}\" ]; then printf 'P%s\\0' \"$").append(v)
                    .append("\"; else printf 'U\\0'; fi\n");
        }
        for (String u : users) {
            script.append("h=$(getent passwd ").append(Shell.quote(u)).append(" | cut -d: -f6); if [ -n \"$h\" ]; ")
                    .append("then printf 'P%s\\0' \"$h\"; else printf 'U\\0'; fi\n");
        }
        ExecResult r = ctx.run(script.toString());
        String[] parts = r.stdout().split("\0", -1);
        if (r.rc() != 0 || parts.length < 1 + vars.size() + users.size()) {
            throw new ArgException("could not expand the path arguments " + paths + " on the host: "
                    + r.stderr().trim());
        }
        int i = 0;
        String homeDir = value(parts[i++]);
        Map<String, String> varValues = new LinkedHashMap<>();
        for (String v : vars) {
            varValues.put(v, value(parts[i++]));
        }
        Map<String, String> homes = new LinkedHashMap<>();
        for (String u : users) {
            homes.put(u, value(parts[i++]));
        }
        Map<String, Object> out = local;
        for (String p : paths) {
            out.put(p, expandUser(expandVars((String) out.get(p), varValues), homeDir, homes));
        }
        return out;
    }

    /**
     * Each of {@code values} expanded as a path (a module that expands the elements of a list itself, as find does
     * its {@code paths}); one round trip only when one of them needs it.
     */
    public static List<String> expandEach(List<String> values, ModuleContext ctx) throws IOException {
        ModuleSpec.Builder b = ModuleSpec.builder();
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            b.path("p" + i);
            args.put("p" + i, values.get(i));
        }
        Map<String, Object> out = expand(b.build(), args, ctx);
        List<String> expanded = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            expanded.add(String.valueOf(out.get("p" + i)));
        }
        return expanded;
    }

    /** {@code os.path.expandvars} with the rig's values ({@code null}: unset, left as written). */
    static String expandVars(String s, Map<String, String> values) {
        Matcher m = VAR.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = values.get(name(m.group(1)));
            m.appendReplacement(b, Matcher.quoteReplacement(v == null ? m.group(0) : v));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** {@code os.path.expanduser}: {@code ~} is {@code home}, {@code ~name} is {@code homes}' (else unchanged). */
    static String expandUser(String s, String home, Map<String, String> homes) {
        String u = tildeUser(s);
        if (u == null) {
            return s;
        }
        String h = u.isEmpty() ? home : homes.get(u);
        if (h == null) {
            return s;
        }
        int slash = s.indexOf('/');
        String rest = slash < 0 ? "" : s.substring(slash);
        String base = h.replaceAll("/+$", "");
        return base.isEmpty() && rest.isEmpty() ? "/" : base + rest;
    }

    /** The user a leading {@code ~} names ("" for the task's own), or null when there is none. */
    private static String tildeUser(String s) {
        if (!s.startsWith("~")) {
            return null;
        }
        int slash = s.indexOf('/');
        return s.substring(1, slash < 0 ? s.length() : slash);
    }

    private static String name(String g) {
        return g.startsWith("{") ? g.substring(1, g.length() - 1) : g;
    }

    private static String value(String part) {
        return part.startsWith("P") ? part.substring(1) : null;
    }
}
