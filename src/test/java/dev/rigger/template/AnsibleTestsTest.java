package dev.rigger.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jinja tests ({@code x is ...}) that Ansible adds or that Jinjava lacks. */
class AnsibleTestsTest {
    static boolean is(String expr) {
        return TemplarTest.T.evaluate(expr, TemplarTest.vars());
    }

    static boolean is(String expr, Map<String, Object> vars) {
        return TemplarTest.T.evaluate(expr, vars);
    }

    @Test
    void resultTests_readRegisteredDicts() {
        assertTrue(is("{'failed': true} is failed"));
        assertTrue(is("{'failed': true} is failure"));
        assertTrue(is("{} is succeeded"));
        assertTrue(is("{'failed': false} is success"));
        assertTrue(is("{'changed': true} is changed"));
        assertTrue(is("{'changed': true} is change"));
        assertFalse(is("{} is changed"));
        assertTrue(is("{'results': [{'changed': false}, {'changed': true}]} is changed"));
        assertTrue(is("{'skipped': true} is skipped"));
        assertTrue(is("{'skipped': true} is skip"));
        assertTrue(assertThrows(TemplateException.class, () -> is("'x' is failed")).getMessage()
                .contains("expects a dictionary"));
    }

    @Test
    void versionTest_isLooseVersionWithAllOperators() {
        assertTrue(is("'1.2.10' is version('1.2.9', '>')"));
        assertTrue(is("'1.2.10' is version('1.2.9', 'gt')"));
        assertTrue(is("'1.2' is version('1.2', '==')"));
        assertTrue(is("'1.2' is version('1.2')"));
        assertTrue(is("'1.2' is version('1.2', 'eq')"));
        assertTrue(is("'1.2' is version('1.3', '!=')"));
        assertTrue(is("'1.2' is version('1.3', 'ne')"));
        assertTrue(is("'1.2' is version('1.3', '<')"));
        assertTrue(is("'1.2' is version('1.3', 'lt')"));
        assertTrue(is("'1.2' is version('1.2', '<=')"));
        assertTrue(is("'1.2' is version('1.2', 'le')"));
        assertTrue(is("'2.0' is version('1.2', '>=')"));
        assertTrue(is("'2.0' is version('1.2', 'ge')"));
        assertTrue(is("'1.0.0' is version_compare('1.0', '>=')"));
        assertTrue(is("'2.6.0-rc1' is version('2.6.0', '>')"), "LooseVersion: a longer version is greater");
        assertTrue(is("'5.15.0-91-generic' is version('5.4', '>=')"));
        assertThrows(TemplateException.class, () -> is("'1.0' is version('1.0', 'bogus')"));
    }

    @Test
    void regexTests() {
        assertFalse(is("'abc' is match('b')"));
        assertTrue(is("'abc' is match('a')"));
        assertTrue(is("'abc' is search('b')"));
        assertTrue(is("'abc' is regex('^a')"));
        assertTrue(is("'ABC' is match('a', ignorecase=True)"));
        assertTrue(is("'abc' is regex('c$', match_type='search')"));
    }

    @Test
    void setAndTruthTests() {
        assertTrue(is("[1, 2] is subset([1, 2, 3])"));
        assertTrue(is("[1, 2, 3] is superset([3])"));
        assertFalse(is("[1, 4] is subset([1, 2, 3])"));
        assertTrue(is("l is contains(2)"));
        assertTrue(is("0 is falsy"));
        assertTrue(is("'x' is truthy"));
        assertTrue(is("'no' is falsy(convert_bool=True)"));
        assertTrue(is("'yes' is truthy(convert_bool=True)"));
        assertTrue(is("a is number and s is string and d is mapping and l is iterable and b is boolean"));
        assertTrue(is("n is none"));
        assertTrue(is("2 in l"));
    }

    @Test
    void pathTests_lookAtControllerPaths(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("f.txt"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("ln"), f);
        Map<String, Object> v = Map.of("dir", dir.toString(), "f", f.toString(), "link", link.toString(),
                "gone", dir.resolve("gone").toString());
        assertTrue(is("dir is directory and f is file and link is link and f is exists", v));
        assertFalse(is("gone is exists or f is directory or dir is file", v));
        assertTrue(is("'/etc' is abs and not ('etc' is abs)", v));
    }

    @Test
    void definedAndUndefined() {
        assertTrue(is("nope is undefined and a is defined and n is defined"));
        assertEquals(List.of("two"), TemplarTest.T.render("{{ [d] | map(attribute='y') | list }}", TemplarTest.vars()));
    }
}
