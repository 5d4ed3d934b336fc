package dev.rigger.facts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * setup's {@code selinux}, {@code selinux_python_present} and {@code apparmor}, as ansible-core 2.14 gathers them
 * on Linux. Ansible's selinux "library" is libselinux.so.1 loaded through ctypes (module_utils/compat/selinux.py),
 * so its presence is that file's; SELinux is enabled where selinuxfs is mounted (libselinux's is_selinux_enabled);
 * the modes come from /sys/fs/selinux/enforce and /etc/selinux/config. AppArmor is enabled where
 * /sys/kernel/security/apparmor exists.
 */
final class SecurityFacts {
    /** Script lines (the gatherer's {@code kv} helper): se_lib, se_enforce, se_policyvers, se_config, se_type, apparmor. */
    static final String SCRIPT = String.join("\n",
            "se_lib=; for f in /lib/*/libselinux.so.1 /usr/lib/*/libselinux.so.1 /lib64/libselinux.so.1 "
                    + "/usr/lib64/libselinux.so.1 /lib/libselinux.so.1 /usr/lib/libselinux.so.1; do "
                    + "[ -e \"$f\" ] && se_lib=1; done; kv se_lib \"$se_lib\"",
            "if [ -e /sys/fs/selinux/enforce ]; then kv se_enforce \"$(cat /sys/fs/selinux/enforce 2>/dev/null)\";"
                    + " kv se_policyvers \"$(cat /sys/fs/selinux/policyvers 2>/dev/null)\";"
                    + " kv se_config \"$(sed -n 's/^SELINUX=//p' /etc/selinux/config 2>/dev/null | tail -n1)\";"
                    + " kv se_type \"$(sed -n 's/^SELINUXTYPE=//p' /etc/selinux/config 2>/dev/null | tail -n1)\"; fi",
            "if [ -e /sys/kernel/security/apparmor ]; then kv apparmor enabled; else kv apparmor disabled; fi");

    private SecurityFacts() {
    }

    static void put(Map<String, String> raw, Map<String, Object> f) {
        Map<String, Object> se = new LinkedHashMap<>();
        if (!"1".equals(raw.get("se_lib"))) {
            se.put("status", "Missing selinux Python library");
            f.put("selinux", se);
            f.put("selinux_python_present", false);
        } else {
            f.put("selinux_python_present", true);
            if (!raw.containsKey("se_enforce")) {
                se.put("status", "disabled");
            } else {
                se.put("status", "enabled");
                String pv = raw.getOrDefault("se_policyvers", "");
                se.put("policyvers", pv.matches("\\d+") ? (Object) Integer.parseInt(pv) : "unknown");
                se.put("config_mode", mode(raw.getOrDefault("se_config", "")));
                se.put("mode", switch (raw.get("se_enforce")) {
                    case "1" -> "enforcing";
                    case "0" -> "permissive";
                    default -> "unknown";
                });
                String type = raw.getOrDefault("se_type", "");
                se.put("type", type.isEmpty() ? "unknown" : type);
            }
            f.put("selinux", se);
        }
        Map<String, Object> aa = new LinkedHashMap<>();
        aa.put("status", raw.getOrDefault("apparmor", "disabled"));
        f.put("apparmor", aa);
    }

    private static String mode(String config) {
        return switch (config.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "enforcing" -> "enforcing";
            case "permissive" -> "permissive";
            case "disabled" -> "disabled";
            default -> "unknown";
        };
    }
}
