package dev.rigger.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected values were checked against ansible-core 2.14 ({@code ansible-playbook} + debug msg). */
class FiltersTest {
    static Object r(String template) {
        return TemplarTest.T.render(template, TemplarTest.vars());
    }

    /** Renders as a string the way Ansible prints it inside text. */
    static String s(String template) {
        return r("=" + template).toString().substring(1);
    }

    @Test
    void toJson_matchesPythonJsonDumps() {
        assertEquals("{\"x\": 1, \"y\": \"two\"}", r("{{ d | to_json }}"));
        assertEquals("{\"b\": 1, \"a\": [1, 2]}", r("{{ {'b': 1, 'a': [1, 2]} | to_json }}"));
        assertEquals("{\"a\": \"\\u00e9\"}", r("{{ {'a': 'é'} | to_json }}"));
        assertEquals("[1, null, true, 2.5]", r("{{ [1, None, True, 2.5] | to_json }}"));
    }

    @Test
    void toNiceJson_indentsFourAndSortsKeys() {
        assertEquals("{\n    \"a\": [\n        1,\n        2\n    ],\n    \"b\": 1\n}",
                r("{{ {'b': 1, 'a': [1, 2]} | to_nice_json }}"));
    }

    @Test
    void toYaml_andToNiceYaml_matchPyYaml() {
        assertEquals("a: [1, 2]\nb: {c: x}\n", r("{{ {'b': {'c': 'x'}, 'a': [1, 2]} | to_yaml }}"));
        // PyYAML's own layout for indent=4
        assertEquals("a:\n- 1\n-   c: d\n    e: f\nb: 1\ng:\n-   - 1\n    - 2\n",
                r("{{ {'b': 1, 'a': [1, {'c': 'd', 'e': 'f'}], 'g': [[1, 2]]} | to_nice_yaml }}"));
        assertEquals("a:\n    b: 1\n", r("{{ {'a': {'b': 1}} | to_nice_yaml }}"));
    }

    @Test
    void fromJson_andFromYaml_giveNativeValues() {
        assertEquals(Map.of("a", java.util.Arrays.asList(1L, 2.5, null, true)),
                r("{{ '{\"a\": [1, 2.5, null, true]}' | from_json }}"));
        assertEquals(Map.of("a", 1L, "b", List.of("x")), r("{{ 'a: 1\nb: [x]' | from_yaml }}"));
        assertTrue(assertThrows(TemplateException.class, () -> r("{{ '{bad' | from_json }}")).getMessage()
                .contains("from_json"));
    }

    @Test
    void regexFilters_usePythonSyntax() {
        assertEquals("ab2-1cd", r("{{ 'ab12cd' | regex_replace('(\\d)(\\d)', '\\2-\\1') }}"));
        assertEquals("ab<1><2>cd", r("{{ 'ab12cd' | regex_replace('(?P<x>\\d)', '<\\g<x>>') }}"));
        assertEquals("aab", r("{{ 'ab' | regex_replace('^(.)', '\\1\\1') }}"));
        assertEquals("a$c", r("{{ 'abc' | regex_replace('b', '$') }}"));
        assertEquals("X", r("{{ 'abc' | regex_replace('ABC', 'X', ignorecase=True) }}"));
        assertEquals(List.of("1", "22"), r("{{ 'a1b22' | regex_findall('\\d+') }}"));
        assertEquals(List.of(List.of("a", "1"), List.of("b", "2")), r("{{ 'a=1 b=2' | regex_findall('(\\w)=(\\d)') }}"));
        assertEquals("foo=bar", r("{{ 'x foo=bar' | regex_search('\\w+=\\w+') }}"));
        assertEquals(List.of("bar", "foo"), r("{{ 'foo=bar' | regex_search('(\\w+)=(\\w+)', '\\2', '\\1') }}"));
        assertNull(r("{{ 'foo' | regex_search('x') }}"));
        assertEquals("a\\.b\\*", r("{{ 'a.b*' | regex_escape }}"));
    }

