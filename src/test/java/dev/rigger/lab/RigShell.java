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
}
