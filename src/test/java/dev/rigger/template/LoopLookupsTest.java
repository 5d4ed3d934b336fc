package dev.rigger.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** with_X = query('X', terms): items and messages as ansible-playbook 2.14.18 printed them (debug: var=item). */
class LoopLookupsTest {
    @TempDir
    Path dir;

    private Object items(String lookup, Object terms) {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("playbook_dir", dir.toString());
        vars.put("groups", Map.of("all", List.of("web1", "db1", "localhost"), "web", List.of("web1"),
                "ungrouped", List.of("db1", "localhost")));
        Object t = terms instanceof List || terms instanceof Map ? terms : new ArrayList<>(Arrays.asList(terms));
        return Lookups.loop(lookup, t, vars, new Templar(), "files");
    }

    private String error(String lookup, Object terms) {
        return assertThrows(TemplateException.class, () -> items(lookup, terms)).getMessage();
    }

    private static Map<String, Object> m(Object... kv) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], kv[i + 1]);
        }
        return out;
    }

    private static List<Object> l(Object... xs) {
        return new ArrayList<>(Arrays.asList(xs));
    }

    @Test
    void itemsFlattensOneLevel_noneIsAnItem_aDictGivesItsKeys() {
        assertEquals(l(1L, 2L, l(3L)), items("items", l(1L, l(2L, l(3L)), l())));
        assertEquals(l((Object) null), items("items", null));
        assertEquals(l("a"), items("items", m("a", 1L)));
        assertEquals(l("hello"), items("items", "hello"));
        assertEquals(l(), items("items", l()));
    }

    @Test
    void flattenedFlattensAll_indexedItemsPairs_listKeepsNesting() {
        assertEquals(l(1L, 2L, 3L, 4L, "x"), items("flattened", l(1L, l(2L, l(3L, l(4L))), "x")));
        assertEquals(l(l(0L, "a"), l(1L, "b"), l(2L, l("c"))), items("indexed_items", l("a", l("b", l("c")))));
        assertEquals("with_indexed_items expects a list", error("indexed_items", m("a", 1L)));
        assertEquals(l(1L, l(2L)), items("list", l(1L, l(2L))));
    }

    @Test
    void dictGivesKeyValueInOrder_andRefusesOthers() {
        assertEquals(l(m("key", "b", "value", 1L), m("key", "a", "value", 2L)), items("dict", m("b", 1L, "a", 2L)));
        assertEquals(l(), items("dict", m()));
        assertEquals("with_dict expects a dict", error("dict", l(1L, 2L)));
        assertEquals("with_dict expects a dict", error("dict", "hello"));
    }

    @Test
    void togetherPadsWithNone_nestedAndCartesianMultiply() {
        assertEquals(l(l(1L, "a"), l(2L, null), l(3L, null)), items("together", l(l(1L, 2L, 3L), l("a"))));
        assertEquals(l(l(1L, "a"), l(2L, 3L, "b")), items("together", l(l(1L, l(2L, 3L)), l("a", "b"))));
        assertEquals(l(l("hello")), items("together", "hello"));
        assertEquals("with_together requires at least one element in each list", error("together", l()));
        assertEquals(l(l(1L, "a", "x"), l(1L, "b", "x"), l(2L, "a", "x"), l(2L, "b", "x")),
                items("nested", l(l(1L, 2L), l("a", "b"), l("x"))));
        assertEquals(l(l(1L, "hello"), l(2L, "hello")), items("nested", l(l(1L, 2L), "hello")));
        assertEquals(l(), items("nested", l(l())));
        assertEquals("with_nested requires at least one element in the nested list", error("nested", l()));
        assertEquals(l(l(1L, "a"), l(2L, "a")), items("cartesian", l(l(1L, 2L), l("a"))));
        assertEquals("with_cartesian requires at least one element in each list", error("cartesian", l()));
    }

    @Test
    void subelementsPairsParentWithoutTheSubkey_andChild() {
        Map<String, Object> alice = m("name", "alice", "keys", l("k1", "k2"), "m", m("x", l(1L)));
        List<Object> users = l(alice, m("name", "bob", "keys", l()), m("name", "carol"));
        assertEquals(l(l(m("name", "alice", "m", m("x", l(1L))), "k1"), l(m("name", "alice", "m", m("x", l(1L))), "k2")),
                items("subelements", l(users, "keys", m("skip_missing", true))));
        assertEquals(l("k1", "k2"), alice.get("keys"), "the variable itself is left alone");
        assertEquals(l(l(m("name", "alice", "keys", l("k1", "k2"), "m", m()), 1L)),
                items("subelements", l(users, "m.x", m("skip_missing", true))));
        assertEquals(l(l(m("name", "u1"), "a"), l(m("name", "u2"), "b"), l(m("name", "u2"), "c")),
                items("subelements", l(m("u1", m("name", "u1", "keys", l("a")), "u2", m("name", "u2", "keys",
                        l("b", "c"))), "keys")));
        assertEquals(l(), items("subelements", l(l(), "k")));
        assertEquals("could not find 'k' key in iterated item '{'name': 'a'}'",
                error("subelements", l(l(m("name", "a")), "k")));
        assertEquals("subelements lookup expects a list of two or three items, ",
                error("subelements", l(l(m("name", "a")))));
        assertEquals("subelements lookup expects a dictionary, got 'hello'", error("subelements", l("hello", "k")));
        assertEquals("the key k should point to a list, got '3'", error("subelements", l(l(m("k", 3L)), "k")));
        assertEquals("the key k should point to a dictionary, got '3'", error("subelements", l(l(m("k", 3L)), "k.z")));
    }

    @Test
    void sequenceForms_andItsMessages() {
        assertEquals(l("h00", "h02", "h04"), items("sequence", "start=0 end=4 stride=2 format=h%02d"));
        assertEquals(l("host01", "host02", "host03", "host04"), items("sequence", "4:host%02d"));
        assertEquals(l("2", "5", "8"), items("sequence", "2-10/3"));
        assertEquals(l("5", "6", "7", "8"), items("sequence", "5-8"));
        assertEquals(l("10", "11", "12"), items("sequence", "0x0a-0x0c"));
        assertEquals(l("1", "2", "3"), items("sequence", "count=3"));
        assertEquals(l("5", "7", "9"), items("sequence", "start=5 count=3 stride=2"));
        assertEquals(l(), items("sequence", "count=0"));
        assertEquals(l("0"), items("sequence", "start=0 end=0"));
        assertEquals(l("1", "2", "10", "11"), items("sequence", l("count=2", "start=10 end=11")));
        assertEquals(l("10", "9", "8"), items("sequence", "start=10 end=8 stride=-1"));
        assertEquals(l("  1.0", "  2.0", "  3.0"), items("sequence", "end=3 format=%5.1f"));
        assertEquals(l("1!", "2!", "3!"), items("sequence", "end=3 format=%s!"));
        assertEquals("must specify count or end in with_sequence", error("sequence", "start=1"));
        assertEquals("must specify count or end in with_sequence", error("sequence", ""));
        assertEquals("can't specify both count and end in with_sequence", error("sequence", "end=3 count=2"));
        assertEquals("to count backwards make stride negative", error("sequence", "start=5 end=1"));
        assertEquals("to count forward don't make stride negative", error("sequence", "start=1 end=5 stride=-1"));
        assertEquals("can't parse end=x as integer", error("sequence", "end=x"));
        assertEquals("can't parse start=010 as integer", error("sequence", "end=0x0a format=%x start=010"));
        assertEquals("unrecognized arguments to with_sequence: ['foo']", error("sequence", "end=3 foo=1"));
        assertEquals("bad formatting string: %d%d", error("sequence", "end=3 format=%d%d"));
        assertEquals("problem formatting 1 with '%z'", error("sequence", "end=2 format=%z"));
    }

    @Test
    void randomChoice_inventoryHostnames() {
        assertEquals(l("only"), items("random_choice", l("only")));
        assertTrue(l("a", "b").contains(((List<?>) items("random_choice", l("a", "b"))).get(0)));
        assertEquals(l(), items("random_choice", l()));
        assertEquals(l("web1", "db1", "localhost"), items("inventory_hostnames", "all"));
        assertEquals(l("db1", "localhost"), items("inventory_hostnames", l("all", "!web")));
        assertEquals(l("localhost"), items("inventory_hostnames", "local*"));
        assertEquals(l(), items("inventory_hostnames", "nope"));
    }

    @Test
    void fileLookups_firstFound_filetree_password() throws Exception {
        Files.createDirectories(dir.resolve("files/tree/sub"));
        Files.writeString(dir.resolve("files/tree/a.txt"), "a\n");
        Files.writeString(dir.resolve("files/tree/sub/b.txt"), "b\n");
        Files.createSymbolicLink(dir.resolve("files/tree/lnk"), Path.of("a.txt"));
        Files.writeString(dir.resolve("files/sp.txt"), "  hi there \n\n");
        assertEquals(l("  hi there"), items("file", l("sp.txt")));
        assertTrue(error("file", l("nope.txt")).startsWith("could not locate file in lookup: nope.txt (searched "));
        assertEquals(l(dir.resolve("files/sp.txt").toString()),
                items("first_found", l(m("files", l("nope", "sp.txt"), "skip", true))));
        assertEquals(l(), items("first_found", l(m("files", l("nope"), "skip", true))));
        assertEquals("No file was found when using first_found.", error("first_found", l("nope.txt")));
        List<?> tree = (List<?>) items("filetree", "tree");
        assertEquals(List.of("sub", "lnk", "a.txt", "sub/b.txt").stream().sorted().toList(),
                tree.stream().map(e -> (String) ((Map<?, ?>) e).get("path")).sorted().toList());
        Map<?, ?> lnk = tree.stream().map(e -> (Map<?, ?>) e).filter(e -> e.get("path").equals("lnk")).findFirst()
                .orElseThrow();
        assertEquals("link", lnk.get("state"));
        assertEquals("a.txt", lnk.get("src"));
        assertEquals("0777", lnk.get("mode"));
        assertEquals(dir.resolve("files/tree").toString(), lnk.get("root"));
        assertEquals(List.of("root", "path", "state", "src", "uid", "gid", "owner", "group", "mode", "size", "mtime",
                "ctime"), new ArrayList<>(lnk.keySet()));
        String pw = (String) ((List<?>) items("password", "pw length=8 chars=digits")).get(0);
        assertTrue(pw.matches("[0-9]{8}"), pw);
        assertEquals(pw + "\n", Files.readString(dir.resolve("pw")));
        assertEquals(l(pw), items("password", "pw length=8 chars=digits"));
        assertEquals("Unrecognized parameter(s) given to password lookup: foo", error("password", "pw2 foo=1"));
        assertEquals(l(""), items("env", l("RIGGER_SURELY_UNSET_VAR")));
        assertTrue(error("url", "http://x").contains("not supported"));
        assertTrue(error("bogus", l(1L)).contains("lookup plugin (bogus) not found"));
    }
}
