package dev.rigger.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code lab.sh status} reported.
 *
 * @param bridgeUp  whether the lab bridge labbr0 exists
 * @param mirrorUp  whether the lab's apt mirror server runs
 * @param rigs      the rigs that have state, in order
 * @param inventory the inventory written by the last {@code up}, when there is one
 */
public record LabStatus(boolean bridgeUp, boolean mirrorUp, List<LabRig> rigs, Optional<Path> inventory) {
    public LabStatus {
        rigs = List.copyOf(rigs);
    }

    /** The rigs that answer SSH now. */
    public List<LabRig> runningRigs() {
        return rigs.stream().filter(LabRig::running).toList();
    }

    /** Parses the text {@code lab.sh status} prints. */
    public static LabStatus parse(String text) {
        boolean bridge = false;
        boolean mirror = false;
        List<LabRig> rigs = new ArrayList<>();
        Optional<Path> inventory = Optional.empty();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 0 || f[0].isEmpty()) {
                continue;
            }
            switch (f[0]) {
                case "bridge" -> bridge = f.length >= 4 && "up".equals(f[3]);
                case "mirror" -> mirror = f.length >= 3 && "up".equals(f[2]);
                case "inventory" -> inventory = f.length >= 2 ? Optional.of(Path.of(f[1])) : Optional.empty();
                default -> {
                    if (f[0].matches("rig\\d+") && f.length >= 4) {
                        rigs.add(new LabRig(f[0], f[1], f[2], f[3]));
                    }
                }
            }
        }
        return new LabStatus(bridge, mirror, rigs, inventory);
    }
}
