package dev.rigger.connection;

import dev.rigger.AnsibleBool;
import dev.rigger.Fqcn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The one table of connection settings: each setting, the host variables that set it (Ansible's
 * {@code MAGIC_VARIABLE_MAPPING}; the first name listed wins where several are set), the play keyword that stands
 * for it, and the kind of value it takes. The inventory, the playbook loader, the executor and the connection
 * factory all read it from here.
 */
public enum ConnectionVar {
    CONNECTION(Kind.CONNECTION_TYPE, "connection", "ansible_connection"),
    HOST(Kind.TEXT, null, "ansible_host", "ansible_ssh_host"),
    PORT(Kind.PORT, "port", "ansible_port", "ansible_ssh_port"),
    USER(Kind.TEXT, "remote_user", "ansible_user", "ansible_ssh_user"),
    PRIVATE_KEY(Kind.TEXT, null, "ansible_ssh_private_key_file", "ansible_private_key_file"),
    PASSWORD(Kind.TEXT, null, "ansible_password", "ansible_ssh_pass", "ansible_ssh_password"),
    /** No keyword: Ansible's {@code timeout} keyword limits how long a task runs, not the connection. */
    TIMEOUT(Kind.SECONDS, null, "ansible_ssh_timeout", "ansible_timeout"),
    SSH_COMMON_ARGS(Kind.TEXT, null, "ansible_ssh_common_args"),
    SSH_EXTRA_ARGS(Kind.TEXT, null, "ansible_ssh_extra_args"),
    HOST_KEY_CHECKING(Kind.BOOLEAN, null, "ansible_host_key_checking", "ansible_ssh_host_key_checking");

    /** What a setting's value must be. */
    public enum Kind { TEXT, PORT, SECONDS, BOOLEAN, CONNECTION_TYPE }

    /** The connection types rigger has: {@code local}, and ssh under Ansible's names for it. */
    private static final List<String> SSH_TYPES = List.of("ssh", "smart", "paramiko", "paramiko_ssh");

    private final Kind kind;
    private final String keyword;
    private final List<String> names;

    ConnectionVar(Kind kind, String keyword, String... names) {
        this.kind = kind;
        this.keyword = keyword;
        this.names = List.of(names);
    }

    public Kind kind() {
        return kind;
    }

    /** The play/task keyword that stands for this setting ({@code remote_user}, {@code port}...), or null. */
    public String keyword() {
        return keyword;
    }

    /** The variable names, the winning one first. */
    public List<String> names() {
        return names;
    }

    /** The variable that Ansible documents for this setting. */
    public String mainName() {
        return names.get(0);
    }

    /** The setting's value in {@code vars} as text (the first name that is set and not blank), or null. */
    public String text(Map<String, Object> vars) {
        if (vars == null) {
            return null;
        }
        for (String n : names) {
            Object v = vars.get(n);
            if (v != null && !v.toString().isBlank()) {
                return v.toString();
            }
        }
        return null;
    }

    /** Every connection variable present in {@code vars}, in the table's order. */
    public static Map<String, Object> select(Map<String, Object> vars) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ConnectionVar c : values()) {
            for (String n : c.names) {
                if (vars.containsKey(n)) {
                    out.put(n, vars.get(n));
                }
            }
        }
        return out;
    }

    /** True when the connection type {@code type} means "run on the controller". */
    public static boolean isLocal(String type) {
        return shortType(type).equals("local");
    }

    /**
     * What is wrong with {@code value} as this setting, in words ({@code ansible_port must be a TCP port
     * (1..65535), not 'abc'}); null when it is fine. {@code name} is the variable or keyword that gave it.
     */
    public String problem(String name, Object value) {
        String s = value == null ? "" : value.toString().strip();
        switch (kind) {
            case PORT -> {
                Integer p = integer(s);
                return p != null && p >= 1 && p <= 65535 ? null
                        : name + " must be a TCP port (1..65535), not '" + s + "'";
            }
            case SECONDS -> {
                Integer p = integer(s);
                return p != null && p >= 0 ? null : name + " must be a whole number of seconds, not '" + s + "'";
            }
            case BOOLEAN -> {
                return AnsibleBool.parse(value) != null ? null
                        : name + " must be a boolean (true or false), not '" + s + "'";
            }
            case CONNECTION_TYPE -> {
                String t = shortType(s);
                return t.equals("local") || SSH_TYPES.contains(t) ? null
                        : name + " '" + s + "' is not a connection type rigger has; use ssh or local";
            }
            default -> {
                return null;
            }
        }
    }

    /** The problems of every literal connection setting in {@code vars} ({@code skip}: values still to render). */
    public static List<String> problems(Map<String, Object> vars, Predicate<Object> skip) {
        List<String> out = new ArrayList<>();
        for (ConnectionVar c : values()) {
            for (String n : c.names) {
                Object v = vars.get(n);
                if (v != null && !skip.test(v)) {
                    String p = c.problem(n, v);
                    if (p != null) {
                        out.add(p);
                    }
                }
            }
        }
        return out;
    }

    static Integer integer(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code ansible.builtin.ssh} is {@code ssh}: connection plugins have collection names too. */
    private static String shortType(String type) {
        return Fqcn.strip(type == null ? "" : type.strip());
    }
}
