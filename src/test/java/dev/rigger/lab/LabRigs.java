package dev.rigger.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The running rigs a test gets from {@link LabExtension}.
 *
 * @param rigs      the rigs (rig1..rigN, at least as many as asked for), all running when handed out
 * @param key       the lab's private key; root on every rig accepts it
 * @param inventory the Ansible YAML inventory of the rigs (group {@code rigs})
 * @param mirrorUrl the lab's apt mirror, as the rigs see it
 * @param lab       the lab itself, for faults (cut, restore, kill, start, reset)
 */
public record LabRigs(List<LabRig> rigs, Path key, Path inventory, String mirrorUrl, Lab lab) {
    public LabRigs {
        rigs = List.copyOf(rigs);
    }

    public List<String> hosts() {
        return rigs.stream().map(LabRig::name).toList();
    }

    public List<String> addresses() {
        return rigs.stream().map(LabRig::address).toList();
    }

    public LabRig rig(String name) {
        return rigs.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no rig named " + name + " in " + hosts()));
    }

    /** The state directory of the lab (where the inventory lives). */
    public Path stateDir() {
        return inventory.getParent();
    }

    /** The system {@code ssh} command line that runs {@code command} as root on {@code rig}. */
    public List<String> sshCommand(LabRig rig, String command) {
        List<String> argv = new ArrayList<>(List.of("ssh", "-i", key.toString(),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "BatchMode=yes", "-o", "ConnectTimeout=3", "root@" + rig.address(), command));
        return List.copyOf(argv);
    }
}
