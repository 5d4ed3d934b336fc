package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rigger.connection.Command;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.LocalConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real users and groups (rgtest_*) on this machine; needs root, removed after each test. */
class UserGroupModuleTest {
    private final LocalConnection conn = new LocalConnection("localhost");
    private final SystemTestContext ctx = new SystemTestContext(conn);
    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final String user = "rgtest_u" + id;
    private final String grp = "rgtest_g" + id;

    @BeforeEach
    void needRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to create users");
    }

    @AfterEach
    void cleanUp() throws IOException {
        sh("userdel -r " + user + " 2>/dev/null; groupdel " + grp + " 2>/dev/null; groupdel " + user
                + " 2>/dev/null; true");
    }

    private ExecResult sh(String s) throws IOException {
        return conn.exec(Command.of(s));
    }

    private static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void group_createsOnceThenOk_checkModeTouchesNothing() throws IOException {
        GroupModule g = new GroupModule();
        Map<String, Object> a = args("name", grp, "gid", 45871);
        ModuleResult check = g.run(a, ctx.check());
        assertTrue(check.changed());
        assertFalse(sh("getent group " + grp).ok(), "check mode must not create the group");

        ModuleResult first = g.run(a, ctx);
        assertTrue(first.changed(), first.data().toString());
        assertEquals(45871, first.data().get("gid"));
        assertTrue(sh("getent group " + grp).stdout().startsWith(grp + ":x:45871:"));
        assertFalse(g.run(a, ctx).changed());

        ModuleResult regid = g.run(args("name", grp, "gid", 45872), ctx);
        assertTrue(regid.changed());
        assertTrue(sh("getent group " + grp).stdout().contains(":45872:"));

        assertTrue(g.run(args("name", grp, "state", "absent"), ctx.check()).changed());
        assertTrue(sh("getent group " + grp).ok());
        assertTrue(g.run(args("name", grp, "state", "absent"), ctx).changed());
        assertFalse(sh("getent group " + grp).ok());
        assertFalse(g.run(args("name", grp, "state", "absent"), ctx).changed());
    }

    @Test
    void user_createsOnceThenOk_andChangesOnlyWhatDiffers() throws IOException {
        new GroupModule().run(args("name", grp), ctx);
        UserModule u = new UserModule();
        String hash = "$6$rgsalt$abcdefghijklmnopqrstuv";
        Map<String, Object> a = args("name", user, "shell", "/bin/sh", "groups", List.of(grp), "comment",
                "Rig Test", "password", hash, "uid", 45900);

        ModuleResult check = u.run(a, ctx.check());
        assertTrue(check.changed());
        assertFalse(sh("getent passwd " + user).ok(), "check mode must not create the user");

        ModuleResult first = u.run(a, ctx);
        assertTrue(first.changed(), first.data().toString());
        assertEquals(45900, first.data().get("uid"));
        assertEquals("NOT_LOGGING_PASSWORD", first.data().get("password"));
        String passwd = sh("getent passwd " + user).stdout().trim();
        assertTrue(passwd.matches(user + ":x:45900:\\d+:Rig Test:/home/" + user + ":/bin/sh"), passwd);
        assertTrue(Files.isDirectory(Path.of("/home/" + user)), "create_home defaults to yes");
        assertEquals(hash, sh("getent shadow " + user + " | cut -d: -f2").stdout().trim());
        assertTrue(sh("id -Gn " + user).stdout().contains(grp));

        ModuleResult second = u.run(a, ctx);
        assertFalse(second.changed(), "same arguments again must be ok");

        Map<String, Object> shellChange = new LinkedHashMap<>(a);
        shellChange.put("shell", "/bin/bash");
        assertTrue(u.run(shellChange, ctx.check()).changed());
        assertTrue(sh("getent passwd " + user).stdout().trim().endsWith(":/bin/sh"));
        assertTrue(u.run(shellChange, ctx).changed());
        assertTrue(sh("getent passwd " + user).stdout().trim().endsWith(":/bin/bash"));

        // groups: "" without append removes the supplementary groups
        assertTrue(u.run(args("name", user, "groups", ""), ctx).changed());
        assertFalse(sh("id -Gn " + user).stdout().contains(grp));
        assertFalse(u.run(args("name", user, "groups", ""), ctx).changed());
        assertTrue(u.run(args("name", user, "groups", grp, "append", true), ctx).changed());
        assertFalse(u.run(args("name", user, "groups", grp, "append", true), ctx).changed());

        // update_password on_create keeps the existing hash
        assertFalse(u.run(args("name", user, "password", "$6$other$x", "update_password", "on_create"), ctx)
                .changed());

        assertTrue(u.run(args("name", user, "state", "absent", "remove", true), ctx.check()).changed());
        assertTrue(sh("getent passwd " + user).ok());
        assertTrue(u.run(args("name", user, "state", "absent", "remove", true), ctx).changed());
        assertFalse(sh("getent passwd " + user).ok());
        assertFalse(Files.exists(Path.of("/home/" + user)));
        assertFalse(u.run(args("name", user, "state", "absent"), ctx).changed());
    }

    @Test
    void user_failsClearlyForUnknownGroup() throws IOException {
        ModuleResult r = new UserModule().run(args("name", user, "groups", "rgtest_nosuchgroup" + id), ctx);
        assertTrue(r.failed());
        assertTrue(String.valueOf(r.data().get("msg")).contains("does not exist"), r.data().toString());
        assertFalse(sh("getent passwd " + user).ok());
    }

    @Test
    void user_generatesSshKeyOnce() throws IOException {
        UserModule u = new UserModule();
        Map<String, Object> a = args("name", user, "generate_ssh_key", true, "ssh_key_type", "ed25519");
        ModuleResult first = u.run(a, ctx);
        assertTrue(first.changed());
        assertTrue(String.valueOf(first.data().get("ssh_public_key")).startsWith("ssh-ed25519 "));
        assertEquals(user, sh("stat -c %U /home/" + user + "/.ssh/id_ed25519").stdout().trim());
        ModuleResult second = u.run(a, ctx);
        assertFalse(second.changed());
        assertEquals(first.data().get("ssh_public_key"), second.data().get("ssh_public_key"));
    }

    @Test
    void authorizedKey_addsOnceThenOk_exclusiveAndAbsent() throws IOException {
        new UserModule().run(args("name", user), ctx);
        AuthorizedKeyModule k = new AuthorizedKeyModule();
        String key1 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl one@test";
        String key2 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB2mx1Yx8xuV0R4Ewjv1UPQSZFJnlPpLKvNPWq7d6VUF two@test";
        String file = "/home/" + user + "/.ssh/authorized_keys";

        ModuleResult check = k.run(args("user", user, "key", key1), ctx.check());
        assertTrue(check.changed());
        assertFalse(Files.exists(Path.of(file)));

        ModuleResult first = k.run(args("user", user, "key", key1), ctx);
        assertTrue(first.changed(), first.data().toString());
        assertEquals(key1 + "\n", Files.readString(Path.of(file)));
        assertEquals(user + " 600", sh("stat -c '%U %a' " + file).stdout().trim());
        assertEquals(user + " 700", sh("stat -c '%U %a' /home/" + user + "/.ssh").stdout().trim());
        assertFalse(k.run(args("user", user, "key", key1), ctx).changed());

        assertTrue(k.run(args("user", user, "key", key2), ctx).changed());
        assertEquals(key1 + "\n" + key2 + "\n", Files.readString(Path.of(file)));

        // key_options rewrite the existing entry in place
        assertTrue(k.run(args("user", user, "key", key1, "key_options", "no-pty"), ctx).changed());
        assertEquals("no-pty " + key1 + "\n" + key2 + "\n", Files.readString(Path.of(file)));
        assertFalse(k.run(args("user", user, "key", key1, "key_options", "no-pty"), ctx).changed());

        assertTrue(k.run(args("user", user, "key", key2, "exclusive", true), ctx).changed());
        assertEquals(key2 + "\n", Files.readString(Path.of(file)));

        assertTrue(k.run(args("user", user, "key", key2, "state", "absent"), ctx).changed());
        assertEquals("", Files.readString(Path.of(file)));
        assertFalse(k.run(args("user", user, "key", key2, "state", "absent"), ctx).changed());
    }
}
