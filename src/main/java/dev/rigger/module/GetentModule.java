package dev.rigger.module;

import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.TextFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ansible.builtin.getent: runs {@code getent <database> [<key>] [-s <service>]} on the host and returns its entries
 * as the fact {@code getent_<database>}: each line split on {@code split} (':' for passwd, shadow, group and gshadow,
 * else on whitespace), the first field the key, the rest its list; a key seen twice holds a list of those lists.
 * Reads only, so it runs in check mode too, as Ansible's (supports_check_mode).
 */
public final class GetentModule extends BaseModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .required("database")
            .args("key", "service", "split")
            .bool("fail_key")
            .build();
    private static final Set<String> COLON = Set.of("passwd", "shadow", "group", "gshadow");
    private static final String NOT_FOUND = "rigger-getent-not-found ";
    /** The traceback's last line stands for it: Ansible's module raises there (a Python error, not a message). */
    private static final String MODULE_FAILURE = "MODULE FAILURE\nSee stdout/stderr for the exact error";

    @Override
    public String name() {
        return "getent";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String database = a.str("database");
        String key = a.str("key");
        String service = a.str("service");
        String split = a.str("split");
        boolean failKey = a.bool("fail_key", true);
        if (split == null && COLON.contains(database)) {
            split = ":";
        }
        List<String> argv = new ArrayList<>(List.of(database));
        if (key != null) {
            argv.add(key);
        }
        if (service != null) {
            argv.add("-s");
            argv.add(service);
        }
        ExecResult r = ctx.run(script(Shell.join(argv)));
        String err = r.stderr();
        if (r.rc() == 127 && err.startsWith(NOT_FOUND)) {
            return ModuleResult.failed("Failed to find required executable \"getent\" in paths: "
                    + err.substring(NOT_FOUND.length()).strip());
        }
        String dbtree = "getent_" + database;
        Map<String, Object> entries = new LinkedHashMap<>();
        String msg;
        switch (r.rc()) {
            case 0 -> {
                try {
                    parse(r.stdout(), split, entries);
                } catch (IllegalArgumentException e) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("module_stderr", e.getMessage());
                    d.put("module_stdout", "");
                    d.put("rc", 1);
                    return ModuleResult.failed(MODULE_FAILURE, d);
                }
                return ok(dbtree, entries, null);
            }
            case 1 -> msg = "Missing arguments, or database unknown.";
            case 2 -> {
                msg = "One or more supplied key could not be found in the database.";
                if (!failKey) {
                    entries.put(key == null ? "null" : key, null);
                    return ok(dbtree, entries, msg);
                }
            }
            case 3 -> msg = "Enumeration not supported on this database.";
            default -> msg = "Unexpected failure!";
        }
        return ModuleResult.failed(msg);
    }

    /**
     * Finds getent as Ansible's get_bin_path: in PATH, then /sbin, /usr/sbin, /usr/local/sbin where they exist and
     * PATH lacks them; none is a marker on stderr with the paths searched.
     */
    private static String script(String args) {
        return "set -f; p=\"$PATH\"; for d in /sbin /usr/sbin /usr/local/sbin; do case \":$p:\" in *\":$d:\"*) ;; "
                + "*) [ -e \"$d\" ] && p=\"$p:$d\";; esac; done; g=; IFS=:; for d in $p; do "
                + "[ -n \"$d\" ] && [ -f \"$d/getent\" ] && [ -x \"$d/getent\" ] && { g=\"$d/getent\"; break; }; done; "
                + "unset IFS; if [ -z \"$g\" ]; then printf '" + NOT_FOUND + "%s' \"$p\" >&2; exit 127; fi; "
                + "exec \"$g\" " + args;
    }

    /** Ansible's loop: a key seen again turns its value into a list of the records' fields. */
    static void parse(String out, String split, Map<String, Object> entries) {
        Map<String, Integer> seen = new HashMap<>();
        for (String raw : TextFile.splitlinesKeep(out)) {
            List<Object> record = split == null ? whitespaceSplit(stripEnd(raw)) : sepSplit(stripEnd(raw), split);
            if (record.isEmpty()) {
                throw new IllegalArgumentException("IndexError: list index out of range");
            }
            String k = (String) record.get(0);
            List<Object> fields = new ArrayList<>(record.subList(1, record.size()));
            Integer n = seen.get(k);
            if (n == null) {
                entries.put(k, fields);
                seen.put(k, 1);
                continue;
            }
            if (n == 1) {
                List<Object> first = new ArrayList<>();
                first.add(entries.get(k));
                entries.put(k, first);
            }
            @SuppressWarnings("unchecked")
            List<Object> all = (List<Object>) entries.get(k);
            all.add(fields);
            seen.put(k, n + 1);
        }
    }

    private static ModuleResult ok(String dbtree, Map<String, Object> entries, String msg) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put(dbtree, entries);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ansible_facts", facts);
        if (msg != null) {
            data.put("msg", msg);
        }
        return ModuleResult.ok(data).withFacts(facts);
    }

    /** The line without the line break splitlinesKeep left on it. */
    private static String stripEnd(String line) {
        int e = line.length();
        if (e > 0 && line.charAt(e - 1) == '\n' && e > 1 && line.charAt(e - 2) == '\r') {
            return line.substring(0, e - 2);
        }
        return e > 0 && isBreak(line.charAt(e - 1)) ? line.substring(0, e - 1) : line;
    }

    private static boolean isBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u000b' || c == '\u000c' || c == '\u001c' || c == '\u001d'
                || c == '\u001e' || c == '\u0085';
    }

    /** Python's str.split(sep): an exact separator; an empty one is Python's ValueError. */
    private static List<Object> sepSplit(String s, String sep) {
        if (sep.isEmpty()) {
            throw new IllegalArgumentException("ValueError: empty separator");
        }
        List<Object> out = new ArrayList<>();
        int at = 0;
        for (int j = s.indexOf(sep); j >= 0; j = s.indexOf(sep, at)) {
            out.add(s.substring(at, j));
            at = j + sep.length();
        }
        out.add(s.substring(at));
        return out;
    }

    /** Python's str.split(): runs of whitespace, none at either end. */
    private static List<Object> whitespaceSplit(String s) {
        List<Object> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && pySpace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < s.length() && !pySpace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    private static boolean pySpace(char c) {
        return Character.isWhitespace(c) || c == '\u0085' || c == '\u00a0' || c == '\u2007' || c == '\u202f';
    }
}
