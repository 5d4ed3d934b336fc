package dev.rigger.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.RiggerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InventoryErrorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown-section          | 3  | 1  | section [web:host] has unknown type 'host'",
        "bad-range                | 2  | 1  | host range 'rig[1:x]' must use two numbers or two letters",
        "bad-width                | 2  | 1  | must have begin and end of the same width",
        "self-child               | 4  | 1  | group 'g' cannot be a child of itself",
        "cycle                    | 6  | 1  | creates a loop",
        "undefined-child          | 2  | 1  | section [p:children] includes undefined group 'missing'",
        "bad-hostvar              | 2  | 1  | expected key=value host variable after host 'web1', got 'role'",
        "hosts-list.yml           | 3  | 5  | 'hosts' of group 'all' must be a mapping, found a list",
        "group-without-hosts.yml  | 2  | 3  | unexpected key 'web1' in group 'web'",
        "host-vars-list.yml       | 5  | 15 | host 'web1' in group 'web' must map to its variables",
        "syntax.yml               | 3  | 1  | YAML syntax error",
    })
    void load_reportsWhatAndWhere(String file, int line, int col, String message) {
        Path p = Fixtures.path("errors/" + file);
        RiggerException e = assertThrows(RiggerException.class, () -> Inventory.load(List.of(p.toString())));
        assertEquals(p.toString(), e.pos().file());
        assertEquals(line, e.pos().line(), e.describe());
        assertEquals(col, e.pos().column(), e.describe());
        assertTrue(e.getMessage().contains(message), e.describe());
    }

    @Test
    void load_reportsEveryProblemOfAFileAtOnce() {
        Path p = Fixtures.path("errors/several");
        RiggerException e = assertThrows(RiggerException.class, () -> Inventory.load(List.of(p.toString())));
        assertEquals(4, e.pos().line());
        assertTrue(e.getMessage().contains("1 more inventory error"), e.getMessage());
        assertTrue(e.getMessage().contains(p + ":9:1: expected key=value host variable"), e.getMessage());
    }

    @Test
    void load_rejectsInventoryScripts(@TempDir Path tmp) throws IOException {
        Path script = tmp.resolve("inv.py");
        Files.writeString(script, "#!/usr/bin/env python3\nprint('{}')\n");
        RiggerException e = assertThrows(RiggerException.class, () -> Inventory.load(List.of(script.toString())));
        assertTrue(e.getMessage().contains("inventory scripts are not supported"), e.getMessage());
    }

    @Test
    void load_detectsYamlWithoutExtensionByContent(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("hosts");
        Files.writeString(f, "all:\n  hosts:\n    a1:\n      n: 5\n");
        Inventory inv = Inventory.load(List.of(f.toString()));
        assertEquals(List.of("a1"), inv.hosts());
        assertEquals(5, inv.varsFor("a1", null).get("n"));
    }
}
