package dev.rigger.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.RiggerException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryTest {

    @Test
    void iniAndYaml_describeTheSameInventory() {
        Inventory ini = Fixtures.load("parity/hosts");
        Inventory yaml = Fixtures.load("parity/hosts.yml");
        assertEquals(List.of("loose1", "web1", "web2", "db-a", "db-b"), ini.hosts());
        assertEquals(ini.hosts(), yaml.hosts());
        assertEquals(ini.groups(), yaml.groups());
        for (String h : ini.hosts()) {
            assertEquals(ini.groupNames(h), yaml.groupNames(h), h);
            assertEquals(ini.host(h).orElseThrow().vars(), yaml.host(h).orElseThrow().vars(), h);
            assertEquals(ini.varsFor(h, null), yaml.varsFor(h, null), h);
        }
        assertEquals(ini.group("prod").orElseThrow().children(), yaml.group("prod").orElseThrow().children());
    }

    @Test
    void groups_includeAllAndUngroupedWithTransitiveHosts() {
        Inventory inv = Fixtures.load("parity/hosts");
        Map<String, List<String>> want = new LinkedHashMap<>();
        want.put("all", List.of("loose1", "web1", "web2", "db-a", "db-b"));
        want.put("ungrouped", List.of("loose1"));
        want.put("web", List.of("web1", "web2"));
        want.put("db", List.of("db-a", "db-b"));
        want.put("prod", List.of("web1", "web2", "db-a", "db-b"));
        assertEquals(want, inv.groups());
        assertEquals(List.copyOf(want.keySet()), List.copyOf(inv.groups().keySet()));
        assertEquals(List.of(), inv.group("prod").orElseThrow().hosts());
        assertEquals(List.of("web", "db"), inv.group("prod").orElseThrow().children());
    }

    @Test
    void groupNames_sortedWithoutAll_ungroupedForLooseHosts() {
        Inventory inv = Fixtures.load("parity/hosts");
        assertEquals(List.of("prod", "web"), inv.groupNames("web1"));
        assertEquals(List.of("ungrouped"), inv.groupNames("loose1"));
        assertThrows(RiggerException.class, () -> inv.groupNames("nohost"));
    }

    @Test
    void ini_inlineValuesFollowPythonLiteralEval() {
        Map<String, Object> v = Fixtures.load("parity/hosts").host("web1").orElseThrow().vars();
        assertEquals(2222, v.get("ansible_port"));
        assertEquals(1, v.get("tier"));
        assertEquals("two words", v.get("note"));
        assertEquals("true", v.get("ok"), "true is not a Python literal, so it stays a string");
        assertEquals(List.of(1, 2), v.get("flags"));
        assertEquals(Map.of("ansible_port", 2200, "ansible_user", "deploy"),
                Fixtures.load("parity/hosts").host("web2").orElseThrow().vars());
    }

    @Test
    void ini_looseHostLaterInAGroupLeavesUngrouped_orderAsAnsible() {
        // order and membership as printed by ansible-inventory 2.14 for the same file
        Inventory inv = Fixtures.load("order/hosts");
        assertEquals(List.of("loose2", "d1", "bb1", "w1", "w2", "w3", "loose1"), inv.hosts());
        assertEquals(List.of("loose2"), inv.groups().get("ungrouped"));
        assertEquals(List.of("w1", "w2", "w3", "loose1"), inv.groups().get("web"));
        assertEquals(List.of("bb1", "w1", "w2", "w3", "loose1"), inv.groups().get("top"));
        assertEquals(List.of("top", "web"), inv.groupNames("loose1"));
        Map<String, Object> w1 = inv.host("w1").orElseThrow().vars();
        assertEquals(Boolean.TRUE, w1.get("b"));
        assertEquals(5, w1.get("e"), "shlex drops the quotes of e='5' before literal_eval");
        assertEquals("01", w1.get("f"));
        assertEquals(1.5, w1.get("g"));
        assertEquals(16, w1.get("h"));
        assertTrue(w1.containsKey("i") && w1.get("i") == null);
        assertEquals(Map.of("k", 1), w1.get("j"));
        assertEquals(Map.of("z", 5, "q", "x"), inv.group("b").orElseThrow().vars());
    }

    @Test
    void yaml_allStartsWithHostsWrittenUnderAll_orderAsAnsible() {
        Inventory inv = Fixtures.load("yaml-order/hosts.yml");
        assertEquals(List.of("a1", "localhost", "w1", "w2", "w3", "s1"), inv.hosts());
        assertEquals(List.of("a1", "localhost"), inv.groups().get("ungrouped"));
        assertEquals(List.of("w1", "w2", "w3", "s1"), inv.groups().get("web"));
        assertEquals(List.of("s1"), inv.select("web[-1]:sub[0]").hosts());
        assertEquals(Boolean.TRUE, inv.host("a1").orElseThrow().vars().get("t"), "YAML keeps its types");
        assertEquals(Map.of("ansible_port", 2222, "role", "web"), inv.host("w3").orElseThrow().vars());
        assertEquals(Map.of("x", 1, "ansible_port", 2222, "role", "web"), inv.varsFor("w3", null));
        assertTrue(inv.has("localhost"));
        assertEquals(Map.of(), inv.varsFor("localhost", null), "a localhost in the inventory is not implicit");
    }

    @Test
    void ranges_expandInIniAndYamlAlike() {
        List<String> want = List.of("rig01", "rig02", "rig03", "db-a", "db-b", "db-c", "odd1", "odd3", "odd5",
                "odd7", "r1-x.lab", "r1-y.lab", "r2-x.lab", "r2-y.lab", "p8", "p9", "p10");
        assertEquals(want, Fixtures.load("ranges/hosts").hosts());
        assertEquals(want, Fixtures.load("ranges/hosts.yml").hosts());
        assertEquals(Map.of("ansible_port", 2222), Fixtures.load("ranges/hosts.yml").host("p10").orElseThrow().vars());
    }

    @Test
    void commaList_givesUngroupedHostsWithPorts() {
        Inventory inv = Inventory.load(List.of("h1,h2:2222,"));
        assertEquals(List.of("h1", "h2"), inv.hosts());
        assertEquals(List.of("h1", "h2"), inv.groups().get("ungrouped"));
        assertEquals(Map.of("ansible_port", 2222), inv.varsFor("h2", null));
        assertEquals(List.of("ungrouped"), inv.groupNames("h1"));
    }

    @Test
    void commaList_singleLocalhostIsARealHost() {
        Inventory inv = Inventory.load(List.of("localhost,"));
        assertTrue(inv.has("localhost"));
        assertEquals(List.of("localhost"), inv.select("all").hosts());
        assertEquals(Map.of(), inv.varsFor("localhost", null), "an explicit localhost gets no implicit vars");
    }

    @Test
    void directory_loadsEveryInventoryFileSortedAndSkipsIgnoredOnes() {
        Inventory inv = Fixtures.load("dirsource");
        // as `ansible -i dirsource all --list-hosts`: README.md and legacy.ini are not read
        assertEquals(List.of("extra1", "web1", "web2", "db1"), inv.hosts());
        assertEquals(List.of("web1", "web2"), inv.groups().get("web"));
        assertFalse(inv.groups().containsKey("ignored"));
        assertEquals(1, inv.warnings().size());
        assertTrue(inv.warnings().get(0).contains("legacy.ini"), inv.warnings().toString());
        assertEquals(Boolean.TRUE, inv.varsFor("db1", null).get("from_dir"));
        assertEquals(Fixtures.path("dirsource/02-more.yml"), inv.sourceOf("db1").orElseThrow());
    }

    @Test
    void severalSources_mergeIntoOneInventory() {
        Inventory inv = Inventory.load(List.of(Fixtures.path("parity/hosts").toString(), "extra1,web1"));
        assertEquals(List.of("loose1", "extra1", "web1", "web2", "db-a", "db-b"), inv.hosts());
        assertEquals(List.of("prod", "web"), inv.groupNames("web1"));
    }

    @Test
    void missingSource_isReported() {
        RiggerException e = assertThrows(RiggerException.class, () -> Inventory.load(List.of("no/such/hosts")));
        assertTrue(e.getMessage().startsWith("inventory not found: no/such/hosts"), e.getMessage());
    }

    @Test
    void empty_hasNoHostsButImplicitLocalhost() {
        Inventory inv = Inventory.empty();
        assertEquals(List.of(), inv.hosts());
        assertEquals(List.of("all", "ungrouped"), List.copyOf(inv.groups().keySet()));
        assertTrue(inv.select("all").isEmpty());
        assertEquals(List.of("localhost"), inv.select("localhost").hosts());
        assertEquals("local", inv.varsFor("localhost", null).get("ansible_connection"));
    }

    @Test
    void loadedInventory_isImmutable() {
        Inventory inv = Fixtures.load("parity/hosts");
        assertThrows(UnsupportedOperationException.class, () -> inv.hosts().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> inv.groups().get("web").add("x"));
        assertThrows(UnsupportedOperationException.class,
                () -> inv.host("web1").orElseThrow().vars().put("x", 1));
        @SuppressWarnings("unchecked")
        List<Object> flags = (List<Object>) inv.host("web1").orElseThrow().vars().get("flags");
        assertThrows(UnsupportedOperationException.class, () -> flags.add(3));
        assertThrows(UnsupportedOperationException.class, () -> inv.varsFor("web1", null).put("x", 1));
    }
}
