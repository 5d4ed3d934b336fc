package dev.rigger.module.system;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A unit as {@code systemctl show UNIT; echo SEPARATOR; systemctl is-enabled UNIT; echo rc=$?} describes it.
 *
 * @param properties every Key=Value of systemctl show (Ansible's {@code status})
 * @param isEnabled  is-enabled's word (enabled, disabled, static, masked, alias, indirect, ...), may be empty
 * @param isEnabledRc is-enabled's exit code
 */
public record SystemdStatus(Map<String, String> properties, String isEnabled, int isEnabledRc) {
    public static final String SEPARATOR = "__RIGGER_IS_ENABLED__";

    public static SystemdStatus parse(String out) {
        Map<String, String> props = new LinkedHashMap<>();
        String word = "";
        int rc = 1;
        boolean after = false;
        for (String line : out.split("\n")) {
            if (line.equals(SEPARATOR)) {
                after = true;
                continue;
            }
            if (!after) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith(" ")) {
                    props.put(line.substring(0, eq), line.substring(eq + 1));
                }
            } else if (line.startsWith("rc=")) {
                rc = Integer.parseInt(line.substring(3).trim());
            } else if (!line.isBlank() && word.isEmpty()) {
                word = line.trim();
            }
        }
        return new SystemdStatus(Map.copyOf(props), word, rc);
    }

    public String get(String key) {
        return properties.getOrDefault(key, "");
    }

    public boolean found() {
        return !get("LoadState").equals("not-found");
    }

    /** Ansible's is_running_service: active or activating. */
    public boolean running() {
        String s = get("ActiveState");
        return s.equals("active") || s.equals("activating");
    }

    public boolean deactivating() {
        return get("ActiveState").equals("deactivating");
    }

    public boolean masked() {
        return get("LoadState").equals("masked") || get("UnitFileState").equals("masked")
                || isEnabled.equals("masked");
    }

    /** Ansible: is-enabled exit 0 means enabled, except a single word "indirect" or "alias". */
    public boolean enabled() {
        return isEnabledRc == 0 && !isEnabled.equals("indirect") && !isEnabled.equals("alias");
    }
}
