package dev.rigger.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.engine.Rigger;
import dev.rigger.lab.LabExtension;
import dev.rigger.lab.LabRigs;
import dev.rigger.lab.LabSetup;
import dev.rigger.lab.RigShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slow link is not a dead one: 20 MB copied over a 1 mbit link (about four minutes) arrives whole, though the
 * keep-alive answers wait behind the data. A cut link is still noticed in ~20 s ({@code FaultsIT}).
 */
@ExtendWith(LabExtension.class)
@LabSetup(rigs = 1)
class SlowLinkIT {
    @TempDir
    Path tmp;

    @Test
    void twentyMegabytesOverOneMegabit_arrive_andTheRigStaysReachable(LabRigs rigs) throws Exception {
        byte[] data = new byte[20_000_000];
        new Random(11).nextBytes(data);
        Path big = tmp.resolve("big.bin");
        Files.write(big, data);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        Path pb = tmp.resolve("pb.yml");
        Files.writeString(pb, """
                - hosts: rig1
                  gather_facts: false
                  tasks:
                    - copy: src=%s dest=/tmp/slow-big.bin
                """.formatted(big));
        RigShell.run(rigs, "rig1", "rm -f /tmp/slow-big.bin");
        rigs.lab().slow("rig1", "1mbit");
        RunResult r;
        try {
            r = Rigger.builder().inventory(rigs.inventory().toString()).playbook(pb)
                    .options(RunOptions.builder().knownHosts(tmp.resolve("known_hosts")).build()).build().run();
        } finally {
            rigs.lab().slow("rig1", "off");
        }
        assertEquals(0, r.exitCode(), r.recap() + " " + r.outcomes());
        assertEquals(sha, RigShell.run(rigs, "rig1", "sha256sum /tmp/slow-big.bin").split(" ")[0]);
        RigShell.run(rigs, "rig1", "rm -f /tmp/slow-big.bin");
    }
}
