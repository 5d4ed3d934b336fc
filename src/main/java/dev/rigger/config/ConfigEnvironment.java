package dev.rigger.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where settings come from: the controller's environment variables, its working folder, the user's home and the
 * system-wide ansible.cfg. {@link #system()} is the real one; tests hand in their own.
 */
public record ConfigEnvironment(Map<String, String> env, Path cwd, Path home, Path systemConfig) {
    public static final Path SYSTEM_CONFIG = Path.of("/etc/ansible/ansible.cfg");

    public ConfigEnvironment {
        env = Map.copyOf(env);
        cwd = cwd.toAbsolutePath().normalize();
        home = home.toAbsolutePath().normalize();
    }

    public static ConfigEnvironment system() {
        return new ConfigEnvironment(System.getenv(), Path.of("").toAbsolutePath(),
                Path.of(System.getProperty("user.home")), SYSTEM_CONFIG);
    }

    /** The same, with {@code name} set to {@code value} (null removes it). */
    public ConfigEnvironment with(String name, String value) {
        Map<String, String> e = new java.util.HashMap<>(env);
        if (value == null) {
            e.remove(name);
        } else {
            e.put(name, value);
        }
        return new ConfigEnvironment(e, cwd, home, systemConfig);
    }
}
