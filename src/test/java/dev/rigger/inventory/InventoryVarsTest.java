package dev.rigger.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.RiggerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expected values were checked with `ansible ... -m debug --playbook-dir` on ansible-core 2.14. */
class InventoryVarsTest {
    private final Inventory precedence = Fixtures.load("precedence/inventory/hosts");
    private final Path playbookDir = Fixtures.path("precedence/playbook");

    @Test
    void varsFor_everyLevelBeatsTheOneBelow() {
        Map<String, Object> v = precedence.varsFor("w1", playbookDir);
        // level K sets upto_K..upto_9, so upto_K must come from level K:
        // 1 [all:vars], 2 [web:vars], 3 inventory group_vars/all, 4 playbook group_vars/all,
        // 5 inventory group_vars/web, 6 playbook group_vars/web, 7 inline host vars,
        // 8 inventory host_vars/w1, 9 playbook host_vars/w1
        for (int k = 1; k <= 9; k++) {
            assertEquals("L" + k, v.get("upto_" + k), "upto_" + k);
        }
    }

    @Test
    void varsFor_iniGroupVarsLoseToGroupVarsAllFile() {
        assertEquals("from_group_vars_all_file", precedence.varsFor("w1", null).get("surprise"));
    }

    @Test
    void varsFor_dictsAreReplacedNotMerged() {
        assertEquals(Map.of("b", 2), precedence.varsFor("w1", null).get("cfg"));
    }

    @Test
    void varsFor_withoutPlaybookDirSkipsPlaybookLevels() {
        Map<String, Object> v = precedence.varsFor("w1", null);
        assertEquals("L3", v.get("upto_4"));
        assertEquals("L5", v.get("upto_6"));
        assertEquals("L8", v.get("upto_9"));
    }

    @Test
    void varsFor_groupsOrderedByDepthThenPriorityThenName() {
        Inventory inv = Fixtures.load("group-order/hosts");
        Map<String, Object> v = inv.varsFor("h1", null);
        assertEquals("achild", v.get("who"), "a child group beats its parent, whatever the priority");
        assertEquals("m2", v.get("same"), "same depth: alphabetical, last wins");
        assertEquals("p1", v.get("prio"), "same depth: higher ansible_group_priority wins");
        assertFalse(v.containsKey("ansible_group_priority"), "the priority is not a variable");
        assertEquals(List.of("achild", "m1", "m2", "p1", "p2", "zparent"), inv.groupNames("h1"));
    }

    @Test
    void varsFor_groupVarsDirectoryMergesItsFilesSorted() {
        Inventory inv = Fixtures.load("vars-dirs/hosts.yml");
        Map<String, Object> web1 = inv.varsFor("web1", null);
        assertEquals(8080, web1.get("port"), "02-override.yaml after 01-base.yml; .hidden and .txt skipped");
        assertEquals("base", web1.get("name"));
        assertEquals(Boolean.TRUE, web1.get("extless"), "group_vars/all (no extension) comes before all.yml");
        assertFalse(web1.containsKey("shadowed"), "only the first of all, all.yml, all.yaml, all.json is read");
        assertEquals(1, web1.get("from_inline_all"));
        Map<String, Object> web2 = inv.varsFor("web2", null);
        assertEquals(9090, web2.get("port"), "host_vars/web2.json");
        assertEquals(List.of(1, 2), web2.get("json_var"));
    }

    @Test
    void varsFor_implicitLocalhostGetsAllGroupVarsAndLocalConnection() {
        Inventory inv = Fixtures.load("vars-dirs/hosts.yml");
        Map<String, Object> v = inv.varsFor("localhost", null);
        assertEquals("local", v.get("ansible_connection"));
        assertEquals(1, v.get("from_inline_all"));
        assertEquals(Boolean.TRUE, v.get("extless"));
        assertFalse(v.containsKey("port"));
    }

    @Test
    void varsFor_unknownHostIsAnError() {
        RiggerException e = assertThrows(RiggerException.class, () -> precedence.varsFor("nope", null));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }

    @Test
    void varsFor_readsEachFileOnceAndReturnsEqualMaps() {
        assertEquals(precedence.varsFor("w1", playbookDir), precedence.varsFor("w1", playbookDir));
    }

    @Test
    void varsFor_nonMappingVarsFileIsAnErrorWithPosition(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("hosts"), "[web]\nweb1\n");
        Files.createDirectories(tmp.resolve("group_vars"));
        Files.writeString(tmp.resolve("group_vars/web.yml"), "- a\n- b\n");
        Inventory inv = Inventory.load(List.of(tmp.resolve("hosts").toString()));
        RiggerException e = assertThrows(RiggerException.class, () -> inv.varsFor("web1", null));
        assertTrue(e.describe().contains("web.yml:1:1"), e.describe());
        assertTrue(e.getMessage().contains("mapping"), e.getMessage());
    }
}
