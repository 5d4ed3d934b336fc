package dev.rigger.config;

import dev.rigger.AnsibleBool;
import dev.rigger.Pos;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of a run as ansible-core 2.14 resolves them: the command line (applied by the caller) over the
 * {@code ANSIBLE_*} environment variables over the ansible.cfg ({@link ConfigFinder}) over base.yml's defaults.
 * Immutable; {@link #warnings()} holds the one-line warnings loading gave (a world-writable cwd, a setting rigger
 * cannot honour), for the caller to print once.
 */
public final class Settings {
    /** A resolved value ({@link Setting.Type}'s Java type: String, Boolean, Integer, Path, List) and its origin. */
    public record Value(Object value, String origin) {
        /** True when it comes from base.yml's default (what {@code --only-changed} leaves out). */
        public boolean isDefault() {
            return "default".equals(origin);
        }
    }

    private final Path configFile;
    private final IniFile ini;
    private final Map<Setting, Value> values;
    private final List<String> warnings;

    private Settings(Path configFile, IniFile ini, Map<Setting, Value> values, List<String> warnings) {
        this.configFile = configFile;
        this.ini = ini;
        this.values = Collections.unmodifiableMap(values);
        this.warnings = List.copyOf(warnings);
    }

    /** Finds the ansible.cfg as Ansible does and resolves every setting. */
    public static Settings load(ConfigEnvironment ce) {
        ConfigFinder.Found found = ConfigFinder.find(ce);
        return load(ce, found.file(), found.warnings());
    }

    /** Resolves every setting from {@code configFile} (null: none) and the environment. */
    public static Settings load(ConfigEnvironment ce, Path configFile) {
        return load(ce, configFile, List.of());
    }

    /** No ansible.cfg, no environment: base.yml's defaults only. */
    public static Settings defaults(ConfigEnvironment ce) {
        return load(new ConfigEnvironment(Map.of(), ce.cwd(), ce.home(), ce.systemConfig()), null, List.of());
    }

    private static Settings load(ConfigEnvironment ce, Path configFile, List<String> found) {
        Path file = configFile == null ? null : configFile.toAbsolutePath().normalize();
        IniFile ini = file == null ? null : IniFile.read(file);
        Map<Setting, Value> values = new EnumMap<>(Setting.class);
        Resolver r = new Resolver(ce, file, ini);
        values.put(Setting.ANSIBLE_HOME, r.resolve(Setting.ANSIBLE_HOME, null));
        String home = values.get(Setting.ANSIBLE_HOME).value().toString();
        for (Setting s : Setting.values()) {
            if (s != Setting.ANSIBLE_HOME) {
                values.put(s, r.resolve(s, home));
            }
        }
        List<String> warnings = new ArrayList<>(found);
        warnings.addAll(Honoured.warnings(ce, file, ini, values));
        return new Settings(file, ini, values, warnings);
    }

    /** The ansible.cfg in use, or null. */
    public Path configFile() {
        return configFile;
    }

    /** The parsed ansible.cfg, or null. */
    public IniFile ini() {
        return ini;
    }

    public Value value(Setting s) {
        return values.get(s);
    }

    /** One line each, without the {@code [WARNING]: } prefix. */
    public List<String> warnings() {
        return warnings;
    }

    /** The inventory sources (DEFAULT_HOST_LIST): paths, or a comma list of hosts as the command line takes it. */
    public List<String> inventory() {
        return paths(Setting.DEFAULT_HOST_LIST).stream().map(Path::toString).toList();
    }

    /** True when the inventory is base.yml's default ({@code /etc/ansible/hosts}), not set by the user. */
    public boolean inventoryIsDefault() {
        return value(Setting.DEFAULT_HOST_LIST).isDefault();
    }

    public String remoteUser() {
        return (String) value(Setting.DEFAULT_REMOTE_USER).value();
    }

    public Path privateKeyFile() {
        return (Path) value(Setting.DEFAULT_PRIVATE_KEY_FILE).value();
    }