    @Test
    void pathFilters() {
        assertEquals("c.txt", r("{{ '/a/b/c.txt' | basename }}"));
        assertEquals("/a/b", r("{{ '/a/b/c.txt' | dirname }}"));
        assertEquals("('/a/b/c', '.txt')", s("{{ '/a/b/c.txt' | splitext }}"));
        assertEquals(System.getProperty("user.home") + "/x", r("{{ '~/x' | expanduser }}"));
        assertEquals("/a/c", r("{{ '/a/b/../c' | realpath }}"));
    }

    @Test
    void quote_isShellQuoting() {
        assertEquals("'a b'", r("{{ 'a b' | quote }}"));
        assertEquals("'it'\"'\"'s'", r("{{ \"it's\" | quote }}"));
        assertEquals("''", r("{{ '' | quote }}"));
        assertEquals("/safe/path-1.txt", r("{{ '/safe/path-1.txt' | quote }}"));
    }

    @Test
    void passwordHash_sha512MatchesOpenssl() {
        // openssl passwd -6 -salt saltsalt secret
        assertEquals("$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1",
                r("{{ 'secret' | password_hash('sha512', 'saltsalt') }}"));
        // openssl passwd -5 -salt saltsalt secret
        assertEquals("$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA",
                r("{{ 'secret' | password_hash('sha256', 'saltsalt') }}"));
        // ansible 2.14 with passlib: rounds=656000
        assertEquals("$6$rounds=656000$saltsalt$Vg7us3Hcq8rplCTNjwvGRwObM2xyfDZZ.XP2YLQ.ii85wAq/psu28uEfoMveNszsQWMg"
                + "kWRxbZm2mBBlNn3.J0", r("{{ 'secret' | password_hash('sha512', 'saltsalt', rounds=656000) }}"));
        String random = (String) r("{{ 'secret' | password_hash }}");
        assertTrue(random.matches("\\$6\\$[./0-9A-Za-z]{16}\\$[./0-9A-Za-z]{86}"), random);
    }

    @Test
    void passwordHash_longPasswordAndSaltTruncation_matchOpenssl() {
        // openssl passwd -6 -salt abcdefghijklmnopqrst '<the password below>'
        assertEquals("$6$abcdefghijklmnop$i7hgZ0a.kYsdzu0Y.7JeASST3BS0XzrMHUtWGehJs5rFcOoZd9jNwF7mS63aw79YSmDvXhrbD8vaSQ"
                + "6W.Tc.s0", r("{{ 'a much longer password that exceeds sixty-four bytes in length for sure, yes indeed'"
                + " | password_hash('sha512', 'abcdefghijklmnopqrst') }}"));
    }

    @Test
    void combine_mergesShallowOrRecursive() {
        assertEquals(Map.of("a", 1L, "b", 2L), r("{{ {'a': 1, 'b': 1} | combine({'b': 2}) }}"));
        assertEquals(Map.of("a", Map.of("y", 2L)), r("{{ {'a': {'x': 1}} | combine({'a': {'y': 2}}) }}"));
        assertEquals(Map.of("a", Map.of("x", 1L, "y", 2L, "l", List.of(1L, 2L))),
                r("{{ {'a': {'x': 1, 'l': [1]}} | combine({'a': {'y': 2, 'l': [2]}}, recursive=True, "
                        + "list_merge='append') }}"));
        assertEquals(Map.of("a", 3L), r("{{ {'a': 1} | combine({'a': 2}, {'a': 3}) }}"));
        assertEquals(Map.of("a", 2L, "b", 1L), r("{{ [{'a': 1}, {'a': 2, 'b': 1}] | combine }}"));
    }

    @Test
    void dict2items_andItems2dict() {
        assertEquals(List.of(Map.of("key", "x", "value", 1L), Map.of("key", "y", "value", "two")), r("{{ d | dict2items }}"));
        assertEquals(List.of(Map.of("k", "x", "v", 1L), Map.of("k", "y", "v", "two")),
                r("{{ d | dict2items(key_name='k', value_name='v') }}"));
        assertEquals(Map.of("a", 1L), r("{{ [{'key': 'a', 'value': 1}] | items2dict }}"));
    }

