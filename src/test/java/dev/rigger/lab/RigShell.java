package dev.rigger.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs a command on a lab rig with the system ssh client (independent of rigger's own SSH code). */
public final class RigShell {
    private RigShell() {
    }

    /** stdout of {@code command} on {@code rig}; fails the caller on a non-zero exit. */
    public static String run(LabRigs rigs, String rig, String command) {
        try {
            Process p = new ProcessBuilder(rigs.sshCommand(rigs.rig(rig), command)).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("ssh to " + rig + " timed out: " + command);
            }
            String s = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("'" + command + "' on " + rig + " exited " + p.exitValue() + ": " + s);
            }
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes {@code deploy}, a login user (the lab's key) whose sudo needs {@code password}, and forgets any cached
     * sudo credential of it.
     */
    public static void addSudoUser(LabRigs rigs, String rig, String password) {
        run(rigs, rig, "id deploy >/dev/null 2>&1 || useradd -m -s /bin/sh deploy;"
                + " printf '%s\\n' 'deploy:" + password + "' | chpasswd;"
                + " echo 'deploy ALL=(ALL) ALL' > /etc/sudoers.d/deploy; chmod 440 /etc/sudoers.d/deploy;"
                + " install -d -m 700 -o deploy -g deploy /home/deploy/.ssh;"
                + " install -m 600 -o deploy -g deploy /root/.ssh/authorized_keys /home/deploy/.ssh/authorized_keys;"
                + " rm -rf /var/lib/sudo/ts/deploy /run/sudo/ts/deploy");
    }
}
