package dev.rigger.template;

import com.hubspot.jinjava.util.HasObjectTruthValue;

/**
 * Ansible's {@code AnsibleUndefined}: stands for a variable or attribute that does not exist. It may be tested
 * ({@code is defined}) or defaulted ({@code | default}); printing it, testing its truth or iterating it is an error.
 * Attribute access on it yields itself, so {@code undef.a.b | default(1)} works as in Ansible.
 */
final class Undefined implements HasObjectTruthValue {
    private final String name;
    private final String message;

    Undefined(String name, String message) {
        this.name = name;
        this.message = message;
    }

    static Undefined variable(String name) {
        return new Undefined(name, "'" + name + "' is undefined");
    }

    static Undefined attribute(Object base, Object key) {
        String what = base instanceof java.util.Map ? "dict object" : base instanceof java.util.List ? "list object"
                : Py.typeName(base) + " object";
        return new Undefined(String.valueOf(key), "'" + what + "' has no attribute '" + key + "'");
    }

    /** The missing variable or attribute. */
    String name() {
        return name;
    }

    String message() {
        return message;
    }

    /** Records the failure on the current render and returns the exception to throw. */
    TemplateException fail() {
        return RenderState.fail(message);
    }

    @Override
    public boolean getObjectTruthValue() {
        throw fail();
    }

    @Override
    public String toString() {
        throw fail();
    }
}
