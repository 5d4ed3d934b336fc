package dev.rigger.module;

import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ansible.builtin.service: {@link SystemdModule} when systemd is the service manager ({@code /run/systemd/system}
 * exists), otherwise SysV init: {@code service NAME status|start|stop|restart|reload} (or /etc/init.d/NAME) and
 * update-rc.d/chkconfig for {@code enabled}.
 */
public final class ServiceModule extends BaseModule {
    private final SystemdModule systemd;

    public ServiceModule(SystemdModule systemd) {
        this.systemd = systemd;
    }

    @Override
    public String name() {
        return "service";
    }

    @Override
    public ModuleSpec spec() {
        return ModuleSpec.builder().required("name")
                .args("pattern", "runlevel", "arguments", "use")
                .alias("args", "arguments")
                .choices("state", "started", "stopped", "reloaded", "restarted")
                .bool("enabled")
                .integer("sleep")
                .requiredOneOf("state", "enabled")
                .build();
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String unit = a.required("name");
        String state = a.choice("state", null);
        Boolean enabled = a.boolOrNull("enabled");
        String use = a.str("use", "auto");
        if (state == null && enabled == null) {
            return ModuleResult.failed("service: give state and/or enabled for " + unit);
        }
        boolean viaSystemd = use.equals("systemd")
                || use.equals("auto") && ctx.run("test -d /run/systemd/system").ok();
        if (viaSystemd) {
            Map<String, Object> pass = new LinkedHashMap<>();
            pass.put("name", unit);
            if (state != null) {
                pass.put("state", state);
            }
            if (enabled != null) {
                pass.put("enabled", enabled);
            }
            return systemd.run(pass, ctx);
        }
        String u = Shell.quote(unit);
        String svc = "if command -v service >/dev/null 2>&1; then service " + u + " \"$@\"; else /etc/init.d/" + u
                + " \"$@\"; fi";
        String pattern = a.str("pattern");
        String status = pattern != null ? "pgrep -f " + Shell.quote(pattern) + " >/dev/null 2>&1"
                : "sh -c " + Shell.quote(svc) + " rg status >/dev/null 2>&1";
        ExecResult in = ctx.run("test -x /etc/init.d/" + u + " || { command -v service >/dev/null 2>&1 && service "
                + "--status-all 2>/dev/null | grep -qw " + u + "; } || exit 3; " + status + "; echo \"R:$?\"; "
                + "if ls /etc/rc[2345].d/S??" + u + " >/dev/null 2>&1; then echo E:yes; "
                + "elif command -v chkconfig >/dev/null 2>&1 && chkconfig " + u + " 2>/dev/null; then echo E:yes; "
                + "else echo E:no; fi");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", unit);
        if (in.rc() == 3) {
            return ModuleResult.failed("service: Could not find the requested service " + unit + ": host "
                    + ctx.hostName() + " (no systemd and no /etc/init.d/" + unit + ")", data);
        }
        boolean running = in.stdout().contains("R:0");
        boolean isEnabled = in.stdout().contains("E:yes");
        List<String> commands = new ArrayList<>();
        String extra = a.has("arguments") ? " " + a.str("arguments") : "";
        if (enabled != null) {
            data.put("enabled", enabled);
            if (enabled != isEnabled) {
                commands.add(enabled
                        ? "if command -v update-rc.d >/dev/null 2>&1; then update-rc.d " + u + " defaults && "
                                + "update-rc.d " + u + " enable; else chkconfig " + u + " on; fi"
                        : "if command -v update-rc.d >/dev/null 2>&1; then update-rc.d " + u + " disable; "
                                + "else chkconfig " + u + " off; fi");
            }
        }
        if (state != null) {
            data.put("state", state);
            String action = switch (state) {
                case "started" -> running ? null : "start";
                case "stopped" -> running ? "stop" : null;
                case "restarted" -> running ? "restart" : "start";
                default -> running ? "reload" : "start";
            };
            if (action != null) {
                commands.add("sh -c " + Shell.quote(svc) + " rg " + action + extra);
            }
        }
        if (commands.isEmpty() || ctx.checkMode()) {
            return ModuleResult.of(!commands.isEmpty(), data);
        }
        for (String c : commands) {
            // the init script may start a daemon that keeps our output pipes open: detach its output
            ExecResult r = ctx.run(c + " </dev/null >/tmp/.rigger-service.$$ 2>&1; rc=$?; cat /tmp/.rigger-service.$$;"
                    + " rm -f /tmp/.rigger-service.$$; exit $rc");
            if (!r.ok()) {
                Map<String, Object> d = new LinkedHashMap<>(data);
                d.put("rc", r.rc());
                d.put("stdout", r.stdout());
                return ModuleResult.failed("service: '" + c + "' failed on " + ctx.hostName() + " (rc " + r.rc()
                        + "): " + r.stdout().trim(), d);
            }
        }
        return ModuleResult.changed(data);
    }
}
