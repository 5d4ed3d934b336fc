package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.HostStats;
import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.cli.Main;
import dev.rigger.lab.LabExtension;
import dev.rigger.lab.LabRigs;
import dev.rigger.lab.LabSetup;
import dev.rigger.lab.RigShell;
import dev.rigger.engine.Rigger;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The core runner's promise, over real SSH on two lab rigs: changes once, then none; check mode touches nothing. */
@ExtendWith(LabExtension.class)
@LabSetup(rigs = 2)
class CoreScenarioIT {
    private static final Path SITE = Path.of("src/test/resources/scenarios/core/site.yml");

    @TempDir
    Path tmp;

    private RunResult run(LabRigs rigs, boolean check) {
        return Rigger.builder().inventory(rigs.inventory().toString()).playbook(SITE)
                .options(RunOptions.builder().check(check).diff(true).knownHosts(tmp.resolve("known_hosts"))
                        .limit("rig1,rig2").extraVars(Map.of("root", "/srv/core")).build())
                .build().run();
    }

    @Test
    void coreScenario_overSsh_convergesThenIdles_andCheckReportsAHandEdit(LabRigs rigs) {
        RigShell.run(rigs, "rig1", "rm -rf /srv/core");
        RigShell.run(rigs, "rig2", "rm -rf /srv/core");
        RunResult first = run(rigs, false);
        assertEquals(0, first.exitCode(), first.recap().toString());
        for (String h : new String[] {"rig1", "rig2"}) {
            HostStats s = first.stats(h);
            assertEquals(7, s.changed(), h + ": " + s);
            assertEquals("hello from " + h, RigShell.run(rigs, h, "cat /srv/core/" + h + "/hello.txt").trim());
        }
        assertEquals("", RigShell.run(rigs, "rig1", "ls /srv/core | grep rig2 || true").trim(),
                "each rig has its own filesystem");

        RunResult second = run(rigs, false);
        assertEquals(0, second.totalChanged(), second.recap().toString());

        RigShell.run(rigs, "rig2", "echo gpu_count=8 > /srv/core/rig2/settings");
        String before = RigShell.run(rigs, "rig2", "find /srv/core -type f | sort | xargs sha1sum");
        RunResult check = run(rigs, true);
        assertEquals(0, check.stats("rig1").changed());
        assertEquals(1, check.stats("rig2").changed());
        assertEquals(before, RigShell.run(rigs, "rig2", "find /srv/core -type f | sort | xargs sha1sum"));
    }

    @Test
    void cli_printsAnsibleRecap_andMalformedPlaybookTouchesNoHost(LabRigs rigs) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), "play", SITE.toString(), "-i", rigs.inventory().toString(), "-l", "rig1",
                "-e", "root=/srv/cli");
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, text + err);
        assertTrue(text.contains("PLAY [core scenario] *****"), text);
        assertTrue(text.matches("(?s).*\\nrig1 {22} : ok=\\d+ +changed=\\d+ +unreachable=0 +failed=0 +skipped=\\d+ +"
                + "rescued=0 +ignored=0 +\\n.*"), text);

        Path bad = tmp.resolve("bad.yml");
        Files.writeString(bad, "- hosts: all\n  tasks:\n    - debug:\n        msg: \"{{ nope }}\"\n    - frob: x\n");
        ByteArrayOutputStream out2 = new ByteArrayOutputStream();
        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        int rc2 = Main.run(new PrintStream(out2, true, StandardCharsets.UTF_8), new PrintStream(err2, true,
                StandardCharsets.UTF_8), "play", bad.toString(), "-i", rigs.inventory().toString());
        assertEquals(4, rc2);
        assertTrue(err2.toString(StandardCharsets.UTF_8).contains(bad + ":5:7"), err2.toString());
        assertEquals("", out2.toString(StandardCharsets.UTF_8), "no host was contacted, nothing printed");
    }
}
