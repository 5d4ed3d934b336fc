package dev.rigger.config;

import dev.rigger.Shlex;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of Ansible's settings rigger honours, and the one-line warning for one it cannot: every ini key and
 * environment variable of ansible-core 2.14 ({@code ansible-settings.tsv}, generated from base.yml and the ssh
 * plugin) that is set but is neither one of {@link Setting} nor meaningless here gets
 * "ansible.cfg: KEY is not honoured by rigger: WHY" (or "ANSIBLE_X is not honoured..."); a value of rigger's own
 * settings that rigger cannot act on (retry files on, ssh arguments, a become method other than sudo) too. Keys
 * Ansible does not know are ignored, as Ansible ignores them.
 */
final class Honoured {
    /** Settings that change nothing in rigger, which runs no Python on the rig and no ssh client: no warning. */
    private static final Set<String> MEANINGLESS = Set.of("ANSIBLE_PIPELINING", "ssh:pipelining",
            "INTERPRETER_PYTHON", "ssh:control_path", "ssh:control_path_dir", "ssh:scp_if_ssh",
            "ssh:ssh_transfer_method", "ssh:sftp_batch_mode", "ssh:ssh_executable", "ssh:sftp_executable",
            "ssh:scp_executable", "RETRY_FILES_SAVE_PATH", "DEFAULT_MODULE_COMPRESSION", "CONFIG_FILE");

    /** ssh_args words that only tune OpenSSH's own client (compression, connection sharing): nothing to do here. */
    private static final Set<String> SSH_CLIENT_ONLY = Set.of("-C", "ControlMaster", "ControlPersist",
            "ControlPath", "PreferredAuthentications", "ServerAliveInterval", "ServerAliveCountMax");

    /** The become methods rigger can run. */
    static final Set<String> BECOME_METHODS = Set.of("sudo");

    private Honoured() {
    }

    /** A row of ansible-settings.tsv. */
    record Known(String name, List<String> ini, List<String> env) {
    }

    static List<Known> catalog() {
        List<Known> out = new ArrayList<>();
        try (InputStream in = Honoured.class.getResourceAsStream("ansible-settings.tsv")) {
            if (in == null) {
                throw new IllegalStateException("ansible-settings.tsv is missing from rigger's jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                out.add(new Known(f[0], f[1].equals("-") ? List.of() : List.of(f[1].split(",")),
                        f[2].equals("-") ? List.of() : List.of(f[2].split(","))));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static List<String> warnings(ConfigEnvironment ce, Path file, IniFile ini, Map<Setting, Settings.Value> values) {
        Set<String> honouredIni = new LinkedHashSet<>();
        Set<String> honouredEnv = new LinkedHashSet<>(Set.of("ANSIBLE_CONFIG"));
        for (Setting s : Setting.values()) {
            honouredIni.addAll(s.ini());
            honouredEnv.addAll(s.env());
        }
        String cfgName = file == null ? "ansible.cfg" : file.getFileName().toString();
        Set<String> out = new LinkedHashSet<>();
        for (Known k : catalog()) {
            if (MEANINGLESS.contains(k.name()) || k.name().contains("VAULT")) {
                continue; // vault settings belong to rigger's vault support
            }
            String why = "rigger does not have this setting (" + k.name() + ")";
            for (String key : k.ini()) {
                int dot = key.indexOf('.');
                if (ini != null && !honouredIni.contains(key)
                        && ini.get(key.substring(0, dot), key.substring(dot + 1)) != null) {
                    out.add(cfgName + ": " + shown(key) + " is not honoured by rigger: " + why);
                }
            }
            for (String env : k.env()) {
                if (!honouredEnv.contains(env) && ce.env().get(env) != null && env.startsWith("ANSIBLE_")) {
                    out.add(env + " is not honoured by rigger: " + why);
                }
            }
        }
        valueWarnings(values, cfgName, out);
        return List.copyOf(out);
    }

    private static void valueWarnings(Map<Setting, Settings.Value> values, String cfgName, Set<String> out) {
        if (Boolean.TRUE.equals(values.get(Setting.RETRY_FILES_ENABLED).value())) {
            out.add(where(Setting.RETRY_FILES_ENABLED, values, cfgName)
                    + " is not honoured by rigger: rigger writes no .retry files (rerun with --limit, or read the "
                    + "JSON report)");
        }
        for (Setting s : List.of(Setting.SSH_ARGS)) { // ssh_common_args / ssh_extra_args: SshResolver reads them
            Settings.Value v = values.get(s);
            if (!v.isDefault() && !clientOnly((String) v.value())) {
                out.add(where(s, values, cfgName) + " is not honoured by rigger: rigger speaks SSH itself and "
                        + "passes no ssh arguments (use the inventory's connection variables)");
            }
        }
        Settings.Value m = values.get(Setting.DEFAULT_BECOME_METHOD);
        if (!m.isDefault() && !BECOME_METHODS.contains(String.valueOf(m.value()))) {
            out.add(where(Setting.DEFAULT_BECOME_METHOD, values, cfgName) + " is not honoured by rigger: "
                    + "become_method " + m.value() + " is not supported (rigger becomes with sudo); a task that "
                    + "becomes with it fails");
        }
    }

    /** True when every option of an ssh_args value only tunes OpenSSH's client. */
    private static boolean clientOnly(String args) {
        List<String> words;
        try {
            words = Shlex.split(args);
        } catch (RuntimeException e) {
            return false;
        }
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("-o") && i + 1 < words.size()) {
                w = words.get(++i);
            } else if (w.startsWith("-o")) {
                w = w.substring(2);
            }
            String opt = w.split("[= ]", 2)[0];
            if (!SSH_CLIENT_ONLY.contains(opt)) {
                return false;
            }
        }
        return true;
    }

    private static String where(Setting s, Map<Setting, Settings.Value> values, String cfgName) {
        String origin = values.get(s).origin();
        if (origin.startsWith("env: ")) {
            return origin.substring(5);
        }
        return cfgName + ": " + shown(s.ini().get(s.ini().size() - 1));
    }

    /** A defaults key by its name alone, another section's as section.key. */
    private static String shown(String key) {
        return key.startsWith("defaults.") ? key.substring(9) : key;
    }
}
