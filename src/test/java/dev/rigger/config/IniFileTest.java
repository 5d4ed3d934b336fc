package dev.rigger.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** ansible.cfg read as Python's configparser (with Ansible's inline_comment_prefixes=(';',)) reads it. */
class IniFileTest {
    private static final Path F = Path.of("/p/ansible.cfg");

    private static String get(IniFile f, String section, String key) {
        IniFile.Entry e = f.get(section, key);
        return e == null ? null : e.value();
    }

    @Test
    void keysValuesAndComments_asConfigparser() {
        IniFile f = IniFile.parse("""
                # a comment
                ; another
                [defaults]
                inventory = ./hosts ; inline comment
                Remote_User: deploy
                forks=7
                roles_path = a;b   # not a comment: only ";" after a space starts one
                empty =
                [privilege_escalation]
                become = yes
                """, F);
        assertEquals("./hosts", get(f, "defaults", "inventory"));
        assertEquals("deploy", get(f, "defaults", "remote_user"));
        assertEquals("7", get(f, "defaults", "forks"));
        assertEquals("a;b   # not a comment: only \";\" after a space starts one",
                get(f, "defaults", "roles_path"));
        assertEquals("", get(f, "defaults", "empty"));
        assertEquals("yes", get(f, "privilege_escalation", "become"));
        assertEquals(6, f.get("defaults", "forks").line());
        assertNull(get(f, "nosuch", "forks"));
    }

    @Test
    void continuationLines_andTheDefaultSection() {
        IniFile f = IniFile.parse("[DEFAULT]\ntimeout = 30\n[ssh_connection]\nssh_args = -o A=1\n   -o B=2\n\n"
                + "[defaults]\nx = 1\n", F);
        assertEquals("-o A=1\n-o B=2", get(f, "ssh_connection", "ssh_args"));
        assertEquals("30", get(f, "defaults", "timeout"));
        assertEquals("30", get(f, "ssh_connection", "timeout"));
    }

    @Test
    void configparsersErrors_withTheLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> IniFile.parse("[defaults]\njunk\n", F));
        assertEquals("/p/ansible.cfg:2:1: Error reading config file (/p/ansible.cfg): Source contains parsing "
                + "errors: '<string>'\n\t[line  2]: 'junk\\n'", e.describe());
        e = assertThrows(ConfigException.class, () -> IniFile.parse("x=1\n[defaults]\n", F));
        assertTrue(e.getMessage().contains("File contains no section headers.\nfile: '<string>', line: 1\n'x=1\\n'"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> IniFile.parse("[defaults]\nforks = 1\nForks = 2\n", F));
        assertTrue(e.getMessage().endsWith("[line  3]: option 'forks' in section 'defaults' already exists"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> IniFile.parse("[a]\n[a]\n", F));
        assertTrue(e.getMessage().endsWith("section 'a' already exists"), e.getMessage());
    }
}
