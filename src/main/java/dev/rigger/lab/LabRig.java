package dev.rigger.lab;

/**
 * One rig of the lab as {@code lab.sh status} reports it.
 *
 * @param name    host name, {@code rig1} .. {@code rigN}
 * @param address its address on the lab bridge (10.77.0.N+1)
 * @param mode    {@code full} (systemd-nspawn, systemd inside) or {@code light} (sshd alone)
 * @param state   {@code running}, {@code starting}, {@code cut} (link down) or {@code stopped}
 */
public record LabRig(String name, String address, String mode, String state) {
    public boolean running() {
        return "running".equals(state);
    }

    public boolean full() {
        return "full".equals(mode);
    }
}
