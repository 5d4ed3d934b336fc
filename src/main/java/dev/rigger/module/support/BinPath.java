package dev.rigger.module.support;

/**
 * Ansible's {@code AnsibleModule.get_bin_path(name, required=True)} as shell: the host's PATH, then /sbin, /usr/sbin
 * and /usr/local/sbin where they exist and PATH lacks them; the first existing, executable non-folder wins. When
 * none does, the message is Ansible's: {@code Failed to find required executable "NAME" in paths: P1:P2...}.
 */
public final class BinPath {
    /** Exit status of a script that stopped because a required executable is missing (its stderr: the message). */
    public static final int MISSING = 97;
    /** Defines {@code rg_bin NAME}: prints the path, or Ansible's message on stderr and returns 1. */
    public static final String FUNCTION = "rg_bin() { rg_p=$PATH; for rg_s in /sbin /usr/sbin /usr/local/sbin; do "
            + "case \":$PATH:\" in *\":$rg_s:\"*) ;; *) [ -e \"$rg_s\" ] && rg_p=\"$rg_p:$rg_s\";; esac; done; "
            + "rg_ifs=$IFS; IFS=:; set -f; for rg_d in $rg_p; do [ -n \"$rg_d\" ] || continue; "
            + "if [ -e \"$rg_d/$1\" ] && [ ! -d \"$rg_d/$1\" ] && [ -x \"$rg_d/$1\" ]; then IFS=$rg_ifs; set +f; "
            + "printf '%s\\n' \"$rg_d/$1\"; return 0; fi; done; IFS=$rg_ifs; set +f; "
            + "printf 'Failed to find required executable \"%s\" in paths: %s\\n' \"$1\" \"$rg_p\" >&2; return 1; }\n";

    private BinPath() {
    }

    /**
     * Shell that sets {@code var} to the path of each required executable in turn, or exits {@link #MISSING} with
     * Ansible's message for the first one missing (Ansible fails on the first).
     */
    public static String require(String var, String name) {
        return var + "=$(rg_bin " + name + ") || exit " + MISSING + "\n";
    }

    /** The message of a script that exited {@link #MISSING}, or null. */
    public static String missing(dev.rigger.connection.ExecResult r) {
        return r.rc() == MISSING ? r.stderr().strip() : null;
    }
}
