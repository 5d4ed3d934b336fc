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
}