    /** DEFAULT_ROLES_PATH: where roles are looked for after the playbook's roles/ folder. */
    public List<Path> rolesPath() {
        return paths(Setting.DEFAULT_ROLES_PATH);
    }

    /** COLLECTIONS_PATHS: folders holding {@code ansible_collections/<namespace>/<name>}. */
    public List<Path> collectionsPaths() {
        return paths(Setting.COLLECTIONS_PATHS);
    }

    /** DEFAULT_FORKS, or null when not set (rigger's own default then applies: every host, at most 100). */
    public Integer forks() {
        Value v = value(Setting.DEFAULT_FORKS);
        return v.isDefault() ? null : (Integer) v.value();
    }

    public Duration timeout() {
        return Duration.ofSeconds((Integer) value(Setting.DEFAULT_TIMEOUT).value());
    }

    /** The connection type DEFAULT_TRANSPORT names, or null for {@code smart} (ssh). */
    public String transport() {
        String t = (String) value(Setting.DEFAULT_TRANSPORT).value();
        return t == null || t.equals("smart") ? null : t;
    }

    /** host_key_checking, or null when not set (rigger's default then applies, see the compatibility notes). */
    public Boolean hostKeyChecking() {
        Value v = value(Setting.SSH_HOST_KEY_CHECKING);
        return v.isDefault() ? null : (Boolean) v.value();
    }

    public boolean become() {
        return bool(Setting.DEFAULT_BECOME);
    }

    public String becomeUser() {
        return (String) value(Setting.DEFAULT_BECOME_USER).value();
    }

    public String becomeMethod() {
        return (String) value(Setting.DEFAULT_BECOME_METHOD).value();
    }

    public boolean becomeAskPass() {
        return bool(Setting.DEFAULT_BECOME_ASK_PASS);
    }

    /** DEFAULT_GATHERING: implicit, explicit or smart. */
    public String gathering() {
        return (String) value(Setting.DEFAULT_GATHERING).value();
    }

    public boolean forceHandlers() {
        return bool(Setting.DEFAULT_FORCE_HANDLERS);
    }

    public boolean askVaultPass() {
        return bool(Setting.DEFAULT_ASK_VAULT_PASS);
    }

    /** DEFAULT_VAULT_PASSWORD_FILE as a list (empty or one file), for the vault options to add to theirs. */
    public List<Path> vaultPasswordFiles() {
        Path p = (Path) value(Setting.DEFAULT_VAULT_PASSWORD_FILE).value();
        return p == null ? List.of() : List.of(p);
    }

    /** DEFAULT_VAULT_IDENTITY_LIST: {@code label@source} entries. */
    @SuppressWarnings("unchecked")
    public List<String> vaultIdentityList() {
        return (List<String>) value(Setting.DEFAULT_VAULT_IDENTITY_LIST).value();
    }

    public boolean noColor() {
        return bool(Setting.ANSIBLE_NOCOLOR);
    }

    public boolean forceColor() {
        return bool(Setting.ANSIBLE_FORCE_COLOR);
    }

    public boolean retryFilesEnabled() {
        return bool(Setting.RETRY_FILES_ENABLED);
    }

    public String sshArgs() {
        return (String) value(Setting.SSH_ARGS).value();
    }

    public String sshCommonArgs() {
        return (String) value(Setting.SSH_COMMON_ARGS).value();
    }

    public String sshExtraArgs() {
        return (String) value(Setting.SSH_EXTRA_ARGS).value();
    }

    /** Accepted as Ansible accepts it; rigger runs no Python on the rig, so there is nothing to pipeline. */
    public boolean pipelining() {
        return bool(Setting.SSH_PIPELINING);
    }

