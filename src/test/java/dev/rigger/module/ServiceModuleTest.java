package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rigger.connection.Command;
import dev.rigger.connection.LocalConnection;
import dev.rigger.module.system.SystemdStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * systemd: parsing of systemctl show output, and the module's decisions against a stand-in systemctl (a shell
 * script on PATH keeping unit state in files: this machine has no systemd). service: a real SysV init script
 * (this machine has no systemd, so service falls back to /etc/init.d).
 */
class ServiceModuleTest {
    @TempDir
    Path tmp;
    private final LocalConnection conn = new LocalConnection("localhost");
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Path initScript = Path.of("/etc/init.d/rgtest_svc" + id);

    @AfterEach
    void cleanUp() throws IOException {
        if (Files.exists(initScript)) {
            conn.exec(Command.of(initScript + " stop >/dev/null 2>&1; rm -f " + initScript));
        }
    }

    private static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void daemonReload_aloneOrWithReexec_isOneWellFormedCommand() {
        assertEquals("systemctl daemon-reload", SystemdModule.reloadCommand("systemctl", true, false));
        assertEquals("systemctl daemon-reexec", SystemdModule.reloadCommand("systemctl", false, true));
        assertEquals("systemctl daemon-reexec && systemctl daemon-reload",
                SystemdModule.reloadCommand("systemctl", true, true));
    }

