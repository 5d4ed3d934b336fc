package dev.rigger.module;

import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.system.SystemdStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ansible.builtin.systemd / systemd_service: one round trip ({@code systemctl show} + {@code is-enabled}) to
 * inspect, then mask/unmask, enable/disable and start/stop/restart/reload only as needed (restarted and reloaded
 * always change). Check mode computes the actions and runs none.
 */
public final class SystemdModule extends BaseModule {
    private final String name;

    /** @param name "systemd" or "systemd_service" (the same module under both names, as Ansible). */
    public SystemdModule(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModuleSpec spec() {
        return ModuleSpec.builder().args("name")
                .alias("service", "name").alias("unit", "name").alias("daemon-reload", "daemon_reload")
                .alias("daemon-reexec", "daemon_reexec")
                .choices("state", "reloaded", "restarted", "started", "stopped")
                .choices("scope", "system", "user", "global")
                .bool("enabled", "force", "masked", "daemon_reload", "daemon_reexec", "no_block")
                .requiredBy("state", "name")
                .requiredBy("enabled", "name")
                .requiredBy("masked", "name")
                .build();
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String unit = a.str("name");
        String state = a.choice("state", null);
        Boolean enabled = a.boolOrNull("enabled");
        Boolean masked = a.boolOrNull("masked");
        String scope = a.choice("scope", "system");
        String sc = "systemctl" + (scope.equals("system") ? "" : " --" + scope);
        boolean reload = a.bool("daemon_reload", false);
        boolean reexec = a.bool("daemon_reexec", false);
        Map<String, Object> data = new LinkedHashMap<>();
        if (unit == null) {
            if (state != null || enabled != null || masked != null) {
                return ModuleResult.failed(name + ": 'name' is required with state, enabled or masked");
            }
            if (!reload && !reexec) {
                return ModuleResult.failed(name + ": give name (with state/enabled/masked) or daemon_reload");
            }
        }
        if (!ctx.checkMode() && (reload || reexec)) {
            ExecResult r = ctx.run(reloadCommand(sc, reload, reexec));
            if (!r.ok()) {
                String what = reload ? "daemon-reload" : "daemon-reexec";
                return ModuleResult.failed(name + ": " + what + " failed on " + ctx.hostName() + ": "
                        + (r.stderr() + r.stdout()).trim());
            }
        }
        if (unit == null) {
            return ModuleResult.ok(data);
        }
        data.put("name", unit);
        String u = Shell.quote(unit);
        ExecResult show = ctx.run(sc + " show " + u + " 2>&1; echo " + SystemdStatus.SEPARATOR + "; " + sc
                + " is-enabled " + u + " 2>/dev/null; echo \"rc=$?\"");
        SystemdStatus st = SystemdStatus.parse(show.stdout());
        if (st.properties().isEmpty()) {
            return ModuleResult.failed(name + ": systemctl show " + unit + " failed on " + ctx.hostName()
                    + " (is systemd the service manager there?): " + show.stdout().trim(), data);
        }
        if (!st.found() && (state != null || enabled != null || Boolean.FALSE.equals(masked))) {
            return ModuleResult.failed(name + ": Could not find the requested service " + unit + ": host "
                    + ctx.hostName(), data);
        }
        List<String> actions = new ArrayList<>();
        boolean changed = false;
        if (masked != null && masked != st.masked()) {
            actions.add(masked ? "mask" : "unmask");
            changed = true;
        }
        if (enabled != null) {
            data.put("enabled", enabled);
            if (enabled != st.enabled()) {
                actions.add(enabled ? "enable" : "disable");
                changed = true;
            }
        }
        if (state != null) {
            data.put("state", state);
            String action = switch (state) {
                case "started" -> st.running() ? null : "start";
                case "stopped" -> st.running() || st.deactivating() ? "stop" : null;
                case "restarted" -> st.running() ? "restart" : "start";
                default -> st.running() ? "reload" : "start";
            };
            if (action != null) {
                actions.add(action);
                changed = true;
            }
        }
        data.put("status", st.properties());
        if (!changed || ctx.checkMode()) {
            return ModuleResult.of(changed, data);
        }
        String flags = (a.bool("no_block", false) ? " --no-block" : "") + (a.bool("force", false) ? " --force"
                : "");
        for (String act : actions) {
            ExecResult r = ctx.run(sc + flags + " " + act + " " + u);
            if (!r.ok()) {
                Map<String, Object> d = new LinkedHashMap<>(data);
                d.put("rc", r.rc());
                d.put("stderr", r.stderr());
                return ModuleResult.failed(name + ": Unable to " + act + " service " + unit + " on "
                        + ctx.hostName() + ": " + r.stderr().trim(), d);
            }
        }
        return ModuleResult.changed(data);
    }

    /** {@code systemctl daemon-reexec && systemctl daemon-reload}, or the one asked for. */
    static String reloadCommand(String systemctl, boolean reload, boolean reexec) {
        java.util.List<String> steps = new java.util.ArrayList<>();
        if (reexec) {
            steps.add(systemctl + " daemon-reexec");
        }
        if (reload) {
            steps.add(systemctl + " daemon-reload");
        }
        return String.join(" && ", steps);
    }
}
