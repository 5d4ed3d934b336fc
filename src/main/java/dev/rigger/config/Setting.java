package dev.rigger.config;

import java.util.List;

/**
 * The ansible.cfg settings rigger reads, each declared once as ansible-core 2.14's {@code config/base.yml} (or the
 * ssh connection plugin's options) declares it: its name, type, default, ini keys and environment variables. The
 * last ini key and the last environment variable that are set win, as in Ansible's config manager.
 */
public enum Setting {
    DEFAULT_HOST_LIST(Type.PATHLIST, "/etc/ansible/hosts", ini("defaults.inventory"), env("ANSIBLE_INVENTORY")),
    DEFAULT_REMOTE_USER(Type.STRING, null, ini("defaults.remote_user"), env("ANSIBLE_REMOTE_USER")),
    DEFAULT_PRIVATE_KEY_FILE(Type.PATH, null, ini("defaults.private_key_file"), env("ANSIBLE_PRIVATE_KEY_FILE")),
    /** The default is {@code ANSIBLE_HOME ~ "/roles:/usr/share/ansible/roles:/etc/ansible/roles"}. */
    DEFAULT_ROLES_PATH(Type.PATHSPEC, "{{ANSIBLE_HOME}}/roles:/usr/share/ansible/roles:/etc/ansible/roles",
            ini("defaults.roles_path"), env("ANSIBLE_ROLES_PATH")),
    COLLECTIONS_PATHS(Type.PATHSPEC, "{{ANSIBLE_HOME}}/collections:/usr/share/ansible/collections",
            ini("defaults.collections_paths", "defaults.collections_path"),
            env("ANSIBLE_COLLECTIONS_PATHS", "ANSIBLE_COLLECTIONS_PATH")),
    ANSIBLE_HOME(Type.PATH, "~/.ansible", ini("defaults.home"), env("ANSIBLE_HOME")),
    DEFAULT_FORKS(Type.INTEGER, "5", ini("defaults.forks"), env("ANSIBLE_FORKS")),
    DEFAULT_TIMEOUT(Type.INTEGER, "10", ini("defaults.timeout"), env("ANSIBLE_TIMEOUT")),
    DEFAULT_TRANSPORT(Type.STRING, "smart", ini("defaults.transport"), env("ANSIBLE_TRANSPORT")),
    HOST_KEY_CHECKING(Type.BOOLEAN, "True", ini("defaults.host_key_checking"), env("ANSIBLE_HOST_KEY_CHECKING")),
    DEFAULT_BECOME(Type.BOOLEAN, "False", ini("privilege_escalation.become"), env("ANSIBLE_BECOME")),
    DEFAULT_BECOME_USER(Type.STRING, "root", ini("privilege_escalation.become_user"), env("ANSIBLE_BECOME_USER")),
    DEFAULT_BECOME_METHOD(Type.STRING, "sudo", ini("privilege_escalation.become_method"),
            env("ANSIBLE_BECOME_METHOD")),
    DEFAULT_BECOME_ASK_PASS(Type.BOOLEAN, "False", ini("privilege_escalation.become_ask_pass"),
            env("ANSIBLE_BECOME_ASK_PASS")),
    DEFAULT_GATHERING(Type.STRING, "implicit", ini("defaults.gathering"), env("ANSIBLE_GATHERING")),
    DEFAULT_FORCE_HANDLERS(Type.BOOLEAN, "False", ini("defaults.force_handlers"), env("ANSIBLE_FORCE_HANDLERS")),
    DEFAULT_ASK_VAULT_PASS(Type.BOOLEAN, "False", ini("defaults.ask_vault_pass"), env("ANSIBLE_ASK_VAULT_PASS")),
    DEFAULT_VAULT_PASSWORD_FILE(Type.PATH, null, ini("defaults.vault_password_file"),
            env("ANSIBLE_VAULT_PASSWORD_FILE")),
    DEFAULT_VAULT_IDENTITY_LIST(Type.LIST, "", ini("defaults.vault_identity_list"),
            env("ANSIBLE_VAULT_IDENTITY_LIST")),
    ANSIBLE_NOCOLOR(Type.BOOLEAN, "False", ini("defaults.nocolor"), env("ANSIBLE_NOCOLOR", "NO_COLOR")),
    ANSIBLE_FORCE_COLOR(Type.BOOLEAN, "False", ini("defaults.force_color"), env("ANSIBLE_FORCE_COLOR")),
    RETRY_FILES_ENABLED(Type.BOOLEAN, "False", ini("defaults.retry_files_enabled"),
            env("ANSIBLE_RETRY_FILES_ENABLED")),
    ANSIBLE_PIPELINING(Type.BOOLEAN, "False", ini("defaults.pipelining", "connection.pipelining"),
            env("ANSIBLE_PIPELINING")),
    /** The ssh connection plugin's options (shown by {@code ansible-config dump -t all}, not by a plain dump). */
    SSH_ARGS(Type.STRING, "-C -o ControlMaster=auto -o ControlPersist=60s", ini("ssh_connection.ssh_args"),
            env("ANSIBLE_SSH_ARGS")),
    SSH_COMMON_ARGS(Type.STRING, "", ini("ssh_connection.ssh_common_args"), env("ANSIBLE_SSH_COMMON_ARGS")),
    SSH_EXTRA_ARGS(Type.STRING, "", ini("ssh_connection.ssh_extra_args"), env("ANSIBLE_SSH_EXTRA_ARGS")),
    SSH_PIPELINING(Type.BOOLEAN, "False", ini("defaults.pipelining", "connection.pipelining",
            "ssh_connection.pipelining"), env("ANSIBLE_PIPELINING", "ANSIBLE_SSH_PIPELINING")),
    SSH_HOST_KEY_CHECKING(Type.BOOLEAN, "True", ini("defaults.host_key_checking",
            "ssh_connection.host_key_checking"), env("ANSIBLE_HOST_KEY_CHECKING", "ANSIBLE_SSH_HOST_KEY_CHECKING"));

