package dev.rigger.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the ansible.cfg as ansible-core 2.14's {@code find_ini_config_file}: {@code ANSIBLE_CONFIG} (a file, or a
 * folder holding ansible.cfg), {@code ./ansible.cfg} unless the working folder is world-writable (then it is
 * skipped with Ansible's warning), {@code ~/.ansible.cfg}, {@code /etc/ansible/ansible.cfg}; the first that exists
 * and can be read wins.
 */
final class ConfigFinder {
    /** The file found (or null) and the warnings finding it gave. */
    record Found(Path file, List<String> warnings) {
    }

    private ConfigFinder() {
    }

    static Found find(ConfigEnvironment ce) {
        List<Path> candidates = new ArrayList<>();
        Path fromEnv = null;
        String env = ce.env().get("ANSIBLE_CONFIG");
        if (env != null) {
            fromEnv = Paths.unfrack(env, ce.cwd(), ce);
            if (Files.isDirectory(fromEnv)) {
                fromEnv = fromEnv.resolve("ansible.cfg");
            }
            candidates.add(fromEnv);
        }
        boolean skippedPublic = false;
        Path cwdCfg = ce.cwd().resolve("ansible.cfg");
        Boolean worldWritable = worldWritable(ce.cwd());
        if (Boolean.TRUE.equals(worldWritable)) {
            skippedPublic = Files.exists(cwdCfg);
        } else if (worldWritable != null) {
            candidates.add(cwdCfg);
        }
        candidates.add(ce.home().resolve(".ansible.cfg"));
        candidates.add(ce.systemConfig());
        Path found = null;
        for (Path p : candidates) {
            if (Files.exists(p) && Files.isReadable(p)) {
                found = p;
                break;
            }
        }
        List<String> warnings = new ArrayList<>();
        if (skippedPublic && (fromEnv == null || !fromEnv.equals(found))) {
            // Ansible's words, without the address of its documentation page
            warnings.add("Ansible is being run in a world writable directory (" + ce.cwd() + "), ignoring it as an "
                    + "ansible.cfg source.");
        }
        if (found != null) {
            String name = found.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String ext = dot < 0 ? "" : name.substring(dot);
            if (!ext.equals(".cfg") && !ext.equals(".ini")) {
                throw new ConfigException("Unsupported configuration file extension for " + found + ": " + ext, null);
            }
        }
        return new Found(found, warnings);
    }

    /** Whether others may write to {@code dir}; null when it cannot be told (Ansible then skips the cwd). */
    private static Boolean worldWritable(Path dir) {
        try {
            return Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_WRITE);
        } catch (UnsupportedOperationException e) {
            return Boolean.FALSE; // no POSIX permissions to judge by: the cwd is a source
        } catch (IOException e) {
            return null;
        }
    }
}
