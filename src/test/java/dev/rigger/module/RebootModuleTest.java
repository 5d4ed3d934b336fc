package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.connection.Become;
import dev.rigger.connection.Command;
import dev.rigger.connection.Connection;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.LocalConnection;
import dev.rigger.module.system.Reconnector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * reboot: never on the controller; the wait-and-reconnect loop against a stand-in "remote" host (a connection
 * that is not a LocalConnection, running commands here) whose boot id lives in a file the reboot command rewrites.
 */
class RebootModuleTest {
    @TempDir
    Path tmp;

    /** A host reached through something other than LocalConnection; here it runs commands locally. */
    private record StandInHost(LocalConnection inner) implements Connection {
        @Override
        public String host() {
            return "rig1";
        }

        @Override
        public ExecResult exec(Command command) throws IOException {
            return inner.exec(command);
        }

        @Override
        public void writeFileAtomic(String path, byte[] content, String mode, Become become) throws IOException {
            inner.writeFileAtomic(path, content, mode, become);
        }

        @Override
        public byte[] readFile(String path, long maxBytes, Become become) throws IOException {
            return inner.readFile(path, maxBytes, become);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @Test
    void reboot_refusesTheController() throws IOException {
        ModuleResult r = new RebootModule(t -> {
            throw new IOException("must not reconnect");
        }).run(Map.of(), new SystemTestContext(new LocalConnection("localhost")));
        assertTrue(r.failed());
        assertTrue(String.valueOf(r.data().get("msg")).contains("controller"));
    }

    @Test
    void reboot_waitsUntilTheBootIdChangesThenReconnects() throws IOException {
        Path bootId = tmp.resolve("boot_id");
        Files.writeString(bootId, "boot-1\n");
        AtomicInteger reconnects = new AtomicInteger();
        Reconnector reconnector = t -> {
            reconnects.incrementAndGet();
            return new StandInHost(new LocalConnection("rig1"));
        };
        SystemTestContext ctx = new SystemTestContext(new StandInHost(new LocalConnection("rig1")));
        Map<String, Object> args = Map.of("boot_time_command", "cat " + bootId, "reboot_command",
                "echo boot-2 > " + bootId, "reboot_timeout", 60, "test_command", "true");

        ModuleResult check = new RebootModule(reconnector).run(args, ctx.check());
        assertTrue(check.changed());
        assertEquals("boot-1\n", Files.readString(bootId), "check mode must not reboot");

        ModuleResult r = new RebootModule(reconnector).run(args, ctx);
        assertTrue(r.changed(), r.data().toString());
        assertEquals(true, r.data().get("rebooted"));
        assertEquals("boot-2\n", Files.readString(bootId));
        assertTrue(reconnects.get() >= 1);
    }

    @Test
    void reboot_failsAfterTimeoutWhenTheHostNeverComesBack() throws IOException {
        SystemTestContext ctx = new SystemTestContext(new StandInHost(new LocalConnection("rig1")));
        ModuleResult r = new RebootModule(t -> {
            throw new dev.rigger.connection.UnreachableException("rig1: connection refused");
        }).run(Map.of("boot_time_command", "echo same", "reboot_command", "true", "reboot_timeout", 2), ctx);
        assertTrue(r.failed());
        assertTrue(String.valueOf(r.data().get("msg")).contains("connection refused"), r.data().toString());
    }

    @Test
    void registry_findsEverySystemModuleByShortAndBuiltinName() {
        ModuleRegistry reg = ModuleRegistry.standard();
        for (String n : List.of("apt", "apt_key", "apt_repository", "deb822_repository", "package", "user", "group",
                "authorized_key", "systemd", "systemd_service", "service", "pip", "git", "reboot")) {
            assertNotNull(reg.find(n), n);
            assertNotNull(reg.find("ansible.builtin." + n), n);
        }
        assertNotNull(reg.find("ansible.posix.authorized_key"));
    }
}
