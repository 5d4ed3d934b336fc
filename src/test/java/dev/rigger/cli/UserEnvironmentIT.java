package dev.rigger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.lab.LabExtension;
import dev.rigger.lab.LabRigs;
import dev.rigger.lab.LabSetup;
import dev.rigger.lab.RigShell;
import dev.rigger.vault.VaultFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue-14 set-up, on lab rigs: a project with only an ansible.cfg (inventory, remote_user, vault password
 * file), an inventory of ssh-config aliases, vaulted group_vars, and a ~/.ssh/config whose rigs sit behind a login
 * rig (ProxyJump). The rigs refuse the user {@code lab} from the controller's address (sshd DenyUsers), so only
 * the jump reaches them. {@code rigger play site.yml} runs with no other flag, as {@code ansible-playbook site.yml}
 * does in the same folder, and the vaulted secret reaches the rigs but never the output.
 */
@ExtendWith(LabExtension.class)
@LabSetup(rigs = 3)
class UserEnvironmentIT {
    private static final String SECRET = "tok-7a1c-never-printed";
    private static final String PASSWORD = "vault-pw-lab";

    @TempDir
    Path tmp;

    @Test
    void aProjectWithCfgVaultAndSshConfig_runsBehindALoginRig_withThePlainCommandLine(LabRigs rigs) throws Exception {
        String login = rigs.rig("rig1").address();
        String controller = login.substring(0, login.lastIndexOf('.')) + ".1";
        String pub = Files.readString(Path.of(rigs.key() + ".pub")).strip();
        for (String rig : List.of("rig1", "rig2", "rig3")) {
            RigShell.run(rigs, rig, "id lab >/dev/null 2>&1 || useradd -m -s /bin/sh lab; install -d -m 700 -o lab "
                    + "-g lab /home/lab/.ssh; printf '%s\\n' '" + pub + "' > /home/lab/.ssh/authorized_keys; "
                    + "chown lab:lab /home/lab/.ssh/authorized_keys; chmod 600 /home/lab/.ssh/authorized_keys; "
                    + "rm -f /home/lab/token");
        }
        for (String rig : List.of("rig2", "rig3")) {
            RigShell.run(rigs, rig, "grep -q '^DenyUsers lab@" + controller + "$' /etc/ssh/sshd_config || "
                    + "echo 'DenyUsers lab@" + controller + "' >> /etc/ssh/sshd_config; systemctl reload ssh");
        }
        try {
            Path home = Files.createDirectories(tmp.resolve("home"));
            Path ssh = Files.createDirectories(home.resolve(".ssh"));
            StringBuilder cfg = new StringBuilder("Host login\n    HostName " + login + "\n");
            for (String rig : List.of("rig2", "rig3")) {
                cfg.append("Host gpu").append(rig.substring(3)).append("\n    HostName ")
                        .append(rigs.rig(rig).address()).append("\n    ProxyJump login\n");
            }
            cfg.append("Host *\n    IdentityFile ").append(rigs.key()).append("\n    StrictHostKeyChecking no\n")
                    .append("    UserKnownHostsFile /dev/null\n    LogLevel ERROR\n");
            Files.writeString(ssh.resolve("config"), cfg.toString());
            Files.setPosixFilePermissions(ssh.resolve("config"), PosixFilePermissions.fromString("rw-------"));

            Path project = Files.createDirectories(tmp.resolve("project"));
            Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(project.resolve("ansible.cfg"), "[defaults]\ninventory = ./hosts\nremote_user = lab\n"
                    + "vault_password_file = ./vault-pass\nhost_key_checking = False\n");
            Files.writeString(project.resolve("vault-pass"), PASSWORD + "\n");
            Files.writeString(project.resolve("hosts"), "[gpu]\ngpu2\ngpu3\n");
            Files.createDirectories(project.resolve("group_vars"));
            Files.writeString(project.resolve("group_vars/gpu.yml"), VaultFormat.format(VaultFormat.encryptBody(
                    ("token: " + SECRET + "\n").getBytes(StandardCharsets.UTF_8),
                    PASSWORD.getBytes(StandardCharsets.UTF_8)), null));
            Files.writeString(project.resolve("site.yml"), """
                    - hosts: gpu
                      gather_facts: false
                      tasks:
                        - name: the token
                          copy: {content: "{{ token }}", dest: /home/lab/token, mode: "0600"}
                        - name: who
                          command: id -un
                          register: who
                          changed_when: false
                        - assert: {that: "who.stdout == 'lab'"}
                    """);

            // the rigs refuse the controller itself: only the login rig reaches them
            Process direct = new ProcessBuilder("ssh", "-F", ssh.resolve("config").toString(), "-o", "BatchMode=yes",
                    "-o", "ProxyJump=none", "lab@" + rigs.rig("rig2").address(), "true").redirectErrorStream(true)
                    .start();
            direct.getInputStream().readAllBytes();
            assertTrue(direct.waitFor(30, TimeUnit.SECONDS));
            assertNotEquals(0, direct.exitValue(), "rig2 refuses lab from the controller's address");

            String java = ProcessHandle.current().info().command().orElse("java");
            Result first = run(project, home, List.of(java, "-Duser.home=" + home, "-cp",
                    System.getProperty("java.class.path"), "dev.rigger.cli.Main", "play", "site.yml"));
            assertEquals(0, first.rc, first.out);
            assertTrue(first.out.contains("gpu2                       : ok=3    changed=1"), first.out);
            assertTrue(first.out.contains("gpu3                       : ok=3    changed=1"), first.out);
            assertFalse(first.out.contains(SECRET) || first.out.contains(PASSWORD), first.out);
            for (String rig : List.of("rig2", "rig3")) {
                assertEquals(SECRET, RigShell.run(rigs, rig, "cat /home/lab/token"));
            }
            Result again = run(project, home, List.of(java, "-Duser.home=" + home, "-cp",
                    System.getProperty("java.class.path"), "dev.rigger.cli.Main", "play", "site.yml", "-vvvv",
                    "--diff"));
            assertEquals(0, again.rc, again.out);
            assertTrue(again.out.contains("gpu2                       : ok=3    changed=0"), again.out);
            assertFalse(again.out.contains(SECRET) || again.out.contains(PASSWORD), again.out);

            if (dev.rigger.oracle.AnsibleSide.available()) {
                // the same folder and command line with ansible-playbook: the same recap
                for (String rig : List.of("rig2", "rig3")) {
                    RigShell.run(rigs, rig, "rm -f /home/lab/token");
                }
                // (OpenSSH reads ~/.ssh/config from the passwd entry, not $HOME: ssh gets the file with -F)
                Result ansible = run(project, home, List.of("env", "ANSIBLE_SSH_COMMON_ARGS=-F " + ssh.resolve("config"),
                        "ansible-playbook", "site.yml"));
                assertEquals(0, ansible.rc, ansible.out);
                assertTrue(ansible.out.contains("gpu2                       : ok=3    changed=1"), ansible.out);
            }
        } finally {
            for (String rig : List.of("rig2", "rig3")) {
                RigShell.run(rigs, rig, "sed -i '/^DenyUsers lab@/d' /etc/ssh/sshd_config; systemctl reload ssh");
            }
        }
    }

    private record Result(int rc, String out) {
    }

    private Result run(Path cwd, Path home, List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).directory(cwd.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("HOME", home.toString());
        env.remove("SSH_AUTH_SOCK");
        env.remove("ANSIBLE_CONFIG");
        env.put("ANSIBLE_PYTHON_INTERPRETER", "auto_silent");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), out);
        return new Result(p.exitValue(), out);
    }
}
