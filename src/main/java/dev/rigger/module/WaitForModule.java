package dev.rigger.module;

import dev.rigger.connection.Command;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.ArgException;
import dev.rigger.module.support.BaseModule;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ansible.builtin.wait_for: waits on the host, in one round trip (a shell loop bounded by {@code timeout}), for a
 * TCP port to accept or refuse connections (bash's /dev/tcp under coreutils' timeout, else nc), or for a path to
 * appear (optionally containing {@code search_regex}, grep -E syntax) or disappear. Skipped in check mode, like
 * Ansible 2.14's module (it does not declare check mode support, so AnsibleModule skips it).
 */
public final class WaitForModule extends BaseModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .args("host", "path", "search_regex", "msg")
            .checkMode(ModuleSpec.CheckMode.NONE)
            .choices("state", "absent", "drained", "present", "started", "stopped")
            .integer("timeout", "connect_timeout", "delay", "port", "sleep")
            .path("path")
            .build();

    @Override
    public String name() {
        return "wait_for";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        if (ctx.checkMode()) {
            return ModuleResult.skipped("remote module (wait_for) does not support check mode");
        }
        String host = a.str("host", "127.0.0.1");
        String path = a.str("path");
        String state = a.choice("state", "started");
        if (state.equals("drained")) {
            throw new ArgException("state=drained is not supported by rigger: wait for the port to be stopped "
                    + "instead");
        }
        String regex = a.str("search_regex");
        int delay = a.integer("delay", 0);
        int timeout = a.integer("timeout", 300);
        int sleep = Math.max(1, a.integer("sleep", 1));
        int connectTimeout = Math.max(1, a.integer("connect_timeout", 5));
        boolean hasPort = a.has("port");
        int port = a.integer("port", 0);
        if (hasPort && path != null) {
            throw new ArgException("port and path parameter can not both be passed to wait_for");
        }
        if (path != null && state.equals("stopped")) {
            throw new ArgException("state=stopped should only be used for checking a port in the wait_for module");
        }
        boolean want = state.equals("started") || state.equals("present");
        String check;
        String timeoutMsg;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", state);
        if (hasPort) {
            data.put("port", port);
            String probe = "if command -v bash >/dev/null 2>&1; then timeout " + connectTimeout
                    + " bash -c 'exec 3<>/dev/tcp/$0/$1" + (regex != null ? " && cat <&3" : "") + "' "
                    + Shell.quote(host) + " " + port + " 2>/dev/null"
                    + (regex != null ? " | grep -Eq -- " + Shell.quote(regex) : "")
                    + "; elif command -v nc >/dev/null 2>&1; then "
                    + (regex != null ? "nc -w " + connectTimeout + " " + Shell.quote(host) + " " + port
                    + " </dev/null 2>/dev/null | grep -Eq -- " + Shell.quote(regex)
                    : "nc -z -w " + connectTimeout + " " + Shell.quote(host) + " " + port)
                    + "; else echo 'wait_for needs bash or nc on the host to test ports' >&2; exit 4; fi";
            check = want ? probe : "! { " + probe + "; }";
            timeoutMsg = want ? "Timeout when waiting for " + host + ":" + port
                    : "Timeout when waiting for " + host + ":" + port + " to stop.";
        } else if (path != null) {
            data.put("path", path);
            String q = Shell.quote(path);
            if (want) {
                check = "[ -e " + q + " ]" + (regex != null ? " && grep -Eq -- " + Shell.quote(regex) + " " + q : "");
                timeoutMsg = regex != null ? "Timeout when waiting for search string " + regex + " in " + path
                        : "Timeout when waiting for file " + path;
            } else {
                check = "[ ! -e " + q + " ]";
                timeoutMsg = "Timeout when waiting for " + path + " to be absent.";
            }
        } else {
            check = "false";
            timeoutMsg = null;
        }
        if (regex != null) {
            data.put("search_regex", regex);
        }
        String script = "rg_check() { " + check + "; }\n"
                + (delay > 0 ? "sleep " + delay + "\n" : "")
                + "end=$(( $(date +%s) + " + timeout + " ))\n"
                + "while :; do\n  rg_check; rc=$?\n  [ $rc -eq 4 ] && exit 4\n  [ $rc -eq 0 ] && exit 0\n"
                + "  now=$(date +%s); [ \"$now\" -ge \"$end\" ] && exit 3\n"
                + "  left=$((end - now)); if [ $left -lt " + sleep + " ]; then sleep $left; else sleep " + sleep
                + "; fi\ndone";
        Command c = ctx.command(script).withTimeout(Duration.ofSeconds((long) timeout + delay + 60));
        long t0 = System.nanoTime();
        ExecResult r = ctx.connection().exec(c);
        long elapsed = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
        data.put("elapsed", elapsed);
        if (timeoutMsg == null) {
            return ModuleResult.ok(data);
        }
        if (r.rc() == 4) {
            return ModuleResult.failed(r.stderr().trim(), data);
        }
        if (r.rc() != 0) {
            return ModuleResult.failed(a.str("msg", timeoutMsg), data);
        }
        return ModuleResult.ok(data);
    }
}
