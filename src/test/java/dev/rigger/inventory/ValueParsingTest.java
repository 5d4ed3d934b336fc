package dev.rigger.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.Shlex;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueParsingTest {

    @Test
    void pyLiteral_parsesPythonLiteralsAndKeepsEverythingElseAsText() {
        assertEquals(5, PyLiteral.eval("5"));
        assertEquals(-3, PyLiteral.eval("-3"));
        assertEquals(1.5e3, PyLiteral.eval("1.5e3"));
        assertEquals(255, PyLiteral.eval("0xff"));
        assertEquals(1000000, PyLiteral.eval("1_000_000"));
        assertEquals(10_000_000_000L, PyLiteral.eval("10000000000"));
        assertEquals("true", PyLiteral.eval("true"));
        assertEquals(Boolean.TRUE, PyLiteral.eval("True"));
        assertNull(PyLiteral.eval("None"));
        assertEquals("01", PyLiteral.eval("01"));
        assertEquals("10.0.0.1", PyLiteral.eval("10.0.0.1"));
        assertEquals("a b", PyLiteral.eval("'a b'"));
        assertEquals("tab\there", PyLiteral.eval("\"tab\\there\""));
        assertEquals("ab", PyLiteral.eval("'a' \"b\""));
        assertEquals(List.of(1, "x", List.of(2.0)), PyLiteral.eval("[1, 'x', (2.0,)]"));
        assertEquals(Map.of("k", List.of(1, 2), "1", "v"), PyLiteral.eval("{'k': [1, 2], 1: 'v'}"));
        assertEquals(5, PyLiteral.eval("5 # a comment"));
        assertEquals("{{ x }}", PyLiteral.eval("{{ x }}"));
        assertEquals("[1, 2", PyLiteral.eval("[1, 2"));
        assertEquals("1+2", PyLiteral.eval("1+2"));
        assertEquals("/usr/bin/python3", PyLiteral.eval("/usr/bin/python3"));
    }

    @Test
    void ranges_expandNumbersLettersStepsAndSeveralRanges() {
        assertEquals(List.of("rig08", "rig09", "rig10"), HostRanges.expand("rig[08:10]"));
        assertEquals(List.of("db-a", "db-b", "db-c"), HostRanges.expand("db-[a:c]"));
        assertEquals(List.of("n1", "n4", "n7", "n10"), HostRanges.expand("n[1:10:3]"));
        assertEquals(List.of("n0", "n1"), HostRanges.expand("n[:1]"));
        assertEquals(List.of("a1x", "a1y", "a2x", "a2y"), HostRanges.expand("a[1:2][x:y]"));
        assertEquals(List.of("plain.example.com"), HostRanges.expand("plain.example.com"));
    }

    @Test
    void ranges_rejectMalformedRanges() {
        for (String bad : List.of("r[1:]", "r[1]", "r[1:2:3:4]", "r[3:1]", "r[01:100]", "r[1:5:0]", "r[1:3")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostRanges.expand(bad),
                    bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void splitPort_handlesNamesRangesAndIpv6() {
        assertEquals(new HostRanges.HostPort("web1", 2222, false), HostRanges.splitPort("web1:2222"));
        assertEquals(new HostRanges.HostPort("web[1:3]", 22, false), HostRanges.splitPort("web[1:3]:22"));
        assertEquals(new HostRanges.HostPort("web[1:3]", null, false), HostRanges.splitPort("web[1:3]"));
        assertEquals(new HostRanges.HostPort("fe80::1", null, false), HostRanges.splitPort("fe80::1"));
        assertEquals(new HostRanges.HostPort("::1", 2200, false), HostRanges.splitPort("[::1]:2200"));
        assertEquals(new HostRanges.HostPort("web1", null, true), HostRanges.splitPort("web1:"));
    }

    @Test
    void shlexSplit_dropsQuotesAndComments() {
        assertEquals(List.of("h1", "a=two words", "b=x"), Shlex.split("h1 a=\"two words\" b='x' # note", true));
        assertEquals(List.of("h1", "c=a#b"), Shlex.split("h1 c='a#b'", true));
        assertEquals(List.of("h1", "c=a"), Shlex.split("h1 c=a#b x", true)); // as Python's shlex
        assertEquals(List.of("echo", "a#b"), Shlex.split("echo a#b")); // command's text has no comments
        assertThrows(IllegalArgumentException.class, () -> Shlex.split("h1 a='open", true));
    }
}
