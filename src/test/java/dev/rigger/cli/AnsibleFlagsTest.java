package dev.rigger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ansible-playbook's flags: the unsupported ones say so in one line, the accepted ones run. */
class AnsibleFlagsTest {
    @TempDir
    Path dir;

    private String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), args);
        return new String[] {String.valueOf(rc), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void anUnsupportedAnsibleFlag_isOneLine_noUsageDump_exit5() {
        String[] r = run("play", "x.yml", "--step");
        assertEquals("5", r[0]);
        assertEquals("ERROR! --step is an ansible-playbook option that rigger does not support yet: rigger does not "
                + "ask before each task\n", r[2]);
        assertFalse(r[2].contains("Usage:"));
    }

    @Test
    void theHelpFooter_listsEveryUnsupportedFlag() {
        String[] r = run("play", "--help");
        assertTrue(r[1].replaceAll("\\s+", " ").contains(AnsibleFlags.footer()), r[1]);
    }

    @Test
    void flushCacheSshArgsAndBecomeMethodSudo_areAccepted() throws Exception {
        Path pb = Files.writeString(dir.resolve("pb.yml"), "- hosts: all\n  gather_facts: false\n  tasks:\n"
                + "    - debug: {msg: hi}\n");
        String[] r = run("play", pb.toString(), "-i", "localhost,", "-c", "local", "--flush-cache",
                "--ssh-common-args", "-o ServerAliveInterval=5", "--become-method", "sudo");
        assertEquals("0", r[0], r[1] + r[2]);
        String[] su = run("play", pb.toString(), "-i", "localhost,", "-c", "local", "--become-method", "su");
        assertTrue(su[2].contains("rigger becomes with sudo only, not su"), su[2]);
    }

    @Test
    void connectionPasswordFile_reachesTheRunOptions_andIsNeverPrinted() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "s3cret-login\n");
        picocli.CommandLine cl = new picocli.CommandLine(new Main(dev.rigger.config.ConfigEnvironment.system()));
        picocli.CommandLine.ParseResult pr = cl.parseArgs("play", "x.yml", "--connection-password-file", pw.toString());
        PlayCommand play = (PlayCommand) pr.subcommand().commandSpec().userObject();
        dev.rigger.api.RunOptions o = play.target.options().build();
        assertEquals("s3cret-login", o.connectionPassword());
        assertFalse(o.toString().contains("s3cret-login"), o.toString());
    }
}
