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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected host lists were taken from `ansible -i patterns/hosts PATTERN --list-hosts` (ansible-core 2.14). */
class HostPatternTest {
    private final Inventory inv = Fixtures.load("patterns/hosts");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "all        | lb1 web1 web2 web3 db-a db-b",
        "*          | lb1 web1 web2 web3 db-a db-b",
        "web:db     | web1 web2 web3 db-a db-b",
        "'db,web'   | db-a db-b web1 web2 web3",
        "web:&lb    | web1",
        "&lb:web    | web1",
        "prod:!web  | db-a db-b",
        "!web:prod  | db-a db-b",
        "!db        | lb1 web1 web2 web3",
        "&web       | web1 web2 web3",
        "web*       | web1 web2 web3",
        "*b*        | web1 web2 web3 db-a db-b lb1",
        "w?b2       | web2",
        "db-[ab]    | db-a db-b",
        "db-[!a]    | db-b",
        "~^db       | db-a db-b",
        "~web[13]   | web1 web3",
        "web[0]     | web1",
        "web[-1]    | web3",
        "web[1:]    | web2 web3",
        "web[0:1]   | web1 web2",
        "prod[2:]   | web3 db-a db-b",
        "web[7:]    | ''",
        "lb1:web1   | lb1 web1",
        "web1:web1:web   | web1 web2 web3",
    })
    void select_matchesAnsible(String pattern, String expected) {
        List<String> want = expected.isBlank() ? List.of() : List.of(expected.trim().split("\\s+"));
        assertEquals(want, inv.select(pattern).hosts());
    }

    @Test
    void select_isOrderIndependentForIntersectionAndExclusion() {
        assertEquals(inv.select("prod:&web:!web2").hosts(), inv.select("!web2:&web:prod").hosts());
        assertEquals(inv.select("prod:&web:!web2").hosts(), inv.select("&web,!web2,prod").hosts());
        assertEquals(List.of("web1", "web3"), inv.select("!web2:&web:prod").hosts());
    }

    @Test
    void select_unmatchedTermWarnsAndIsIgnored() {
        PatternResult r = inv.select("lb1:nomatch");
        assertEquals(List.of("lb1"), r.hosts());
        assertEquals(List.of("Could not match supplied host pattern, ignoring: nomatch"), r.warnings());
        PatternResult regex = inv.select("~b-");
        assertTrue(regex.isEmpty());
        assertEquals(List.of("Could not match supplied host pattern, ignoring: ~b-"), regex.warnings());
        assertEquals(List.of(), inv.select("web:!db").warnings());
    }

    @Test
    void select_implicitLocalhostOnlyWhenNamed() {
        assertEquals(List.of("localhost"), inv.select("localhost").hosts());
        assertEquals(List.of("lb1", "web1", "web2", "web3", "db-a", "db-b", "localhost"),
                inv.select("all:localhost").hosts());
        assertFalse(inv.select("all").hosts().contains("localhost"));
        assertFalse(inv.has("localhost"));
        assertEquals(List.of(), inv.groupNames("localhost"));
    }

    @Test
    void select_subscriptBeyondGroupIsAnError() {
        RiggerException e = assertThrows(RiggerException.class, () -> inv.select("web[5]"));
        assertTrue(e.getMessage().contains("web[5]"), e.getMessage());
    }

    @Test
    void select_invalidRegexIsAnError() {
        RiggerException e = assertThrows(RiggerException.class, () -> inv.select("~web[("));
        assertTrue(e.getMessage().contains("invalid host pattern"), e.getMessage());
    }

    @Test
    void split_keepsRangesAndIpv6Together() {
        assertEquals(List.of("web[1:2]", "db"), HostPatterns.split("web[1:2]:db"));
        assertEquals(List.of("fe80::1"), HostPatterns.split("fe80::1"));
        assertEquals(List.of("2001:db8:0:0:0:0:0:1"), HostPatterns.split("2001:db8:0:0:0:0:0:1"));
        assertEquals(List.of("db", "bad", "cafe"), HostPatterns.split("db:bad:cafe"));
        assertEquals(List.of("a", "&b", "!c"), HostPatterns.split(" a , &b ,!c,"));
    }

    @Test
    void limit_keepsSelectedHostsInTheirOrder() {
        List<String> play = inv.select("web:db").hosts();
        PatternResult r = inv.limit(play, "db:web2");
        assertEquals(List.of("web2", "db-a", "db-b"), r.hosts());
        assertEquals(List.of("web1", "web3"), inv.limit(play, "!db:!web2").hosts());
        assertEquals(play, inv.limit(play, null).hosts());
        PatternResult none = inv.limit(play, "lb1,ghost");
        assertTrue(none.isEmpty());
        assertEquals(List.of("Could not match supplied host pattern, ignoring: ghost"), none.warnings());
    }

    @Test
    void limit_atFileReadsOneHostPerLine(@TempDir Path tmp) throws IOException {
        Path retry = tmp.resolve("site.retry");
        Files.writeString(retry, "web3\n\ndb-b\n");
        List<String> play = inv.select("all").hosts();
        assertEquals(List.of("web3", "db-b"), inv.limit(play, "@" + retry).hosts());
        assertEquals(List.of("lb1", "web3", "db-b"), inv.limit(play, "@" + retry + ",lb1").hosts());
        RiggerException e = assertThrows(RiggerException.class,
                () -> inv.limit(play, "@" + tmp.resolve("nope.retry")));
        assertTrue(e.getMessage().startsWith("limit file not found"), e.getMessage());
    }
}
