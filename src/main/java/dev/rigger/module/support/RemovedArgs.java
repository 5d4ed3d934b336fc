package dev.rigger.module.support;

import java.util.Collection;
import java.util.Set;

/**
 * Arguments ansible-core removed from a module: Ansible still loads a task that sets one and fails only a host that
 * runs it, so rigger does the same (a warning at load, Ansible's failure on the host) rather than refuse the
 * playbook as for an argument that never was Ansible's. Today: command/shell's {@code warn} (removed in 2.14).
 */
public final class RemovedArgs {
    private static final Set<String> COMMAND = Set.of("command", "shell");

    private RemovedArgs() {
    }

    /** True when {@code arg} is an argument Ansible removed from {@code shortAction}. */
    public static boolean removed(String shortAction, String arg) {
        return COMMAND.contains(shortAction) && arg.equals("warn");
    }

    /** The load-time warning for {@code arg}. */
    public static String warning(String shortAction, String arg) {
        return "'" + arg + "' was removed from the " + shortAction + " module in ansible-core 2.14: Ansible loads this "
                + "task and fails a host that runs it, and so does rigger";
    }

    /** Ansible's failure on a host that runs the task, or null when {@code args} hold no removed argument. */
    public static String failure(String shortAction, Collection<String> args) {
        if (COMMAND.contains(shortAction) && args.contains("warn")) {
            return "Unsupported parameters for (ansible.legacy.command) module: warn. Supported parameters include: "
                    + "_raw_params, _uses_shell, argv, chdir, creates, executable, removes, stdin, stdin_add_newline, "
                    + "strip_empty_ends.";
        }
        return null;
    }
}
