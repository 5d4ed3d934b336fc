package dev.rigger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LabCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cli = new CommandLine(new LabCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void lab_withoutSubcommand_listsEverySubcommand() {
        assertEquals(0, execute());
        for (String sub : new String[] {"up", "down", "status", "reset", "cut", "restore", "kill", "start"}) {
            assertTrue(out.toString().contains("  " + sub + " "), "usage lacks " + sub + ": " + out);
        }
    }

    @Test
    void up_withZeroRigs_failsWithAMessageBeforeTouchingTheMachine() {
        assertEquals(1, execute("up", "--rigs", "0"));
        assertTrue(err.toString().contains("rigger lab: the number of rigs must be at least 1, not 0"), err.toString());
    }

    @Test
    void cut_withoutRig_isAUsageError() {
        assertEquals(2, execute("cut"));
        assertTrue(err.toString().contains("Missing required parameter: 'RIG'"), err.toString());
    }
}