    /**
     * {@code ansible-config dump} lines, {@code NAME(origin) = value} sorted by name, CONFIG_FILE included: every
     * base setting rigger reads, or with {@code onlyChanged} those not at their default.
     */
    public List<String> dump(boolean onlyChanged) {
        List<String> lines = new ArrayList<>();
        lines.add("CONFIG_FILE() = " + (configFile == null ? "None" : configFile));
        for (Setting s : Setting.values()) {
            Value v = values.get(s);
            if (s.plugin() || onlyChanged && v.isDefault()) {
                continue;
            }
            lines.add(s.name() + "(" + v.origin() + ") = " + PyRepr.str(v.value()));
        }
        Collections.sort(lines);
        return lines;
    }

    private boolean bool(Setting s) {
        return Boolean.TRUE.equals(value(s).value());
    }

    @SuppressWarnings("unchecked")
    private List<Path> paths(Setting s) {
        return (List<Path>) value(s).value();
    }

    /** One setting's value: environment, then ansible.cfg, then default; typed as ensure_type does. */
    private record Resolver(ConfigEnvironment ce, Path file, IniFile ini) {
        Value resolve(Setting s, String ansibleHome) {
            String raw = null;
            String origin = null;
            int line = 0;
            for (String name : s.env()) {
                String v = ce.env().get(name);
                if (v != null) {
                    raw = v;
                    origin = "env: " + name;
                }
            }
            if (raw == null && ini != null) {
                for (String key : s.ini()) {
                    int dot = key.indexOf('.');
                    IniFile.Entry e = ini.get(key.substring(0, dot), key.substring(dot + 1));
                    if (e != null) {
                        raw = e.value();
                        origin = file.toString();
                        line = e.line();
                    }
                }
            }
            if (raw != null) {
                try {
                    Object v = convert(s, raw, origin.startsWith("env: ") ? ce.cwd() : file.getParent());
                    if (s == Setting.DEFAULT_GATHERING && !List.of("implicit", "explicit", "smart").contains(v)) {
                        throw new ConfigException("Invalid value \"" + v + "\" for configuration option \"setting: "
                                + s.name() + " \", valid values are: implicit, explicit, smart",
                                line == 0 ? null : new Pos(origin, line, 1));
                    }
                    return new Value(v, origin);
                } catch (IllegalArgumentException ex) {
                    if (!(origin.startsWith("env: ") && raw.isEmpty())) {
                        throw new ConfigException("Invalid type for configuration option setting: " + s.name()
                                + " (from " + origin + "): " + ex.getMessage(),
                                line == 0 ? null : new Pos(origin, line, 1));
                    }
                }
            }
            String d = s.defaultText();
            if (d == null || d.isEmpty() && s.type() == Setting.Type.LIST) {
                return new Value(d == null ? null : List.of(), "default");
            }
            if (ansibleHome != null) {
                d = d.replace("{{ANSIBLE_HOME}}", ansibleHome);
            }
            return new Value(convert(s, d, ce.cwd()), "default");
        }

        private Object convert(Setting s, String raw, Path basedir) {
            return switch (s.type()) {
                case BOOLEAN -> AnsibleBool.isTrue(raw);
                case INTEGER -> pythonInt(raw);
                case STRING -> PyRepr.unquote(raw);
                case LIST -> java.util.Arrays.stream(raw.split(",", -1)).map(x -> PyRepr.unquote(x.strip()))
                        .toList();
                case PATH -> Paths.unfrack(raw, basedir, ce);
                case PATHLIST -> java.util.Arrays.stream(raw.split(",", -1))
                        .map(x -> Paths.unfrack(x.strip(), basedir, ce)).toList();
                case PATHSPEC -> java.util.Arrays.stream(raw.split(":", -1))
                        .map(x -> Paths.unfrack(x, basedir, ce)).toList();
            };
        }

        private static Integer pythonInt(String raw) {
            String t = raw.strip().replace("_", "");
            try {
                return Integer.valueOf(t.startsWith("+") ? t.substring(1) : t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid literal for int() with base 10: " + PyRepr.repr(raw));
            }
        }
    }
}
