package dev.rigger.module;

import dev.rigger.AnsibleBool;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.Attrs;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.Content;
import dev.rigger.module.support.TextFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ansible.posix.sysctl (1.5.4), ported from its module: the running value ({@code sysctl -e -n}) and the file are
 * read in one round trip; the file is rewritten as Ansible rewrites it (every line stripped, the key's first line
 * replaced, later duplicates dropped, a missing key appended); {@code sysctl -w} with sysctl_set; {@code sysctl -p
 * FILE} when something changed and reload is on, failing as Ansible does ("Failed to reload sysctl: ...").
 */
public final class SysctlModule extends BaseModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .required("name")
            .args("value", "sysctl_file")
            .alias("key", "name").alias("val", "value")
            .choices("state", "present", "absent")
            .bool("reload", "sysctl_set", "ignoreerrors")
            .path("sysctl_file")
            .requiredIf("state", "present", "value")
            .build();
    private static final Pattern STDERR_FAILED = Pattern.compile(
            "^sysctl: setting key \"[^\"]+\": (Invalid argument|Read-only file system)$", Pattern.MULTILINE);

    @Override
    public String name() {
        return "sysctl";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String name = a.required("name").strip();
        String state = a.choice("state", "present");
        Object rawValue = a.raw("value");
        if (state.equals("present") && rawValue == null) {
            return ModuleResult.failed("value cannot be None");
        }
        if (name.isEmpty()) {
            return ModuleResult.failed("name cannot be blank");
        }
        if (state.equals("present") && "".equals(rawValue)) {
            return ModuleResult.failed("value cannot be blank");
        }
        String value = parse(rawValue);
        boolean reload = a.bool("reload", true);
        boolean sysctlSet = a.bool("sysctl_set", false);
        boolean ignore = a.bool("ignoreerrors", false);
        String file = a.str("sysctl_file", "/etc/sysctl.conf");

        ExecResult probe = ctx.run("command -v sysctl >/dev/null 2>&1 || { echo 'Failed to find required executable "
                + "\"sysctl\"' >&2; exit 3; }; v=$(LANG=C LC_ALL=C sysctl -e -n " + Shell.quote(name)
                + " 2>/dev/null; echo x); rc=$?; printf '%s\\0%s' \"$rc\" \"${v%x}\"");
        if (probe.rc() == 3) {
            return ModuleResult.failed(probe.stderr().trim());
        }
        String[] pv = probe.stdout().split("\0", 2);
        String procValue = pv.length == 2 && pv[0].equals("0") ? pv[1] : null;
        TextFile tf = TextFile.read(ctx, file);
        List<String> fileLines = new ArrayList<>();
        Map<String, String> fileValues = new LinkedHashMap<>();
        if (tf.info().isFile()) {
            for (String raw : TextFile.lines(new String(tf.bytes(), StandardCharsets.UTF_8))) {
                String line = raw.strip();
                fileLines.add(line);
                if (line.isEmpty() || line.startsWith("#") || line.startsWith(";") || !line.contains("=")) {
                    continue;
                }
                int eq = line.indexOf('=');
                fileValues.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        String fileValue = fileValues.get(name);
        List<String> fixed = fix(fileLines, name, value, state);
        boolean changed = false;
        boolean setProc = false;
        boolean writeFile = false;
        if (fileValue == null && state.equals("present")) {
            changed = true;
            writeFile = true;
        } else if (fileValue == null) {
            changed = false;
        } else if (!fileValue.isEmpty() && state.equals("absent")) {
            changed = true;
            writeFile = true;
        } else if (!fileValue.equals(value)) {
            changed = true;
            writeFile = true;
        } else if (reload) {
            if (procValue == null || !equal(procValue, value)) {
                changed = true;
            }
        }
        if (sysctlSet && state.equals("present")) {
            if (procValue == null) {
                changed = true;
            } else if (!equal(procValue, value)) {
                changed = true;
                setProc = true;
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        if (!ctx.checkMode()) {
            if (setProc) {
                ExecResult r = ctx.run("LANG=C LC_ALL=C sysctl " + (ignore ? "-e " : "") + "-w " + Shell.quote(name + "="
                        + value));
                if (r.rc() != 0 || STDERR_FAILED.matcher(r.stderr()).find()) {
                    return ModuleResult.failed("setting " + name + " failed: " + r.stdout() + r.stderr(), data);
                }
            }
            if (writeFile) {
                StringBuilder out = new StringBuilder();
                for (String l : fixed) {
                    out.append(l.strip()).append('\n');
                }
                Content.write(ctx, tf.writePath(), out.toString().getBytes(StandardCharsets.UTF_8), tf.info(),
                        new Attrs(null, null, null), false, null);
            }
            if (changed && reload) {
                ExecResult r = ctx.run("LANG=C LC_ALL=C sysctl " + (ignore ? "-e " : "") + "-p " + Shell.quote(file));
                if (r.rc() != 0 || STDERR_FAILED.matcher(r.stderr()).find()) {
                    return ModuleResult.failed("Failed to reload sysctl: " + r.stdout() + r.stderr(), data);
                }
            }
        }
        return changed ? ModuleResult.changed(data) : ModuleResult.ok(data);
    }

    /** Ansible's fix_lines: the file's lines with the key's first line set (or dropped), its duplicates dropped. */
    static List<String> fix(List<String> lines, String name, String value, String state) {
        List<String> checked = new ArrayList<>();
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith(";") || !line.contains("=")) {
                out.add(line);
                continue;
            }
            int eq = t.indexOf('=');
            String k = t.substring(0, eq).strip();
            String v = t.substring(eq + 1).strip();
            if (!checked.contains(k)) {
                checked.add(k);
                if (k.equals(name)) {
                    if (state.equals("present")) {
                        out.add(k + "=" + value + "\n");
                    }
                } else {
                    out.add(k + "=" + v + "\n");
                }
            }
        }
        if (!checked.contains(name) && state.equals("present")) {
            out.add(name + "=" + value + "\n");
        }
        return out;
    }

    /** Ansible's _parse_value: booleans to 1/0, text stripped. */
    static String parse(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        String s = String.valueOf(v);
        Boolean b = AnsibleBool.parse(s);
        return b == null ? s.strip() : b ? "1" : "0";
    }

    /** Ansible's _values_is_equal: the same whitespace-separated words in the same order. */
    static boolean equal(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return List.of(a.strip().split("\\s+")).equals(List.of(b.strip().split("\\s+")));
    }
}
