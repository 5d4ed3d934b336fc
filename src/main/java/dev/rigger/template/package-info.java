/**
 * Jinja templating that behaves like Ansible 2.14's, on Jinjava 2.8.3. The entry point is
 * {@link dev.rigger.template.Templar}; errors are {@link dev.rigger.template.TemplateException}.
 *
 * <p>What is Ansible-like (checked against ansible-core 2.14.18):
 * <ul>
 *   <li>Undefined variables and missing dict keys are an error when printed, tested for truth, iterated or used as a
 *       filter input ({@code 'x' is undefined}, {@code 'dict object' has no attribute 'k'}); lenient in
 *       {@code is defined / is undefined}, {@code default}/{@code d}, {@code mandatory}; {@code undef.a.b | default}
 *       works. A variable set to null is defined (and prints as an empty string, like Ansible's finalize).</li>
 *   <li>A value that is one {@code {{ expr }}} renders to its native value; other templated strings render to a
 *       string, converted when it looks like a list/dict literal or is True/False. Strings without Jinja are returned
 *       unchanged without calling Jinjava. Variables whose values contain Jinja are templated when read, except unsafe
 *       values ({@link dev.rigger.Unsafe}: what a rig returned, a lookup read, YAML's {@code !unsafe}), which are never
 *       rendered; a render that read an unsafe value returns an unsafe value.</li>
 *   <li>Integers are Python's: {@code + - * // % **} never overflow (results that fit stay longs, larger ones are
 *       BigIntegers, {@link dev.rigger.template.PyArithmetic}); {@code range()} is Python's, computed on demand;
 *       {@code 'ab' * 3} and {@code [1] * 3} repeat, as Python's.</li>
 *   <li>Printing is Python's: True/False/None, {@code {'a': 1}}, {@code [1, 'a']}, tuples, float repr.</li>
 *   <li>Unknown filters, tests, functions and lookups are errors naming them.</li>
 *   <li>Jinjava gaps closed: dict iteration yields keys, {@code for ... else}, {@code x | f is test}, Python string
 *       methods, string indexing, {@code {{-}}/{@code -}}} whitespace control, nested dict literals in
 *       {@code {{ }}}, variables named like EL keywords ({@code empty}, {@code mod}, {@code lt}, ...), Python string
 *       escapes (and Ansible's literal backslashes inside {@code {{ }}} of values).</li>
 * </ul>
 *
 * <p>Known differences from Ansible 2.14:
 * <ul>
 *   <li>{@code '1' == 1} is true (Jinjava's EL coercion); {@code 'a' + 1} concatenates; {@code '%s' % x} is not
 *       supported (use {@code format}).</li>
 *   <li>A single {@code {{ expr }}} gives native types (Ansible 2.14 gives strings, e.g. "2" for {@code 1 + 1}).</li>
 *   <li>{@code password_hash} is crypt(3)-compatible (5000 rounds, like {@code openssl passwd -6}); Ansible with
 *       passlib installed uses 656000 rounds unless {@code rounds=} is given.</li>
 *   <li>{@code hostvars} is not templated on read: the vars layer should hand over templated host variables.</li>
 *   <li>There is no {@code password} lookup (an unknown lookup is an error naming it).</li>
 * </ul>
 */
package dev.rigger.template;
