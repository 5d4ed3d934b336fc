package dev.rigger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.RunOptions;
import dev.rigger.config.ConfigEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A project with only an ansible.cfg, its inventory and its roles runs with the command line that works for
 * ansible-playbook; flags beat ANSIBLE_* variables, which beat the ansible.cfg.
 */
class AnsibleCfgCliTest {
    @TempDir
    Path tmp;

    Path project;

    private record Run(int rc, String out, String err) {
    }

    @BeforeEach
    void project() throws Exception {
        project = tmp.resolve("project");
        Files.createDirectories(project.resolve("play"));
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(project.resolve("ansible.cfg"), "[defaults]\ninventory = ./hosts\nremote_user = deploy\n"
                + "roles_path = ./myroles\ncollections_path = ./colls\nforks = 2\nstdout_callback = yaml\n"
                + "gathering = explicit\n");
        Files.writeString(project.resolve("hosts"), "localhost ansible_connection=local\n");
        Path greet = Files.createDirectories(project.resolve("myroles/greet/tasks"));
        Files.writeString(greet.resolve("main.yml"), "- debug: {msg: hello from greet}\n");
        Path hello = Files.createDirectories(project.resolve("colls/ansible_collections/acme/tools/roles/hello/tasks"));
        Files.writeString(hello.resolve("main.yml"), "- debug: {msg: hello from the collection}\n");
        Files.writeString(project.resolve("play/pb.yml"), "- hosts: all\n  roles: [greet, acme.tools.hello]\n"
                + "  tasks:\n    - debug: {msg: \"facts: {{ ansible_facts | length }}\"}\n");
    }

