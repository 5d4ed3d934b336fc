package dev.rigger.tunnel;

import dev.rigger.AnsibleBool;
import dev.rigger.RiggerException;
import dev.rigger.connection.ConnectionFactory;
import dev.rigger.connection.ConnectionOverrides;
import dev.rigger.connection.SshSettings;
import dev.rigger.connection.Tunnel;
import dev.rigger.inventory.Inventory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code rigger tunnel RIG [--user U]} as a library: finds the user's Jupyter port in the rig's {@code rig_users}
 * (inventory variables, as the jupyter role reads them), logs in to the rig like {@code rigger play} would (its
 * {@code ansible_*} connection variables) and forwards a local port to the Jupyter server, which listens on the
 * rig's 127.0.0.1 only.
 *
 * <pre>{@code
 * try (JupyterTunnel t = JupyterTunnel.open(JupyterTunnel.Request.of(List.of("inventory.yml"), "rig1"))) {
 *     URI url = t.url();   // https://127.0.0.1:8888/
 * }
 * }</pre>
 */
public final class JupyterTunnel implements AutoCloseable {
    /** The jupyter role's default for a user without {@code jupyter_port} (its {@code jupyter_default_port}). */
    public static final int DEFAULT_JUPYTER_PORT = 8888;

    /**
     * What to open.
     *
     * @param inventory      inventory sources, as for {@code -i}
     * @param rig            the rig's inventory name
     * @param user           the rig user whose Jupyter to reach (null: the first of {@code rig_users})
     * @param localPort      local port (null: the user's Jupyter port if free, else any free one; 0: any free one)
     * @param login          SSH login user (null: the inventory's {@code ansible_user})
     * @param privateKey     SSH key (null: the inventory's {@code ansible_ssh_private_key_file} or ~/.ssh keys)
     * @param knownHosts     known_hosts file (null: ~/.ssh/known_hosts)
     * @param connectTimeout SSH connect timeout (null: the inventory's or 10 s)
     */
    public record Request(List<String> inventory, String rig, String user, Integer localPort, String login,
                          Path privateKey, Path knownHosts, Duration connectTimeout) {
        public Request {
            inventory = List.copyOf(inventory);
        }

        public static Request of(List<String> inventory, String rig) {
            return new Request(inventory, rig, null, null, null, null, null, null);
        }

        public Request withUser(String u) {
            return new Request(inventory, rig, u, localPort, login, privateKey, knownHosts, connectTimeout);
        }

        public Request withLocalPort(Integer p) {
            return new Request(inventory, rig, user, p, login, privateKey, knownHosts, connectTimeout);
        }

        public Request withLogin(String l, Path key) {
            return new Request(inventory, rig, user, localPort, l, key, knownHosts, connectTimeout);
        }

        public Request withKnownHosts(Path kh) {
            return new Request(inventory, rig, user, localPort, login, privateKey, kh, connectTimeout);
        }

        public Request withConnectTimeout(Duration t) {
            return new Request(inventory, rig, user, localPort, login, privateKey, knownHosts, t);
        }
    }

    /**
     * Where a user's Jupyter is: the rig, how to log in, the port on the rig's 127.0.0.1 and whether it speaks TLS
     * (the jupyter role's self-signed certificate, {@code jupyter_tls}, default true).
     */
    public record Target(String rig, String user, int port, boolean tls, SshSettings ssh) {
    }

    private final Target target;
    private final Tunnel tunnel;

    private JupyterTunnel(Target target, Tunnel tunnel) {
        this.target = target;
        this.tunnel = tunnel;
    }

    /** Resolves the target from the inventory and opens the forward. */
    public static JupyterTunnel open(Request r) throws IOException {
        Target t = resolve(r);
        int local = r.localPort() != null ? r.localPort() : Tunnel.isFree(t.port()) ? t.port() : 0;
        return new JupyterTunnel(t, Tunnel.open(t.ssh(), local, "127.0.0.1", t.port()));
    }

