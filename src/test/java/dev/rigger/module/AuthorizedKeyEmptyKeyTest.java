package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * authorized_key with an empty key (a role's {@code key: "{{ keys | default([]) | join('\n') }}"} for a user without
 * keys): Ansible's module takes it (required means not None), has no key to add, writes nothing and reports ok,
 * and no file appears (ansible-playbook 2.14.18 on the same task).
 */
class AuthorizedKeyEmptyKeyTest {
    @TempDir
    Path dir;

    @Test
    void anEmptyKey_isOk_andWritesNoFile() throws Exception {
        Path file = dir.resolve("ak");
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("user", System.getProperty("user.name"));
        args.put("key", "");
        args.put("path", file.toString());
        ModuleResult r = Scenario.run(new AuthorizedKeyModule(), args, TestContext.normal(dir));
        assertEquals(ModuleResult.Status.OK, r.status(), String.valueOf(r.data()));
        assertFalse(Files.exists(file));
        assertEquals("", r.data().get("key"));
    }
}
