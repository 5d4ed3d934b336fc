package dev.rigger.engine;

import dev.rigger.api.ConnectionProvider;
import dev.rigger.api.RunOptions;
import dev.rigger.connection.Connection;
import dev.rigger.connection.ConnectionFactory;
import dev.rigger.connection.ConnectionOverrides;
import java.io.IOException;
import java.util.Map;

/** Opens local or SSH connections from a host's connection variables and the run's options (-u, --private-key…). */
final class DefaultConnections implements ConnectionProvider {
    private final ConnectionFactory factory;
    private final Map<String, String> sshArgs;

    DefaultConnections(RunOptions options) {
        this.sshArgs = options.sshArgs();
        Boolean hkc = options.hostKeyChecking();
        // host_key_checking from ansible.cfg / ANSIBLE_HOST_KEY_CHECKING, resolved with the other settings
        this.factory = new ConnectionFactory(new ConnectionOverrides(options.remoteUser(), options.privateKey(),
                options.connectTimeout(), options.connection(), options.connectionPassword(), options.knownHosts(), null),
                name -> name.equals("ANSIBLE_HOST_KEY_CHECKING") && hkc != null ? hkc.toString() : System.getenv(name));
    }

    @Override
    public Connection open(String host, Map<String, Object> vars) throws IOException {
        if (!sshArgs.isEmpty()) {
            // ansible.cfg's ssh_common_args / ssh_extra_args: below a host's own variables, as Ansible ranks them
            Map<String, Object> v = new java.util.LinkedHashMap<>(vars);
            sshArgs.forEach(v::putIfAbsent);
            vars = v;
        }
        return factory.open(host, vars);
    }
}
