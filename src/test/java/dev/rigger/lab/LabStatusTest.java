package dev.rigger.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LabStatusTest {
    @Test
    void parse_readsBridgeMirrorRigsAndInventory() {
        LabStatus s = LabStatus.parse("""
                bridge labbr0 10.77.0.1/24 up
                mirror http://10.77.0.1:8765 up
                rig1 10.77.0.2 full running
                rig2 10.77.0.3 light cut
                rig3 10.77.0.4 full stopped
                inventory /run/rigger-lab/inventory.yml
                """);
        assertTrue(s.bridgeUp());
        assertTrue(s.mirrorUp());
        assertEquals(List.of(new LabRig("rig1", "10.77.0.2", "full", "running"), new LabRig("rig2", "10.77.0.3", "light", "cut"),
                new LabRig("rig3", "10.77.0.4", "full", "stopped")), s.rigs());
        assertEquals(List.of(new LabRig("rig1", "10.77.0.2", "full", "running")), s.runningRigs());
        assertEquals(Optional.of(Path.of("/run/rigger-lab/inventory.yml")), s.inventory());
    }

    @Test
    void parse_whenTheLabIsDown_hasNoRigsAndNoInventory() {
        LabStatus s = LabStatus.parse("""
                bridge labbr0 absent
                mirror http://10.77.0.1:8765 down
                no rigs
                """);
        assertFalse(s.bridgeUp());
        assertFalse(s.mirrorUp());
        assertEquals(List.of(), s.rigs());
        assertEquals(Optional.empty(), s.inventory());
    }
}