    private ConfigEnvironment env(Map<String, String> vars) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        return new ConfigEnvironment(vars, project, home, tmp.resolve("no-etc.cfg"));
    }

    private Run rigger(ConfigEnvironment ce, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(ce, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The run options `rigger play ARGS` would run with. */
    private RunOptions options(ConfigEnvironment ce, String... args) {
        CommandLine cl = new CommandLine(new Main(ce));
        cl.setErr(new java.io.PrintWriter(java.io.Writer.nullWriter())); // the cfg's warning, tested above
        CommandLine.ParseResult pr = cl.parseArgs(args);
        PlayCommand play = (PlayCommand) pr.subcommand().commandSpec().userObject();
        return play.target.options().build();
    }

    @Test
    void play_takesInventoryRolesAndCollectionsFromTheCfg_andWarnsOnceOfWhatItCannotHonour() throws Exception {
        Run r = rigger(env(Map.of()), "play", project.resolve("play/pb.yml").toString());
        assertEquals(0, r.rc(), r.out() + r.err());
        assertTrue(r.out().contains("TASK [greet : debug]"), r.out());
        assertTrue(r.out().contains("\"msg\": \"hello from greet\""), r.out());
        assertTrue(r.out().contains("TASK [acme.tools.hello : debug]"), r.out());
        assertTrue(r.out().contains("\"msg\": \"facts: 0\""), r.out()); // gathering = explicit
        assertTrue(r.out().contains("localhost                  : ok=3 "), r.out());
        String warning = "[WARNING]: ansible.cfg: stdout_callback is not honoured by rigger: rigger does not have "
                + "this setting (DEFAULT_STDOUT_CALLBACK)";
        assertEquals(1, r.err().split(java.util.regex.Pattern.quote(warning), -1).length - 1, r.err());
    }

    @Test
    void precedence_flagsOverEnvironmentOverCfg() throws Exception {
        String pb = project.resolve("play/pb.yml").toString();
        RunOptions cfg = options(env(Map.of()), "play", pb);
        assertEquals(2, cfg.forks());
        assertEquals("deploy", cfg.remoteUser());
        assertEquals(List.of(project.resolve("myroles")), cfg.rolesPath());
        assertEquals("explicit", cfg.gathering());
        assertNull(cfg.hostKeyChecking());
        ConfigEnvironment ce = env(Map.of("ANSIBLE_FORKS", "4", "ANSIBLE_REMOTE_USER", "ops",
                "ANSIBLE_HOST_KEY_CHECKING", "False", "ANSIBLE_PRIVATE_KEY_FILE", "keys/lab"));
        RunOptions env = options(ce, "play", pb);
        assertEquals(4, env.forks());
        assertEquals("ops", env.remoteUser());
        assertEquals(Boolean.FALSE, env.hostKeyChecking());
        assertEquals(project.resolve("keys/lab"), env.privateKey());
        RunOptions cli = options(ce, "play", "-f", "6", "-u", "bob", "--private-key", "/k", pb);
        assertEquals(6, cli.forks());
        assertEquals("bob", cli.remoteUser());
        assertEquals(Path.of("/k"), cli.privateKey());
    }

    @Test
    void configDumpOnlyChanged_andView() throws Exception {
        Run r = rigger(env(Map.of("ANSIBLE_FORKS", "9")), "config", "dump", "--only-changed");
        assertEquals(0, r.rc(), r.err());
        Path cfg = project.resolve("ansible.cfg");
        assertEquals(List.of("COLLECTIONS_PATHS(" + cfg + ") = ['" + project.resolve("colls") + "']",
                "CONFIG_FILE() = " + cfg,
                "DEFAULT_FORKS(env: ANSIBLE_FORKS) = 9",
                "DEFAULT_GATHERING(" + cfg + ") = explicit",
                "DEFAULT_HOST_LIST(" + cfg + ") = ['" + project.resolve("hosts") + "']",
                "DEFAULT_REMOTE_USER(" + cfg + ") = deploy",
                "DEFAULT_ROLES_PATH(" + cfg + ") = ['" + project.resolve("myroles") + "']"), r.out().lines().toList());
        r = rigger(env(Map.of()), "config", "view");
        assertEquals(Files.readString(cfg), r.out());
    }

    @Test
    void aBadCfg_stopsTheCommandWithExit5_namingFileAndLine() throws Exception {
        Files.writeString(project.resolve("ansible.cfg"), "[defaults]\nforks = many\n");
        Run r = rigger(env(Map.of()), "play", project.resolve("play/pb.yml").toString());
        assertEquals(5, r.rc(), r.out() + r.err());
        assertTrue(r.err().startsWith("ERROR! " + project.resolve("ansible.cfg") + ":2:1: Invalid type for "
                + "configuration option setting: DEFAULT_FORKS"), r.err());
    }

    @Test
    void vaultPasswordFile_fromTheCfg_decryptsVaultedVars() throws Exception {
        Files.writeString(project.resolve("pw.txt"), "cfg-secret\n");
        Files.writeString(project.resolve("ansible.cfg"), "[defaults]\ninventory = ./hosts\n"
                + "vault_password_file = ./pw.txt\n");
        String vaulted = dev.rigger.vault.VaultFormat.format(dev.rigger.vault.VaultFormat.encryptBody(
                "token: tok-77\n".getBytes(StandardCharsets.UTF_8), "cfg-secret".getBytes(StandardCharsets.UTF_8)), null);
        Files.writeString(project.resolve("play/secret.yml"), vaulted);
        Files.writeString(project.resolve("play/v.yml"), "- hosts: all\n  gather_facts: false\n  vars_files: [secret.yml]\n"
                + "  tasks:\n    - assert: {that: \"token == 'tok-77'\"}\n");
        Run r = rigger(env(Map.of()), "play", project.resolve("play/v.yml").toString());
        assertEquals(0, r.rc(), r.out() + r.err());
        assertTrue(!r.out().contains("tok-77") && !r.err().contains("cfg-secret"), r.out() + r.err());
    }

    @Test
    void sshCommonArgs_fromTheCfg_reachTheConnectionSettings_belowAHostsOwn() throws Exception {
        Files.writeString(project.resolve("ansible.cfg"), "[defaults]\ninventory = ./hosts\n"
                + "[ssh_connection]\nssh_common_args = -o ProxyJump=login\n");
        RunOptions o = options(env(Map.of("ANSIBLE_SSH_EXTRA_ARGS", "-o Port=2222")), "play", "x.yml");
        assertEquals(Map.of("ansible_ssh_common_args", "-o ProxyJump=login", "ansible_ssh_extra_args", "-o Port=2222"),
                o.sshArgs());
    }
}
