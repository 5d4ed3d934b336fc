package dev.rigger.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * ansible-playbook's flags that rigger does not take yet: given one, rigger says so in one line (exit 5) instead of
 * a usage dump, and {@code rigger play --help} lists them.
 */
final class AnsibleFlags {
    static final Map<String, String> UNSUPPORTED = new LinkedHashMap<>();

    static {
        UNSUPPORTED.put("--step", "rigger does not ask before each task");
        UNSUPPORTED.put("-M", "rigger runs no Python modules, so it has no module path");
        UNSUPPORTED.put("--module-path", "rigger runs no Python modules, so it has no module path");
    }

    private AnsibleFlags() {
    }

    /** The one-line message for an unmatched ansible-playbook flag rigger does not take, or null. */
    static String unsupported(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u)) {
            return null;
        }
        for (String arg : u.getUnmatched()) {
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String why = UNSUPPORTED.get(flag);
            if (why != null) {
                return flag + " is an ansible-playbook option that rigger does not support yet: " + why;
            }
        }
        return null;
    }

    /** The help footer's line. */
    static String footer() {
        return "Not supported yet (ansible-playbook's): " + String.join(", ", UNSUPPORTED.keySet()) + ".";
    }
}