    @Test
    void systemctlShow_isParsedIntoStatus() throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/system/systemctl-show-ssh.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        SystemdStatus s = SystemdStatus.parse(text);
        assertTrue(s.running());
        assertTrue(s.enabled());
        assertTrue(s.found());
        assertFalse(s.masked());
        assertEquals("812", s.get("MainPID"));
        assertTrue(s.get("ExecStart").startsWith("{ path=/usr/sbin/sshd"));
        SystemdStatus alias = SystemdStatus.parse("LoadState=loaded\nActiveState=inactive\n"
                + SystemdStatus.SEPARATOR + "\nalias\nrc=0\n");
        assertFalse(alias.enabled(), "alias counts as not enabled, as in Ansible");
        assertFalse(SystemdStatus.parse("LoadState=not-found\n" + SystemdStatus.SEPARATOR + "\nrc=4\n").found());
    }

    private SystemTestContext fakeSystemd() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path sc = bin.resolve("systemctl");
        Files.writeString(sc, """
                #!/bin/sh
                d="$FAKE_SYSTEMD"; echo "$*" >> "$d/calls"
                case "$1" in
                  show) [ -f "$d/$2.exists" ] || { echo LoadState=not-found; echo ActiveState=inactive; exit 0; }
                        echo "Id=$2"; echo LoadState=loaded
                        echo "ActiveState=$(cat "$d/$2.active" 2>/dev/null || echo inactive)"
                        echo "UnitFileState=$(cat "$d/$2.enabled" 2>/dev/null || echo disabled)";;
                  is-enabled) s=$(cat "$d/$2.enabled" 2>/dev/null || echo disabled); echo "$s"; [ "$s" = enabled ];;
                  start|restart|reload) echo active > "$d/$2.active";;
                  stop) echo inactive > "$d/$2.active";;
                  enable) echo enabled > "$d/$2.enabled";;
                  disable) echo disabled > "$d/$2.enabled";;
                  mask) echo masked > "$d/$2.enabled";;
                  daemon-reload|daemon-reexec) : ;;
                  *) echo "systemctl: unknown command $1" >&2; exit 1;;
                esac
                """);
        Files.setPosixFilePermissions(sc, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(tmp.resolve("web.service.exists"), "");
        return new SystemTestContext(conn).withEnv(Map.of("PATH", bin + ":" + System.getenv("PATH"),
                "FAKE_SYSTEMD", tmp.toString()));
    }

    private String calls() throws IOException {
        Path c = tmp.resolve("calls");
        return Files.exists(c) ? Files.readString(c) : "";
    }

    @Test
    void systemd_startsAndEnablesOnceThenOk_restartAlwaysChanges() throws IOException {
        SystemTestContext ctx = fakeSystemd();
        SystemdModule m = new SystemdModule("systemd");
        Map<String, Object> a = args("name", "web.service", "state", "started", "enabled", true);

        ModuleResult check = m.run(a, ctx.check());
        assertTrue(check.changed());
        assertFalse(calls().contains("start"), "check mode runs no action: " + calls());

        ModuleResult first = m.run(a, ctx);
        assertTrue(first.changed(), first.data().toString());
        assertTrue(calls().contains("enable web.service") && calls().contains("start web.service"), calls());
        assertEquals(true, first.data().get("enabled"));
        assertEquals("started", first.data().get("state"));

        ModuleResult second = m.run(a, ctx);
        assertFalse(second.changed());
        @SuppressWarnings("unchecked")
        Map<String, String> status = (Map<String, String>) second.data().get("status");
        assertEquals("active", status.get("ActiveState"));

        assertTrue(m.run(args("name", "web.service", "state", "restarted"), ctx).changed());
        assertTrue(m.run(args("name", "web.service", "state", "stopped"), ctx).changed());
        assertFalse(m.run(args("name", "web.service", "state", "stopped"), ctx).changed());

        ModuleResult missing = m.run(args("name", "nope.service", "state", "started"), ctx);
        assertTrue(missing.failed());
        assertTrue(String.valueOf(missing.data().get("msg")).contains("Could not find the requested service"));
    }

    @Test
    void systemd_daemonReload_runsSystemctlDaemonReloadBeforeTheUnit_andNotInCheckMode() throws IOException {
        SystemTestContext ctx = fakeSystemd();
        SystemdModule m = new SystemdModule("systemd");

        ModuleResult checked = m.run(args("name", "web.service", "state", "started", "daemon_reload", true),
                ctx.check());
        assertTrue(checked.changed(), checked.data().toString());
        assertFalse(calls().contains("daemon-reload"), "check mode reloads nothing: " + calls());

        ModuleResult started = m.run(args("name", "web.service", "state", "started", "daemon_reload", true), ctx);
        assertFalse(started.failed(), started.data().toString());
        assertTrue(started.changed());
        assertTrue(calls().startsWith("show web.service\nis-enabled web.service\ndaemon-reload\nshow web.service\n"),
                calls());

        ModuleResult alone = m.run(args("daemon_reload", true), ctx);
        assertFalse(alone.failed(), alone.data().toString());
        assertFalse(alone.changed(), "a reload alone changes nothing, as in Ansible");
        assertTrue(calls().endsWith("daemon-reload\n"), calls());

        ModuleResult both = m.run(args("daemon_reexec", true, "daemon_reload", true), ctx);
        assertFalse(both.failed(), both.data().toString());
        assertTrue(calls().endsWith("daemon-reexec\ndaemon-reload\n"), calls());
    }

    @Test
    void service_fallsBackToSysvInitWithoutSystemd() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to write /etc/init.d");
        assumeTrue(!Files.isDirectory(Path.of("/run/systemd/system")), "systemd runs here; the lab covers it");
        Path pid = tmp.resolve("svc.pid");
        Files.writeString(initScript, """
                #!/bin/sh
                ### BEGIN INIT INFO
                # Provides:          rgtest
                # Required-Start:
                # Required-Stop:
                # Default-Start:     2 3 4 5
                # Default-Stop:      0 1 6
                # Short-Description: rigger test service
                ### END INIT INFO
                P=%s
                case "$1" in
                  start) sleep 600 >/dev/null 2>&1 & echo $! > "$P";;
                  stop) [ -f "$P" ] && kill "$(cat "$P")" 2>/dev/null; rm -f "$P";;
                  restart) "$0" stop; "$0" start;;
                  status) [ -f "$P" ] && kill -0 "$(cat "$P")" 2>/dev/null;;
                  *) exit 3;;
                esac
                """.formatted(pid));
        Files.setPosixFilePermissions(initScript, PosixFilePermissions.fromString("rwxr-xr-x"));
        SystemTestContext ctx = new SystemTestContext(conn);
        ServiceModule s = new ServiceModule(new SystemdModule("systemd"));
        String name = initScript.getFileName().toString();

        assertTrue(s.run(args("name", name, "state", "started"), ctx.check()).changed());
        assertFalse(Files.exists(pid), "check mode must not start");
        ModuleResult first = s.run(args("name", name, "state", "started"), ctx);
        assertTrue(first.changed(), first.data().toString());
        assertTrue(Files.exists(pid));
        assertFalse(s.run(args("name", name, "state", "started"), ctx).changed());
        assertTrue(s.run(args("name", name, "state", "restarted"), ctx).changed());
        assertTrue(s.run(args("name", name, "state", "stopped"), ctx).changed());
        assertFalse(Files.exists(pid));
        assertFalse(s.run(args("name", name, "state", "stopped"), ctx).changed());

        ModuleResult missing = s.run(args("name", "rgtest_nosuch" + id, "state", "started"), ctx);
        assertTrue(missing.failed());
    }
}
