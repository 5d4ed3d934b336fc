package dev.rigger.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import java.util.Map;

/** Per-render state, kept in the render's root Jinjava context (never static): the variables and the first failure. */
final class RenderState {
    static final String KEY = "__rigger_render_state__";

    final Templar templar;
    final Map<String, Object> vars;
    /** Variables whose templated values are being rendered right now (shared with nested renders). */
    final java.util.Set<String> resolving;
    private TemplateException failure;
    /** The render read an unsafe value (a rig's output, a lookup's, !unsafe): its result is unsafe too. */
    private volatile boolean tainted;

    RenderState(Templar templar, Map<String, Object> vars, java.util.Set<String> resolving) {
        this.templar = templar;
        this.vars = vars;
        this.resolving = resolving;
    }

    /** Notes that the render read {@code value}; returns it. */
    Object read(Object value) {
        if (!tainted && dev.rigger.Unsafe.is(value)) {
            tainted = true;
        }
        return value;
    }

    /** Notes that the render used data from outside the playbook (a lookup). */
    void taint() {
        tainted = true;
    }

    boolean tainted() {
        return tainted;
    }

    synchronized void record(TemplateException e) {
        if (failure == null) {
            failure = e;
        }
    }

    /** Forgets a failure that was handled (e.g. a lookup with errors='ignore'). */
    synchronized void forget(TemplateException e) {
        if (failure == e) {
            failure = null;
        }
    }

    synchronized TemplateException failure() {
        return failure;
    }

    /** The state of the render running on this thread, or null outside a render. */
    static RenderState current() {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        if (interpreter == null) {
            return null;
        }
        for (Context c = interpreter.getContext(); c != null; c = c.getParent()) {
            Object s = c.getScope().get(KEY);
            if (s instanceof RenderState) {
                return (RenderState) s;
            }
        }
        return null;
    }

    /** Builds the error, records it as the render's first failure (Jinjava swallows exceptions) and returns it. */
    static TemplateException fail(String message) {
        return fail(new TemplateException(message));
    }

    static TemplateException fail(TemplateException e) {
        RenderState s = current();
        if (s != null) {
            s.record(e);
        }
        return e;
    }
}