    @Test
    void ternary() {
        assertEquals("yes", r("{{ 3 | ternary('yes', 'no') }}"));
        assertEquals("no", r("{{ [] | ternary('yes', 'no') }}"));
        assertEquals("null", r("{{ none | ternary('y', 'n', 'null') }}"));
    }

    @Test
    void flatten_withLevelsAndNulls() {
        assertEquals(List.of(1L, 2L, 3L), r("{{ [1, [2, [3, None]]] | flatten }}"));
        assertEquals(List.of(1L, 2L, List.of(3L)), r("{{ [1, [2, [3]]] | flatten(1) }}"));
        assertEquals(List.of(1L, 2L, List.of(3L)), r("{{ [[1, 2], [[3]]] | flatten(levels=1) }}"));
    }

    @Test
    void minMaxZipUniqueSets() {
        assertEquals(1L, r("{{ [3, 1, 2] | min }}"));
        assertEquals("b", r("{{ ['b', 'a'] | max }}"));
        assertEquals(Map.of("n", 1L), r("{{ [{'n': 3}, {'n': 1}] | min(attribute='n') }}"));
        assertEquals("[(1, 'a'), (2, 'b')]", s("{{ [1, 2] | zip(['a', 'b']) | list }}"));
        assertEquals(List.of(1L, 2L, 3L), r("{{ [1, 2, 2, 3] | unique }}"));
        assertEquals(List.of(1L, 2L, 3L), r("{{ [1, 2] | union([2, 3]) }}"));
        assertEquals(List.of(2L), r("{{ [1, 2] | intersect([2, 3]) }}"));
        assertEquals(List.of(1L), r("{{ [1, 2] | difference([2, 3]) }}"));
        assertEquals(List.of(1L, 3L), r("{{ [1, 2] | symmetric_difference([2, 3]) }}"));
    }

    @Test
    void comment_stylesMatchAnsible() {
        assertEquals("#\n# text\n#", r("{{ 'text' | comment }}"));
        assertEquals("//\n// a\n// b\n//", r("{{ 'a\nb' | comment('c') }}"));
        assertEquals("/*\n *\n * text\n *\n */", r("{{ 'text' | comment('cblock') }}"));
    }

    @Test
    void toUuid_isAnsiblesUuid5() {
        assertEquals("69680a13-a686-5d20-a166-0e7b3b17ef84", r("{{ 'www.example.com' | to_uuid }}"));
    }

    @Test
    void subelements_pairsItemsWithSublistEntries() {
        assertEquals("[({'n': 'a', 'l': [1, 2]}, 1), ({'n': 'a', 'l': [1, 2]}, 2)]",
                s("{{ [{'n': 'a', 'l': [1, 2]}] | subelements('l') }}"));
        assertEquals(List.of(), r("{{ [{'n': 'a'}] | subelements('l', skip_missing=True) }}"));
        assertTrue(assertThrows(TemplateException.class, () -> r("{{ [{'n': 'a'}] | subelements('l') }}"))
                .getMessage().contains("could not find 'l' key"));
    }

    @Test
    void typeDebug_namesPythonTypes() {
        assertEquals("float int str dict list NoneType bool",
                s("{{ 1.5 | type_debug }} {{ 1 | type_debug }} {{ 'x' | type_debug }} {{ d | type_debug }} "
                        + "{{ l | type_debug }} {{ n | type_debug }} {{ b | type_debug }}"));
    }

