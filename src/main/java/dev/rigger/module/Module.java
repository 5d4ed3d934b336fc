package dev.rigger.module;

import dev.rigger.api.Diff;
import java.io.IOException;
import java.util.Map;

/**
 * One module: a small unit that inspects a host and changes only what differs. One class per module, all listed
 * in {@link ModuleRegistry}. A module never prints: it returns a {@link ModuleResult}.
 *
 * <p>Contract: read the host's state first; in check mode ({@link ModuleContext#checkMode()}) stop after the
 * inspection and predict the result; otherwise change only what differs. Content changes carry a
 * {@link Diff} when {@link ModuleContext#diffMode()} is on.
 */
public interface Module {

    /** The short name, e.g. "copy" (the registry also accepts ansible.builtin.copy). */
    String name();

    /** Declared arguments, validated when the playbook is loaded (before any host is touched). */
    ModuleSpec spec();

    /**
     * Runs the module on one host.
     *
     * @param args arguments after templating (except those named in {@link ModuleSpec#rawArgs()}), with
     *             aliases resolved to their canonical names; free-form text is under {@code _raw_params}
     */
    ModuleResult run(Map<String, Object> args, ModuleContext ctx) throws IOException;
}