    /** base.yml's types, as {@code ensure_type} converts them. */
    public enum Type {
        STRING, BOOLEAN, INTEGER, LIST,
        /** one path: $VARS and ~ expanded, relative to the ansible.cfg's folder when set there, else the cwd */
        PATH,
        /** base.yml's {@code pathlist}: paths separated by commas */
        PATHLIST,
        /** base.yml's {@code pathspec}: paths separated by colons, as $PATH */
        PATHSPEC
    }

    private final Type type;
    private final String defaultText;
    private final List<String> ini;
    private final List<String> env;

    Setting(Type type, String defaultText, List<String> ini, List<String> env) {
        this.type = type;
        this.defaultText = defaultText;
        this.ini = ini;
        this.env = env;
    }

    public Type type() {
        return type;
    }

    /** The default as base.yml writes it ({@code {{ANSIBLE_HOME}}} standing for that setting), or null. */
    public String defaultText() {
        return defaultText;
    }

    /** The ini keys, {@code section.key}, lowest precedence first. */
    public List<String> ini() {
        return ini;
    }

    /** The environment variables, lowest precedence first. */
    public List<String> env() {
        return env;
    }

    /** True for the ssh connection plugin's options: {@code ansible-config dump} without {@code -t all} omits them. */
    public boolean plugin() {
        return name().startsWith("SSH_");
    }

    /** The name {@code ansible-config dump -t all} shows under the ssh plugin ({@code ssh_args}), else the name. */
    public String displayName() {
        return plugin() ? name().substring(4).toLowerCase(java.util.Locale.ROOT) : name();
    }

    private static List<String> ini(String... keys) {
        return List.of(keys);
    }

    private static List<String> env(String... names) {
        return List.of(names);
    }
}
