package dev.rigger.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings found, typed and ranked as ansible-core 2.14's config manager does (env > ansible.cfg > default). */
class SettingsTest {
    @TempDir
    Path tmp;

    private ConfigEnvironment env(Path cwd, Map<String, String> vars) throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        return new ConfigEnvironment(vars, cwd, home, tmp.resolve("etc-ansible.cfg"));
    }

    private Path project(String cfg) throws Exception {
        Path p = tmp.resolve("project");
        Files.createDirectories(p);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(p.resolve("ansible.cfg"), cfg);
        return p;
    }

    @Test
    void cwdAnsibleCfg_pathsRelativeToItsFolder_typesAsBaseYml() throws Exception {
        Path p = project("[defaults]\ninventory = ./hosts, other\nremote_user = deploy\nroles_path = ./roles:~/r\n"
                + "forks: 7\nprivate_key_file = ~/.ssh/lab\nvault_identity_list = a@x, 'b@y'\n"
                + "[privilege_escalation]\nbecome = yes\n");
        Path elsewhere = tmp.resolve("elsewhere");
        Files.createDirectories(elsewhere);
        Settings s = Settings.load(env(p, Map.of()));
        assertEquals(p.resolve("ansible.cfg"), s.configFile());
        assertEquals(List.of(p.resolve("hosts").toString(), p.resolve("other").toString()), s.inventory());
        assertEquals("deploy", s.remoteUser());
        assertEquals(List.of(p.resolve("roles"), tmp.resolve("home/r")), s.rolesPath());
        assertEquals(7, s.forks());
        assertEquals(tmp.resolve("home/.ssh/lab"), s.privateKeyFile());
        assertEquals(List.of("a@x", "b@y"), s.vaultIdentityList());
        assertTrue(s.become());
        assertEquals(List.of(), s.warnings());
        // the defaults: roles under ANSIBLE_HOME, /usr/share and /etc, forks left to rigger
        Settings d = Settings.load(env(elsewhere, Map.of()));
        assertNull(d.configFile());
        assertEquals(List.of(tmp.resolve("home/.ansible/roles"), Path.of("/usr/share/ansible/roles"),
                Path.of("/etc/ansible/roles")), d.rolesPath());
        assertNull(d.forks());
        assertEquals("implicit", d.gathering());
    }

    @Test
    void environmentBeatsTheCfg_anEmptyNumberIsTheDefault() throws Exception {
        Path p = project("[defaults]\nforks = 7\nremote_user = deploy\ntimeout = 30\n");
        Settings s = Settings.load(env(p, Map.of("ANSIBLE_FORKS", "3", "ANSIBLE_REMOTE_USER", "ops",
                "ANSIBLE_TIMEOUT", "", "ANSIBLE_ROLES_PATH", "r1:/abs/r2")));
        assertEquals(3, s.forks());
        assertEquals("env: ANSIBLE_FORKS", s.value(Setting.DEFAULT_FORKS).origin());
        assertEquals("ops", s.remoteUser());
        assertEquals(10, s.timeout().toSeconds()); // Ansible: an empty variable of a non-string type is the default
        assertEquals(List.of(p.resolve("r1"), Path.of("/abs/r2")), s.rolesPath()); // env paths: relative to the cwd
    }

    @Test
    void ansibleConfig_beatsTheCwd_andMayNameAFolder() throws Exception {
        Path p = project("[defaults]\nforks = 7\n");
        Path other = tmp.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("ansible.cfg"), "[defaults]\nforks = 8\n");
        assertEquals(8, Settings.load(env(p, Map.of("ANSIBLE_CONFIG", other.toString()))).forks());
        assertEquals(8, Settings.load(env(p, Map.of("ANSIBLE_CONFIG", "../other/ansible.cfg"))).forks());
        // a missing ANSIBLE_CONFIG falls through to ./ansible.cfg, as in Ansible
        assertEquals(7, Settings.load(env(p, Map.of("ANSIBLE_CONFIG", "/nonexistent.cfg"))).forks());
    }

    @Test
    void worldWritableCwd_itsAnsibleCfgIsIgnored_withAnsiblesWarning() throws Exception {
        Path p = project("[defaults]\nforks = 7\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        Settings s = Settings.load(env(p, Map.of()));
        assertNull(s.configFile());
        assertNull(s.forks());
        assertEquals(List.of("Ansible is being run in a world writable directory (" + p + "), ignoring it as an "
                + "ansible.cfg source."), s.warnings());
    }

    @Test
    void badValues_areErrorsNamingFileAndLine() throws Exception {
        Path p = project("[defaults]\n\nforks = x\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Settings.load(env(p, Map.of())));
        assertEquals(p.resolve("ansible.cfg") + ":3:1: Invalid type for configuration option setting: "
                + "DEFAULT_FORKS (from " + p.resolve("ansible.cfg") + "): invalid literal for int() with base 10: "
                + "'x'", e.describe());
        Files.writeString(p.resolve("ansible.cfg"), "[defaults]\ngathering = sometimes\n");
        e = assertThrows(ConfigException.class, () -> Settings.load(env(p, Map.of())));
        assertTrue(e.getMessage().endsWith("valid values are: implicit, explicit, smart"), e.getMessage());
    }

    @Test
    void settingsRiggerCannotHonour_areWarnedOnce_unknownKeysIgnored() throws Exception {
        Path p = project("[defaults]\nstdout_callback = yaml\nretry_files_enabled = True\nno_such_key = 1\n"
                + "pipelining = True\ninterpreter_python = auto_silent\n"
                + "[ssh_connection]\nssh_args = -C -o ControlMaster=auto -o ControlPersist=60s\n"
                + "ssh_common_args = -o ProxyJump=login\n[privilege_escalation]\nbecome_method = doas\n"
                + "[no_such_section]\nx = 1\n");
        Settings s = Settings.load(env(p, Map.of("ANSIBLE_STRATEGY", "free")));
        assertEquals(List.of(
                "ansible.cfg: stdout_callback is not honoured by rigger: rigger does not have this setting "
                        + "(DEFAULT_STDOUT_CALLBACK)",
                "ANSIBLE_STRATEGY is not honoured by rigger: rigger does not have this setting (DEFAULT_STRATEGY)",
                "ansible.cfg: retry_files_enabled is not honoured by rigger: rigger writes no .retry files (rerun "
                        + "with --limit, or read the JSON report)",
                "ansible.cfg: privilege_escalation.become_method is not honoured by rigger: become_method doas is "
                        + "not supported (rigger becomes with sudo); a task that becomes with it fails"),
                s.warnings());
        assertTrue(s.pipelining());
    }

    /** `rigger config dump --only-changed` prints what `ansible-config dump --only-changed` prints for them. */
    @Test
    void dumpOnlyChanged_isAnsibleConfigs_forTheSettingsRiggerReads() throws Exception {
        Path p = project("[defaults]\ninventory = ./hosts,other\nremote_user = deploy\nprivate_key_file = "
                + "~/.ssh/k\nroles_path = ./roles:~/r:/abs ; where roles are\ncollections_path = ./c\nforks: 7\n"
                + "timeout = 30\nhost_key_checking = False\ntransport = local\ngathering = smart\n"
                + "force_handlers = yes\nvault_password_file = ./vp\nvault_identity_list = a@x, b@y\nnocolor = 1\n"
                + "force_color = 0\nretry_files_enabled = False\npipelining = True\nhome = ./ah\n"
                + "[privilege_escalation]\nbecome = True\nbecome_user = admin\nbecome_method = su\n"
                + "become_ask_pass = false\n");
        Map<String, String> vars = Map.of("ANSIBLE_TIMEOUT", "20", "ANSIBLE_BECOME_USER", "'quoted'");
        ConfigEnvironment ce = env(p, vars);
        List<String> rigger = Settings.load(ce).dump(true);
        assertTrue(rigger.contains("DEFAULT_FORKS(" + p.resolve("ansible.cfg") + ") = 7"), rigger.toString());
        assertTrue(rigger.contains("DEFAULT_TIMEOUT(env: ANSIBLE_TIMEOUT) = 20"), rigger.toString());
        assertTrue(rigger.contains("DEFAULT_ROLES_PATH(" + p.resolve("ansible.cfg") + ") = ['" + p.resolve("roles")
                + "', '" + ce.home().resolve("r") + "', '/abs']"), rigger.toString());
        List<String> ansible = ansibleConfigDump(ce);
        Assumptions.assumeTrue(ansible != null, "ansible-config is not installed");
        List<String> known = new ArrayList<>(List.of("CONFIG_FILE"));
        for (Setting s : Setting.values()) {
            known.add(s.name());
        }
        List<String> expected = ansible.stream().filter(l -> known.contains(l.substring(0, l.indexOf('('))))
                .toList();
        assertEquals(expected, rigger);
    }

    /** ansible-config dump --only-changed in {@code ce}'s cwd with its variables and home, or null without it. */
    private static List<String> ansibleConfigDump(ConfigEnvironment ce) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("ansible-config", "dump", "--only-changed").directory(ce.cwd().toFile());
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("ANSIBLE_") || k.equals("NO_COLOR"));
        e.putAll(ce.env());
        e.put("HOME", ce.home().toString());
        e.put("ANSIBLE_LOCAL_TEMP", ce.home().resolve("tmp").toString());
        Process proc;
        try {
            proc = pb.redirectErrorStream(false).start();
        } catch (java.io.IOException notInstalled) {
            return null;
        }
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, proc.exitValue(), new String(proc.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertFalse(out.isBlank());
        return out.lines().filter(l -> !l.isBlank()).toList();
    }
}
