package dev.rigger.module;

import dev.rigger.Shlex;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.BinPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * community.general.modprobe (6.6.2), ported from its module. One round trip inspects: the modprobe binary (Ansible's
 * get_bin_path message when missing), {@code uname -r}, whether the module is loaded ({@code /proc/modules}, then
 * {@code /lib/modules/RELEASE/modules.builtin}; a file that cannot be opened fails with Python's
 * {@code [Errno N] ...: 'PATH'}, as Ansible does inside a container without them) and, for {@code persistent}, the
 * files of /etc/modules-load.d and /etc/modprobe.d. Then the module's own commands: {@code modprobe [-n] NAME
 * PARAMS...} or {@code modprobe -r NAME [-n]}, failing with modprobe's stderr, rc, stdout and stderr.
 *
 * <p>As Ansible's module, {@code persistent} edits its files in check mode too (the module does not look at
 * check mode there), and comments lines out by rewriting the file as {@code '\n'.join(readlines())}.
 * {@code _root} (undocumented, for tests) prefixes every path the module reads or writes.
 */
public final class ModprobeModule extends BaseModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .required("name")
            .args("params", "_root")
            .choices("state", "absent", "present")
            .choices("persistent", "disabled", "present", "absent")
            .checkMode(ModuleSpec.CheckMode.FULL)
            .build();
    private static final String OPEN = "rg_open() { if [ ! -e \"$1\" ]; then echo 2; elif [ -d \"$1\" ]; then echo 21;"
            + " elif [ ! -r \"$1\" ]; then echo 13; else echo 0; fi; }\n";
    /** Prints {@code L<TAB>1|0}, or {@code E<TAB>ERRNO<TAB>PATH} for a file Python could not open. */
    private static final String LOADED = OPEN
            + "rg_loaded() { e=$(rg_open \"$rg_pm\"); [ \"$e\" = 0 ] || { printf 'E\\t%s\\t%s\\n' \"$e\" \"$rg_pm\"; "
            + "return; }; if rg_m=\"$rg_mn \" awk 'index($0, ENVIRON[\"rg_m\"]) == 1 { f = 1; exit } END { exit !f }'"
            + " \"$rg_pm\"; then printf 'L\\t1\\n'; return; fi; rg_b=\"$rg_root/lib/modules/$rg_rel/modules.builtin\"; "
            + "e=$(rg_open \"$rg_b\"); [ \"$e\" = 0 ] || { printf 'E\\t%s\\t%s\\n' \"$e\" \"$rg_b\"; return; }; "
            + "if rg_k=\"/$rg_name.ko\" awk '{ sub(/[ \\t\\r\\n\\v\\f]+$/, \"\"); k = ENVIRON[\"rg_k\"]; "
            + "if (length($0) >= length(k) && substr($0, length($0) - length(k) + 1) == k) { f = 1; exit } } "
            + "END { exit !f }' \"$rg_b\"; then printf 'L\\t1\\n'; else printf 'L\\t0\\n'; fi; }\n";
    private static final String[] ERRNO = {"", "", "No such file or directory", "", "", "", "", "", "", "", "", "",
        "", "Permission denied", "", "", "", "", "", "", "", "Is a directory"};

    @Override
    public String name() {
        return "modprobe";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    /** What one inspection found: the binary, the release, loaded (or Python's error) and the files. */
    private record Seen(String bin, String release, Boolean loaded, String error, ModprobeFiles files) {
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String name = a.required("name");
        String state = a.choice("state", "present");
        String params = a.str("params", "");
        String persistent = a.choice("persistent", "disabled");
        String root = a.str("_root", "");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", name);
        result.put("params", params);
        result.put("state", state);

        String vars = "rg_name=" + Shell.quote(name) + "; rg_mn=" + Shell.quote(name.replace('-', '_'))
                + "; rg_root=" + Shell.quote(root) + "; rg_pm=\"$rg_root/proc/modules\"\n";
        StringBuilder script = new StringBuilder(BinPath.FUNCTION).append(LOADED).append(vars)
                .append(BinPath.require("rg_mp", "modprobe"))
                .append("rg_rel=$(uname -r)\nprintf 'B\\t%s\\nR\\t%s\\n' \"$rg_mp\" \"$rg_rel\"\nrg_loaded\n");
        if (!persistent.equals("disabled")) {
            script.append(ModprobeFiles.script());
        }
        ExecResult probe = ctx.run(script.toString());
        String missing = BinPath.missing(probe);
        if (missing != null) {
            return ModuleResult.failed(missing);
        }
        Seen seen = parse(probe.stdout(), persistent.equals("disabled") ? null : root);
        if (seen.bin() == null) {
            return ModuleResult.failed("modprobe: cannot inspect " + ctx.hostName() + ": " + probe.stderr().strip(),
                    result);
        }
        ModuleResult fail = ioError(seen.error(), result);
        if (fail != null) {
            return fail;
        }
        List<String> extra = Shlex.split(params);
        boolean changed = false;
        List<String> warnings = new ArrayList<>();
        if (state.equals("present") && !seen.loaded()) {
            List<String> cmd = new ArrayList<>(List.of(seen.bin()));
            if (ctx.checkMode()) {
                cmd.add("-n");
            }
            cmd.add(name);
            cmd.addAll(extra);
            ExecResult r = ctx.run(join(cmd));
            if (r.rc() != 0) {
                return commandFailed(r, result);
            }
            if (ctx.checkMode()) {
                changed = true;
            } else {
                List<String> first = new ArrayList<>(List.of(seen.bin(), "-n", "--first-time", name));
                first.addAll(extra);
                ExecResult again = ctx.run(LOADED + vars + "rg_rel=" + Shell.quote(seen.release()) + "\nrg_loaded\n"
                        + "printf 'X\\n'; " + join(first) + " >/dev/null");
                Seen now = parse(again.stdout(), null);
                fail = ioError(now.error(), result);
                if (fail != null) {
                    return fail;
                }
                if (now.loaded()) {
                    changed = true;
                } else if (again.rc() != 0) {
                    warnings.add(again.stderr());
                }
            }
        } else if (state.equals("absent") && seen.loaded()) {
            List<String> cmd = new ArrayList<>(List.of(seen.bin(), "-r", name));
            if (ctx.checkMode()) {
                cmd.add("-n");
            }
            ExecResult r = ctx.run(join(cmd));
            if (r.rc() != 0) {
                return commandFailed(r, result);
            }
            changed = true;
        }
        if (seen.files() != null) {
            String broken = seen.files().missingDir();
            if (broken != null) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("module_stderr", "FileNotFoundError: [Errno 2] No such file or directory: '" + broken
                        + "'\n");
                data.put("rc", 1);
                return ModuleResult.failed("MODULE FAILURE\nSee stdout/stderr for the exact error", data);
            }
            ModprobeFiles.Plan plan = seen.files().plan(name, params, persistent);
            for (Map.Entry<String, String> w : plan.writes().entrySet()) {
                ExecResult r = ctx.connection().exec(ctx.command("cat > " + Shell.quote(w.getKey()))
                        .withStdin(w.getValue().getBytes(StandardCharsets.UTF_8)));
                if (r.rc() != 0) {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("module_stderr", r.stderr());
                    data.put("rc", 1);
                    return ModuleResult.failed("MODULE FAILURE\nSee stdout/stderr for the exact error", data);
                }
            }
            changed |= plan.changed();
        }
        if (!warnings.isEmpty()) {
            result.put("warnings", warnings);
        }
        return changed ? ModuleResult.changed(result) : ModuleResult.ok(result);
    }

    private static Seen parse(String out, String filesRoot) {
        String bin = null;
        String release = null;
        Boolean loaded = null;
        String error = null;
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", 3);
            switch (f[0]) {
                case "B" -> bin = f.length > 1 ? f[1] : "";
                case "R" -> release = f.length > 1 ? f[1] : "";
                case "L" -> loaded = f.length > 1 && f[1].equals("1");
                case "E" -> error = f.length > 2 ? f[1] + "\t" + f[2] : "2\t?";
                default -> {
                }
            }
            if (f[0].equals("E") || f[0].equals("L")) {
                break;
            }
        }
        ModprobeFiles files = filesRoot == null ? null : ModprobeFiles.parse(out, filesRoot);
        return new Seen(bin, release, loaded, error, files);
    }

    /** Python's to_native(OSError) for a file the module could not open: {@code [Errno 2] No such file ...: 'p'}. */
    private static ModuleResult ioError(String error, Map<String, Object> result) {
        if (error == null) {
            return null;
        }
        String[] e = error.split("\t", 2);
        int n = Integer.parseInt(e[0]);
        String text = n < ERRNO.length && !ERRNO[n].isEmpty() ? ERRNO[n] : "Error";
        String msg = "[Errno " + n + "] " + text + ": '" + e[1] + "'";
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("exception", (n == 2 ? "FileNotFoundError" : n == 13 ? "PermissionError" : n == 21
                ? "IsADirectoryError" : "OSError") + ": " + msg + "\n");
        data.putAll(result);
        return ModuleResult.failed(msg, data);
    }

    private static ModuleResult commandFailed(ExecResult r, Map<String, Object> result) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rc", r.rc());
        data.put("stdout", r.stdout());
        data.put("stderr", r.stderr());
        data.putAll(result);
        return ModuleResult.failed(r.stderr(), data);
    }

    private static String join(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            sb.append(sb.length() == 0 ? "" : " ").append(Shell.quote(w));
        }
        return sb.toString();
    }
}
