package dev.rigger.adversarial;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.template.Templar;
import dev.rigger.template.TemplateException;
import dev.rigger.vars.LazyVars;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A template's real error reaches the user: never a format-string accident, never Jinjava's EL grammar. */
class TemplateMessagesTest {
    private final Templar t = new Templar();

    private String errorOf(String value) {
        TemplateException e = assertThrows(TemplateException.class,
                () -> t.render("{{ v }}", new LazyVars(Map.of("v", value), t::render)));
        String m = e.getMessage();
        assertFalse(m.contains("Conversion") || m.contains("Format specifier") || m.contains("<IDENTIFIER>")
                || m.contains("#{"), m);
        return m;
    }

    @Test
    void percentSignsInAVariable_doNotHideTheUndefinedName() {
        assertTrue(errorOf("100% {{ undefined_v }}").contains("'undefined_v' is undefined"));
        assertTrue(errorOf("5%d {{ undefined_v }}").contains("'undefined_v' is undefined"));
    }

    @Test
    void syntaxErrorsAreSaidInJinjasTerms() {
        assertTrue(errorOf("a {% raw %} b").contains("'{% raw %}' is never closed with '{% endraw %}'"));
        assertTrue(errorOf("{{ 1 + }}").contains("unexpected '}' in '1 +', expected an expression"));
        assertTrue(errorOf("{{ a.|b }}").contains("expected a name"));
        TemplateException load = assertThrows(TemplateException.class, () -> t.checkSyntax("{{ 1 + }}"));
        assertTrue(load.getMessage().contains("unexpected '}' in '1 +'"), load.getMessage());
    }
}
