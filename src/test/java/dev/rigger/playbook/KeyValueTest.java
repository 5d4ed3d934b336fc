package dev.rigger.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyValueTest {
    @Test
    void keyValuePairs_keepQuotedSpacesAndTemplates() {
        Map<String, Object> a = KeyValue.parse("src=a dest=\"b c\" mode='0644' msg={{ x | default('a b') }}", false,
                Set.of());
        assertEquals(Map.of("src", "a", "dest", "b c", "mode", "0644", "msg", "{{ x | default('a b') }}"), a);
    }

    @Test
    void freeForm_takesOutOnlyCommandKeys() {
        Map<String, Object> a = KeyValue.parse("echo a=b creates=/tmp/x chdir=/tmp", true, KeyValue.COMMAND_KEYS);
        assertEquals("echo a=b", a.get("_raw_params"));
        assertEquals("/tmp/x", a.get("creates"));
        assertEquals("/tmp", a.get("chdir"));
    }

    @Test
    void nonKeyValueText_isRejectedForOrdinaryModules() {
        assertThrows(IllegalArgumentException.class, () -> KeyValue.parse("path=/x oops", false, Set.of()));
    }

    @Test
    void escapes_areDecodedAsAnsibleDoes() {
        assertEquals(Map.of("content", "a\nb", "dest", "/tmp/x"),
                KeyValue.parse("content='a\\nb' dest=/tmp/x", false, Set.of()));
        assertEquals(Map.of("msg", "A\u00e9\t\\ it's"),
                KeyValue.parse("msg='\\x41\\u00e9\\t\\\\ it\\'s'", false, Set.of()));
    }

    @Test
    void freeFormText_keepsItsEscapesAsWritten() {
        assertEquals(Map.of("creates", "/x", "_raw_params", "printf 'a\\nb'"),
                KeyValue.parse("printf 'a\\nb' creates=/x", true, KeyValue.COMMAND_KEYS));
    }

    @Test
    void unclosedQuote_isAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyValue.parse("msg='oops", false, Set.of()));
        assertEquals("failed at splitting arguments, either an unbalanced jinja2 block or quotes: msg='oops",
                e.getMessage());
    }
}