    @Test
    void hashAndChecksum() {
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", r("{{ 'abc' | hash('sha1') }}"));
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", r("{{ 'abc' | checksum }}"));
        assertEquals("900150983cd24fb0d6963f7d28e17f72", r("{{ 'abc' | hash('md5') }}"));
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
                r("{{ 'hello' | hash('sha256') }}"));
    }

    @Test
    void typeConversions_behaveLikePython() {
        assertEquals("True False True True", s("{{ 'yes' | bool }} {{ 'off' | bool }} {{ 1 | bool }} {{ 'on' | bool }}"));
        assertNull(r("{{ none | bool }}"));
        assertEquals(43L, r("{{ '42' | int + 1 }}"));
        assertEquals(3L, r("{{ '3.7' | int }}"));
        assertEquals(0L, r("{{ 'x' | int }}"));
        assertEquals(26L, r("{{ '0x1A' | int(base=16) }}"));
        assertEquals(3.5, r("{{ '3.5' | float }}"));
        assertEquals(0.0, r("{{ 'abc' | float }}"));
        assertEquals("3", r("{{ 3 | string }}"));
        assertEquals("True", r("{{ true | string }}"));
        assertEquals(List.of("a", "b"), r("{{ 'ab' | list }}"));
        assertEquals(List.of("x", "y"), r("{{ d | list }}"));
    }

    @Test
    void base64_andHumanReadable() {
        assertEquals("aGk=", r("{{ 'hi' | b64encode }}"));
        assertEquals("hi", r("{{ 'aGk=' | b64decode }}"));
        assertEquals("1.00 MB", r("{{ 1048576 | human_readable }}"));
        assertEquals("100.00 Bytes", r("{{ 100 | human_readable }}"));
    }

    @Test
    void versionCompareFilter() {
        assertEquals(true, r("{{ '1.0' | version_compare('2.0', '<') }}"));
        assertEquals(false, r("{{ '1.10' | version_compare('1.9', 'lt') }}"));
    }

    @Test
    void extract_andPathJoin() {
        java.util.Map<String, Object> v = TemplarTest.vars();
        v.put("hostvars", Map.of("h1", Map.of("ip", "10.0.0.1"), "h2", Map.of("ip", "10.0.0.2")));
        assertEquals(List.of("10.0.0.1", "10.0.0.2"),
                TemplarTest.T.render("{{ ['h1', 'h2'] | map('extract', hostvars, 'ip') | list }}", v));
        assertEquals(List.of("two"), r("{{ ['y'] | map('extract', d) | list }}"));
        assertEquals("/etc/app/conf.d", r("{{ ['/etc', 'app', 'conf.d'] | path_join }}"));
        assertEquals("/abs", r("{{ ['rel', '/abs'] | path_join }}"));
    }

    @Test
    void fullyQualifiedBuiltinNames_work() {
        assertEquals("{\"x\": 1, \"y\": \"two\"}", r("{{ d | ansible.builtin.to_json }}"));
        assertEquals(true, r("{{ '2.0' is ansible.builtin.version('1.0', '>') }}"));
        assertEquals(System.getenv("PATH"), r("{{ lookup('ansible.builtin.env', 'PATH') }}"));
        assertEquals("ansible.builtin.x", r("{{ 'ansible.builtin.x' }}"));
    }

    @Test
    void jinjaBuiltins_thatJinjavaGetsWrong() {
        assertEquals(2.0, r("{{ 2.5 | round }}"));
        assertEquals(12345.7, r("{{ 12345.678 | round(1) }}"));
        assertEquals(6L, r("{{ l | sum }}"));
        assertEquals(List.of(Map.of("x", 1L), Map.of("x", 2L)), r("{{ [{'x': 2}, {'x': 1}] | sort(attribute='x') }}"));
        assertEquals(List.of(List.of(1L, 2L), List.of(3L)), r("{{ [1, 2, 3] | batch(2) | list }}"));
        assertEquals(List.of("a"), r("{{ ['a', None, ''] | select | list }}"));
        assertEquals(List.of(1L, 3L), r("{{ l | select('odd') | list }}"));
        assertEquals(List.of(1L, 3L), r("{{ l | reject('equalto', 2) | list }}"));
        assertEquals(List.of(Map.of("x", 2L, "y", "a")), r("{{ [{'x': 2, 'y': 'a'}, {'x': 1}] | selectattr('y', 'defined') "
                + "| list }}"));
        assertEquals(List.of(Map.of("x", 1L)), r("{{ [{'x': 2}, {'x': 1}] | rejectattr('x', 'gt', 1) | list }}"));
        assertEquals("1-a", r("{{ [1, 'a'] | join('-') }}"));
        assertEquals(3L, r("{{ 'abc' | length }}"));
        assertEquals("[('a', 1), ('b', 2)]", s("{{ {'b': 2, 'a': 1} | dictsort }}"));
    }
}
