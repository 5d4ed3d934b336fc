package dev.rigger.module;

import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.system.PipRequirement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ansible.builtin.pip: {@code pip list --format=freeze} to inspect; named packages are installed/removed only when
 * the installed list does not satisfy them. latest/forcereinstall/requirements run pip and decide changed from its
 * output (latest: "Successfully installed") or from the freeze before/after (requirements), as Ansible.
 */
public final class PipModule extends BaseModule {

    @Override
    public String name() {
        return "pip";
    }

    @Override
    public ModuleSpec spec() {
        return ModuleSpec.builder().args("name", "version", "requirements", "virtualenv", "virtualenv_command",
                "virtualenv_python", "executable", "extra_args", "chdir", "umask")
                .choices("state", "present", "absent", "latest", "forcereinstall")
                .bool("virtualenv_site_packages", "editable", "break_system_packages")
                .list("name")
                .mutuallyExclusive("name", "requirements")
                .mutuallyExclusive("executable", "virtualenv")
                .requiredOneOf("name", "requirements")
                .path("chdir", "executable", "virtualenv", "virtualenv_command")
                .build();
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String state = a.choice("state", "present");
        List<String> names = a.list("name");
        String req = a.str("requirements");
        if (names.isEmpty() == (req == null)) {
            return ModuleResult.failed("pip: give exactly one of name or requirements");
        }
        if (a.has("version") && names.size() != 1) {
            return ModuleResult.failed("pip: version needs exactly one name");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        String chdir = a.has("chdir") ? "cd " + Shell.quote(a.str("chdir")) + " && " : "";
        String venv = a.str("virtualenv");
        String pip;
        boolean venvMissing = false;
        if (a.has("executable")) {
            pip = Shell.quote(a.str("executable"));
        } else if (venv != null) {
            pip = Shell.quote(venv + "/bin/pip");
            venvMissing = !ctx.run("test -x " + Shell.quote(venv + "/bin/python")).ok();
        } else {
            pip = "$(command -v pip3 >/dev/null 2>&1 && echo pip3 || echo 'python3 -m pip')";
        }
        if (venvMissing) {
            if (ctx.checkMode()) {
                return ModuleResult.changed(data);
            }
            String cmd = a.str("virtualenv_command", "virtualenv");
            List<String> mk = new ArrayList<>();
            if (a.has("virtualenv_python") && !cmd.contains(" -m venv")) {
                mk.add("-p");
                mk.add(a.str("virtualenv_python"));
            }
            if (a.bool("virtualenv_site_packages", false)) {
                mk.add("--system-site-packages");
            }
            mk.add(venv);
            ExecResult r = ctx.run(chdir + cmd + " " + Shell.join(mk));
            if (!r.ok()) {
                return ModuleResult.failed("pip: creating the virtualenv " + venv + " with '" + cmd + "' failed on "
                        + ctx.hostName() + ": " + r.stderr().trim(), data);
            }
        }
        String freeze = chdir + pip + " list --format=freeze --disable-pip-version-check 2>/dev/null";
        ExecResult before = venvMissing ? null : ctx.run(freeze);
        Map<String, String> installed = PipRequirement.parseFreeze(before == null ? "" : before.stdout());
        String extra = a.has("extra_args") ? " " + a.str("extra_args") : "";
        if (a.bool("break_system_packages", false)) {
            extra += " --break-system-packages";
        }
        List<String> argv = new ArrayList<>();
        boolean needed;
        if (req != null) {
            argv.addAll(state.equals("absent") ? List.of("uninstall", "-y", "-r", req) : List.of("install", "-r", req));
            if (state.equals("latest")) {
                argv.add("-U");
            }
            needed = true;
        } else {
            List<String> todo = new ArrayList<>();
            for (String n : names) {
                PipRequirement r = PipRequirement.parse(a.has("version") ? n + "==" + a.str("version") : n);
                String have = installed.get(r.key());
                boolean ok = switch (state) {
                    case "absent" -> have == null;
                    case "present" -> have != null && r.satisfiedBy(have);
                    default -> false;
                };
                if (!ok) {
                    todo.add(state.equals("absent") ? r.name() : r.text());
                }
            }
            if (todo.isEmpty()) {
                data.put("name", names);
                return ModuleResult.ok(data);
            }
            if (state.equals("absent")) {
                argv.addAll(List.of("uninstall", "-y"));
            } else {
                argv.add("install");
                if (state.equals("latest")) {
                    argv.add("-U");
                } else if (state.equals("forcereinstall")) {
                    argv.addAll(List.of("-U", "--force-reinstall"));
                }
                if (a.bool("editable", false)) {
                    argv.add("-e");
                }
            }
            argv.addAll(todo);
            needed = true;
        }
        String cmd = pip + " " + Shell.join(argv) + extra;
        data.put("cmd", cmd);
        data.put("name", names);
        data.put("requirements", req);
        data.put("virtualenv", venv);
        data.put("state", state);
        if (ctx.checkMode()) {
            ModuleResult r = ModuleResult.of(needed, data);
            return state.equals("latest") || req != null ? r.asUncertain() : r;
        }
        ExecResult r = ctx.run(chdir + cmd + " --disable-pip-version-check");
        data.put("stdout", r.stdout());
        data.put("stderr", r.stderr());
        if (!r.ok()) {
            return ModuleResult.failed("pip: '" + cmd + "' failed on " + ctx.hostName() + ": "
                    + lastLines(r.stderr()), data);
        }
        boolean changed;
        if (req != null) {
            ExecResult after = ctx.run(freeze);
            changed = before == null || !after.stdout().equals(before.stdout());
        } else if (state.equals("absent")) {
            changed = r.stdout().contains("Successfully uninstalled");
        } else {
            changed = r.stdout().contains("Successfully installed") || state.equals("forcereinstall");
        }
        return ModuleResult.of(changed || venvMissing, data);
    }

    private static String lastLines(String s) {
        String[] l = s.trim().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(l, Math.max(0, l.length - 3), l.length));
    }
}