    /**
     * Finds the rig and the user's port in the inventory (no connection is made).
     *
     * @throws RiggerException when the rig or the user is not there, or a port is not a number
     */
    public static Target resolve(Request r) {
        if (r.inventory().isEmpty()) {
            throw new RiggerException("rigger tunnel needs an inventory (-i INVENTORY) that lists " + r.rig());
        }
        Inventory inv = Inventory.load(r.inventory());
        if (!inv.has(r.rig())) {
            throw new RiggerException("rig '" + r.rig() + "' is not in the inventory " + r.inventory()
                    + "; its hosts: " + inv.hosts());
        }
        Map<String, Object> vars = inv.varsFor(r.rig(), null);
        List<Map<?, ?>> users = users(r.rig(), vars.get("rig_users"));
        if (users.isEmpty()) {
            throw new RiggerException("rig '" + r.rig() + "' has no rig_users in the inventory " + r.inventory()
                    + ": add a list of {name, jupyter_port} (see inventory/example.yml)");
        }
        Map<?, ?> user = users.get(0);
        if (r.user() != null) {
            user = users.stream().filter(u -> r.user().equals(String.valueOf(u.get("name")))).findFirst()
                    .orElseThrow(() -> new RiggerException("rig '" + r.rig() + "' has no user '" + r.user()
                            + "' in rig_users; its users: " + users.stream().map(u -> u.get("name")).toList()));
        }
        String name = String.valueOf(user.get("name"));
        Object portValue = user.get("jupyter_port");
        String portVar = "rig_users[" + name + "].jupyter_port";
        if (portValue == null) {
            portValue = vars.getOrDefault("jupyter_default_port", DEFAULT_JUPYTER_PORT);
            portVar = "jupyter_default_port";
        }
        int port = port(r.rig(), portVar, portValue);
        boolean tls = !Boolean.FALSE.equals(AnsibleBool.parse(vars.getOrDefault("jupyter_tls", Boolean.TRUE)));
        ConnectionOverrides cli = new ConnectionOverrides(null, null, r.connectTimeout(), null, null,
                r.knownHosts(), null);
        SshSettings ssh = new ConnectionFactory(cli).sshSettings(r.rig(), vars);
        if (r.login() != null) {
            ssh = ssh.withUser(r.login());
        }
        if (r.privateKey() != null) {
            ssh = ssh.withPrivateKeys(List.of(r.privateKey()));
        }
        return new Target(r.rig(), name, port, tls, ssh);
    }

    private static List<Map<?, ?>> users(String rig, Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new RiggerException("rig '" + rig + "': rig_users must be a list of {name, jupyter_port, ...}, not "
                    + value);
        }
        List<Map<?, ?>> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m) || m.get("name") == null) {
                throw new RiggerException("rig '" + rig + "': each entry of rig_users needs a name; found " + o);
            }
            out.add(m);
        }
        return out;
    }

    private static int port(String rig, String var, Object value) {
        try {
            int p = value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value).trim());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RiggerException("rig '" + rig + "': " + var + " must be a TCP port (1..65535), not '" + value
                + "'" + (String.valueOf(value).contains("{{") ? " (rigger tunnel does not render templates here:"
                + " write the number)" : ""));
    }

    public Target target() {
        return target;
    }

    /** The port on this machine's 127.0.0.1 that leads to the user's Jupyter. */
    public int localPort() {
        return tunnel.localPort();
    }

    /** The local URL of the user's Jupyter: https with the role's self-signed certificate, else http. */
    public URI url() {
        return URI.create((target.tls() ? "https" : "http") + "://127.0.0.1:" + localPort() + "/");
    }

    public Tunnel tunnel() {
        return tunnel;
    }

    public boolean isOpen() {
        return tunnel.isOpen();
    }

    @Override
    public void close() {
        tunnel.close();
    }
}
