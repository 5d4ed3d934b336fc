package dev.rigger.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Templates whose expected output is what ansible-core 2.14.18 (Jinja 3.1.2) printed for them, byte for byte
 * ({@code ansible localhost -c local -m debug -a 'msg=...'}, and the template module for whole files).
 */
class JinjaParityTest {
    static final Templar T = new Templar();

    static Map<String, Object> vars() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("x", "X");
        return v;
    }

    /** Java's text blocks cannot hold a trailing space visibly: the tables write {@code ·} for a space, {@code ⏎} for a newline. */
    static String un(String s) {
        return s.replace("·", " ").replace("⏎", "\n");
    }

    // ------------------------------------------------------------------ tests on an undefined value

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "undefined_x, boolean, false", "undefined_x, string, false", "undefined_x, number, false",
        "undefined_x, integer, false", "undefined_x, float, false", "undefined_x, mapping, false",
        "undefined_x, sequence, false", "undefined_x, callable, true", "undefined_x, sameas none, false",
        "undefined_x, none, false", "undefined_x, true, false", "undefined_x, false, false",
        "undefined_x, escaped, true", "undefined_x, defined, false", "undefined_x, undefined, true",
        "undefined_x, not string, true", "{}.k, string, false", "{}.k, mapping, false", "{}.k, callable, true",
    })
    void typeTests_onAnUndefinedValue_answer(String value, String test, boolean expected) {
        assertEquals(expected, T.render("{{ " + value + " is " + test + " }}", vars()));
        assertEquals(expected, T.evaluate(value + " is " + test, vars()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{{ undefined_x is iterable }}       | 'undefined_x' is undefined",
        "{{ {}.k is iterable }}              | 'dict object' has no attribute 'k'",
        "{{ undefined_x is lower }}          | 'undefined_x' is undefined",
        "{{ undefined_x is upper }}          | 'undefined_x' is undefined",
        "{{ undefined_x is odd }}            | 'undefined_x' is undefined",
        "{{ undefined_x is even }}           | 'undefined_x' is undefined",
        "{{ undefined_x is divisibleby 2 }}  | 'undefined_x' is undefined",
        "{{ undefined_x is eq 1 }}           | 'undefined_x' is undefined",
        "{{ undefined_x is truthy }}         | 'undefined_x' is undefined",
        "{{ undefined_x }}                   | 'undefined_x' is undefined",
        "{{ [1, 2].index(9) }}               | 9 is not in list",
        "a{{ undefined_x }}                  | 'undefined_x' is undefined",
        "{{ undefined_x + 1 }}               | 'undefined_x' is undefined",
        "{{ 1 + undefined_x }}               | 'undefined_x' is undefined",
        "{% for x in [3,4] %}{{ loop.previtem }}{% endfor %} | there is no previous item",
        "{% for x in [3,4] %}{{ loop.nextitem }}{% endfor %} | there is no next item",
    })
    void undefinedValues_readByTestsOutputOrArithmetic_fail(String template, String message) {
        String got = org.junit.jupiter.api.Assertions.assertThrows(TemplateException.class,
                () -> T.render(template, vars())).getMessage();
        org.junit.jupiter.api.Assertions.assertTrue(got.startsWith(message), got);
    }

    @org.junit.jupiter.api.Test
    void callableAndEscaped_onDefinedValues() {
        assertEquals("True False False", T.render("{% macro m() %}x{% endmacro %}{{ m is callable }} "
                + "{{ 'a' is callable }} {{ {} is callable }}", vars()));
        assertEquals("True False", T.render("{{ 'a' | safe is escaped }} {{ 'a' is escaped }}", vars()));
    }

    // ------------------------------------------------------------------ sequence repetition

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`{{ 'x' * 3 }} {{ 3 * 'x' }} {{ [1] * 3 }} {{ [1,2] * 2 }} {{ 2 * [1] }}` | `xxx xxx [1, 1, 1] [1, 2, 1, 2] [1, 1]`",
        "`{{ 'ab' * 0 }}|{{ 'ab' * -1 }}|{{ [1] * 0 }}|{{ 'a' * true }}|{{ x * 2 }}` | `||[]|a|XX`",
        "`{{ ('ab' | safe) * 2 }}`                                                 | `abab`",
        "`{{ '3' * 2 }}`                                                           | `33`",
    })
    void sequenceRepetition(String template, String expected) {
        assertEquals(expected, T.render(template, vars()));
    }

    @org.junit.jupiter.api.Test
    void sequenceRepetition_nativeValues() {
        assertEquals("xxx", T.render("{{ 'x' * 3 }}", vars()));
        assertEquals(java.util.List.of(1L, 1L, 1L), T.render("{{ [1] * 3 }}", vars()));
        assertEquals(6L, T.render("{{ 2 * 3 }}", vars()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{{ 'x' * 2.0 }}   | can't multiply sequence by non-int of type 'float'",
        "{{ 'x' * 'y' }}   | can't multiply sequence by non-int of type 'str'",
        "{{ 'x' * none }}  | can't multiply sequence by non-int of type 'NoneType'",
        "{{ 2.0 * [1] }}   | can't multiply sequence by non-int of type 'float'",
        "{{ 'a' * [1] }}   | can't multiply sequence by non-int of type 'list'",
    })
    void sequenceRepetition_byANonInteger_fails(String template, String message) {
        String got = org.junit.jupiter.api.Assertions.assertThrows(TemplateException.class,
                () -> T.render(template, vars())).getMessage();
        org.junit.jupiter.api.Assertions.assertTrue(got.startsWith(message), got);
    }

    // ------------------------------------------------------------------ expressions and loops (template module output)

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "`{{ 10 // 3 }}` => `3`",
        "`{% set l = [3, 1, 2, 1] %}{% set d = {'k': 1, 'j': 2} %}{{ l.index(1) }} {{ l.count(1) }} {{ l.index(1, 2) }} {{ l.count(1.0) }} {{ l.copy() }} {{ d.copy() }} {{ ['a'].index('a') }}` => `1 2 3 2 [3, 1, 2, 1] {'k': 1, 'j': 2} 0`",
        "`{{ '%s-%d' % ('a', 3) }}|{{ '%05.2f' % 3.14159 }}|{{ '%-4s|' % 'x' }}|{{ '%x %X %o %#x' % (255, 255, 8, 255) }}|{{ '%s' % [1, 2] }}|{{ '%(a)s' % {'a': 1} }}|{{ '%r' % 'q' }}|{{ '%+d %5d %-5d|' % (3, 4, 5) }}|{{ '%d' % 3.9 }}|{{ '%g %g %g' % (0.0001, 1234567.0, 2.5) }}|{{ '%e' % 1234.5 }}|{{ '%s %s' | format('a', True) }}|{{ '%c' % 65 }}|{{ '%s' % none }}|{{ '%.3s' % 'abcdef' }}|{{ 7 % 3 }} {{ -7 % 3 }} {{ 7.5 % 2 }}` => `a-3|03.14|x   ||ff FF 10 0xff|[1, 2]|1|'q'|+3     4 5    ||3|0.0001 1.23457e+06 2.5|1.234500e+03|a True|A|None|abc|1 2 1.5`",
        "`{% set n = 4 %}{{ n+1 }}|{{ n +1 }}|{{ (n)+1 }}|{{ [n][0]+1 }}|{{ [+1, 2] }}|{{ 1e+2 }}|{{ n+1.5 }}|{{ '1'+'2' }}|{{ n+-1 }}` => `5|5|5|5|[1, 2]|100.0|5.5|12|3`",
        "`{{ -7 // 2 }}` => `-4`",
        "`{{ 7 // -2 }}` => `-4`",
        "`{{ -7 % 3 }}` => `2`",
        "`{{ 10 / 4 }}` => `2.5`",
        "`{{ 2 ** 10 }}` => `1024`",
        "`{{ 2 ** -1 }}` => `0.5`",
        "`{{ 2 ** 100 }}` => `1267650600228229401496703205376`",
        "`{{ 'ab' ~ 1 }}` => `ab1`",
        "`{{ 1 ~ 2 }}` => `12`",
        "`{{ [1,2,3][1:] }}` => `[2, 3]`",
        "`{{ [1,2,3][:-1] }}` => `[1, 2]`",
        "`{{ 'abc'[::-1] }}` => `cba`",
        "`{{ [1,2,3,4,5][::2] }}` => `[1, 3, 5]`",
        "`{{ 'abcdef'[1:5:2] }}` => `bd`",
        "`{{ 'a' if x is defined else 'b' }}` => `a`",
        "`{{ 'a' if undefined_y is defined else 'b' }}` => `b`",
        "`{{ 'a' if false }}` => ``",
        "`{% set ns = namespace(n=0) %}{% for i in [1,2] %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}` => `3`",
        "`{% set ns = namespace(a=1, b='x') %}{% set ns.b = ns.b ~ 'y' %}{{ ns.a }} {{ ns.b }}` => `1 xy`",
        "`{% for i in ['a','b','c'] %}{{ loop.index }},{{ loop.index0 }},{{ loop.first }},{{ loop.last }},{{ loop.length }},{{ loop.revindex }},{{ loop.revindex0 }},{{ loop.cycle('x','y') }};{% endfor %}` => `1,0,True,False,3,3,2,x;2,1,False,False,3,2,1,y;3,2,False,True,3,1,0,x;`",
        "`{% for i in [] %}x{% else %}empty{% endfor %}` => `empty`",
        "`{% for c in 'abc' %}{{ c }},{% endfor %}` => `a,b,c,`",
        "`{% for c in '' %}{{ c }},{% else %}empty{% endfor %}` => `empty`",
        "`{% for c in 'ab' %}{{ loop.index }}{{ c }}{{ loop.length }}{% endfor %}` => `1a22b2`",
        "`{% for i in [1,2,3] %}{{ loop.previtem is defined }}{{ loop.previtem | default('-') }}/{{ loop.nextitem | default('-') }};{% endfor %}` => `False-/2;True1/3;True2/-;`",
        "`{% for i in [1] %}{{ loop.previtem is undefined }}{{ loop.nextitem is undefined }}{% endfor %}` => `TrueTrue`",
        "`{% for x in [1,2,3] if x > 1 %}{{ x }}{{ loop.index }}{{ loop.length }}{{ loop.last }};{% endfor %}` => `212False;322True;`",
        "`{% for x in [1,2] if x > 5 %}{{ x }}{% else %}none{% endfor %}` => `none`",
        "`{% for k, v in {'a': 1, 'b': 2}.items() if v > 1 %}{{ k }}{{ v }}{% endfor %}` => `b2`",
        "`{% for c in 'abc' if c != 'b' %}{{ c }}{{ loop.index }}{% endfor %}` => `a1c2`",
        "`{% for x in [1,2,3] if x > 1 %}{{ loop.previtem | default('-') }}{{ loop.nextitem | default('-') }};{% endfor %}` => `-3;2-;`",
        "`{% for a in [1,2] %}{% for b in 'xy' %}{{ loop.previtem | default('-') }}{% endfor %}{{ loop.nextitem | default('-') }};{% endfor %}` => `-x2;-x-;`",
        "`{% for x in [1, none, 2] %}[{{ loop.nextitem | default('u') }}]{% endfor %}` => `[][2][u]`",
        "`{% for x in ['if', 'b'] if x != 'if' %}{{ x }}{% endfor %}` => `b`",
        "`{% for x in {'a': 1, 'b': 2} if x == 'b' %}{{ x }}{{ loop.index }}{% endfor %}` => `b1`",
        "`{{ range(3) | list }}` => `[0, 1, 2]`",
        "`{{ [3,1,2] | sort }}` => `[1, 2, 3]`",
        "`{{ 'x' in 'xyz' }}` => `True`",
        "`{{ 1 in [1,2] }}` => `True`",
        "`{{ not true }}` => `False`",
        "`{{ none }}` => ``",
        "`{{ {'a': 1}.items() | list }}` => `[('a', 1)]`",
        "`{% set d = {'k': [1, 2]} %}{% set name, opts = (d.items()|list)[0] -%}  {{ name }}={{ opts }}` => `k=[1, 2]`",
        "`{% set a, b = [3, 4] %}{{ a }}-{{ b }}|{% set c, e = 1, 2 %}{{ c }}{{ e }}` => `3-4|12`",
        "`{{ ({'a': 1}.items() | list)[0][1] }}{{ ({'a': 1}.items() | list)[0][-2] }}` => `1a`",
        "`{{ 1 == 1.0 }}` => `True`",
    })
    void expressionsAndLoops(String template, String expected) {
        assertEquals(expected, T.renderText(template, vars()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "`<{{ 'a' ~ none }}>` => `<aNone>`",
        "`<{{ 'a' ~ true }}>` => `<aTrue>`",
        "`<{{ 'a' ~ [1] }}>` => `<a[1]>`",
        "`<{{ 'a' ~ {'k': 1} }}>` => `<a{'k': 1}>`",
        "`<{{ 'a' ~ 1.5 }}>` => `<a1.5>`",
        "`<{{ none ~ 'a' }}>` => `<Nonea>`",
        "`<{{ 'a' ~ ['x', none, true] }}>` => `<a['x', None, True]>`",
        "`<{{ 'a' ~ false ~ 2 }}>` => `<aFalse2>`",
        "`<{{ true and 'a' }}>` => `<a>`",
        "`<{{ '' or 'x' }}>` => `<x>`",
        "`<{{ 0 or none }}>` => `<>`",
        "`<{{ 'a' and 0 }}>` => `<0>`",
        "`<{{ [] and 'a' }}>` => `<[]>`",
        "`<{{ 1 and 2 }}>` => `<2>`",
        "`<{{ none and 1 }}>` => `<>`",
        "`<{{ 1 and [] }}>` => `<[]>`",
        "`<{{ false or 0 }}>` => `<0>`",
        "`<{{ 'x' or 'y' }}>` => `<x>`",
        "`<{{ 0 and 1 or 'z' }}>` => `<z>`",
        "`<{{ not ('a' and '') }}>` => `<True>`",
        "`<{{ (1 and 'q') | upper }}>` => `<Q>`",
        "`<{% if 'a' and 1 %}y{% else %}n{% endif %}>` => `<y>`",
        "`<{% if 1 and 0 %}y{% else %}n{% endif %}>` => `<n>`",
        "`<{% if '' or [] %}y{% else %}n{% endif %}>` => `<n>`",
        "`<{{ 'y' if 'a' and [] else 'n' }}>` => `<n>`",
        "`<{{ 'false' or 'x' }}|{{ 'false' and 'y' }}>` => `<false|y>`",
        "`<{{ not 'false' }}|{{ 1 if 'false' else 2 }}>` => `<False|1>`",
    })
    void concatAndBooleanOperators_asPythons(String template, String expected) {
        assertEquals(expected, T.renderText(template, vars()));
        assertEquals(expected, T.render(template, vars()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "`{{ -7 // 2 }}` => -4",
        "`{{ -7 % 3 }}` => 2",
        "`{{ -1 }}|{{- -1 -}}|` => `-1|-1|`",
        "`a {{- -7 // 2 }}` => a-4",
    })
    void aLeadingMinus_isASign_notWhitespaceControl(String template, String expected) {
        assertEquals(expected, T.renderText(template, vars()));
        assertEquals(expected, String.valueOf(T.render(template, vars())));
    }

    @org.junit.jupiter.api.Test
    void dictKeysNamedLikeDictMethods_bySubscript() {
        Map<String, Object> v = vars();
        Map<String, Object> d = new LinkedHashMap<>();
        for (String k : new String[] {"copy", "keys", "items", "values", "get", "update"}) {
            d.put(k, (long) d.size() + 1);
        }
        v.put("d", d);
        assertEquals("1 2", T.render("{{ d['copy'] }} {{ d['keys'] }}", v));
        assertEquals("1 2 3 4 5 6", T.render("{{ d['copy'] }} {{ d['keys'] }} {{ d['items'] }} {{ d['values'] }}"
                + " {{ d['get'] }} {{ d['update'] }}", v));
        assertEquals(5L, T.render("{{ d['get'] }}", v));
    }

    // ------------------------------------------------------------------ raw blocks (trim_blocks on, as Ansible's)

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`{% raw %}{{ x }}{% endraw %}!`                     | `{{ x }}!`",
        "`{% raw %}⏎··{{ x }}{% endraw %}!`                  | `⏎··{{ x }}!`",
        "`a{% raw %}⏎{{ x }}⏎{% endraw %}⏎b`                 | `a⏎{{ x }}⏎b`",
        "`a{% raw %}{{ x }}{% endraw %}·after`               | `a{{ x }}·after`",
        "`a{% raw %}{{ x }}{% endraw %}⏎next`                | `a{{ x }}next`",
        "`a·{%- raw -%}·⏎·{{ x }}·⏎·{%- endraw -%}·⏎·b`      | `a{{ x }}b`",
        "`a·{%- raw %}·⏎·{{ x }}·⏎·{% endraw -%}·⏎·b`        | `a·⏎·{{ x }}·⏎·b`",
        "`a·{% raw -%}·⏎·{{ x }}·⏎·{%- endraw %}·⏎·b`        | `a·{{ x }}·⏎·b`",
        "`a·{% raw %}·x·{%- endraw %}·⏎·b`                   | `a··x·⏎·b`",
        "`{% raw -%}⏎⏎·x{% endraw %}`                        | `x`",
        "`{% raw %}{% endraw %}⏎⏎B`                          | `⏎B`",
        "`··{% raw %}{{ x }}{% endraw %}··⏎B`                | `··{{ x }}··⏎B`",
        "`{% raw %}{% if %}{{ x }}{% endraw %}⏎{{ x }}⏎`     | `{% if %}{{ x }}X⏎`",
        "`line1⏎{% raw %}⏎{{ a }}⏎{% endraw %}⏎line2⏎`       | `line1⏎⏎{{ a }}⏎line2⏎`",
        "`{%raw%}{{ y }}{%endraw%}⏎{% raw %}{{ z }}{% endraw %}⏎⏎end⏎` | `{{ y }}{{ z }}⏎end⏎`",
        "`{% if true %}⏎{% raw %}⏎r⏎{% endraw %}⏎{% endif %}⏎end` | `⏎r⏎end`",
    })
    void rawBlocks_inValuesAndTemplateFiles(String template, String expected) {
        assertEquals(un(expected), T.render(un(template), vars()));
        assertEquals(un(expected), T.renderText(un(template), vars()));
    }

    @org.junit.jupiter.api.Test
    void rawBlocks_inATemplateFile_asTheTemplateModuleWritesIt() {
        String file = "line1\n{% raw %}\n{{ a }}\n{% endraw %}\nline2\n  {% raw %}{{ b }}{% endraw %}  tail\n{%- raw -%}\n  x  \n{%- endraw -%}\n\nend {% raw %}{{ c }}{% endraw %}\nlast\n";
        assertEquals("line1\n\n{{ a }}\nline2\n  {{ b }}  tailxend {{ c }}last\n", T.renderText(file, vars()));
    }
}
