package dev.rigger.connection;

import dev.rigger.Shlex;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Puts a host's SSH settings together as Ansible's ssh connection and OpenSSH do: Ansible's own settings
 * (ansible_host, ansible_user, ansible_port, ansible_ssh_private_key_file, the timeout, and -u / --private-key)
 * first, then the options in ansible_ssh_common_args / ansible_ssh_extra_args, then the ssh config files, then the
 * defaults. Jump hosts (ProxyJump, or a ProxyCommand that is a plain {@code ssh -W %h:%p host}) are looked up in the
 * same files with their own settings only, as OpenSSH's {@code ssh -J} does.
 */
final class SshResolver {
    private static final int MAX_JUMP_DEPTH = 8;

    private final ConnectionOverrides cli;
    private final UnaryOperator<String> environment;
    private final Function<List<SshConfig.Source>, SshConfig> configs;
    private final Path userConfig;
    private final Path systemConfig;

    /** The settings, the policy for the target's host key, and the config's warnings. */
    record Resolved(SshSettings settings, HostKeyPolicy policy, List<String> warnings) {
    }

    /** A hop as ProxyJump or ProxyCommand names it, with the options given to that hop only. */
    private record Spec(String host, List<SshConfig.Directive> options) {
    }

    SshResolver(ConnectionOverrides cli, UnaryOperator<String> environment,
                Function<List<SshConfig.Source>, SshConfig> configs, Path userConfig, Path systemConfig) {
        this.cli = cli;
        this.environment = environment;
        this.configs = configs;
        this.userConfig = userConfig;
        this.systemConfig = systemConfig;
    }

    Resolved resolve(String inventoryName, Map<String, Object> vars, HostKeyPolicy ansiblePolicy) {
        String given = ConnectionVar.HOST.text(vars);
        String name = given != null ? given : inventoryName;
        SshArgs args = SshArgs.parse(
                List.of(ConnectionVar.SSH_COMMON_ARGS.mainName(), ConnectionVar.SSH_EXTRA_ARGS.mainName()),
                List.of(textOr(ConnectionVar.SSH_COMMON_ARGS.text(vars)), textOr(ConnectionVar.SSH_EXTRA_ARGS.text(vars))));
        SshConfig cfg = configs.apply(args.sources(userConfig, systemConfig));
        SshHostConfig hc = cfg.lookup(name, args.options());

        String user = ConnectionVar.USER.text(vars);
        user = user != null ? user : cli.user() != null ? cli.user() : hc.user();
        String portText = ConnectionVar.PORT.text(vars);
        int port = portText != null ? integer(inventoryName, ConnectionVar.PORT, portText) : hc.port();
        String timeoutText = ConnectionVar.TIMEOUT.text(vars);
        // Ansible always passes -o ConnectTimeout (its timeout, 10 s by default): the config's never applies
        Duration timeout = timeoutText == null ? cli.timeout()
                : Duration.ofSeconds(integer(inventoryName, ConnectionVar.TIMEOUT, timeoutText));
        String address = hc.hostName();
        String remoteUser = user != null ? user : System.getProperty("user.name");
        SshHostConfig.Tokens t = new SshHostConfig.Tokens(name, address, port, remoteUser);
        List<Path> keys = new ArrayList<>();
        String key = ConnectionVar.PRIVATE_KEY.text(vars);
        if (key != null) {
            keys.add(Path.of(SshHostConfig.tilde(key)));
        } else if (cli.privateKey() != null) {
            keys.add(cli.privateKey());
        }
        keys.addAll(hc.identityFiles(t));
        String password = ConnectionVar.PASSWORD.text(vars);
        SshSettings s = new SshSettings(inventoryName, address, port, user, keys,
                password != null ? password : cli.password(), timeout, null, null, 0,
                cli.knownHosts() != null ? cli.knownHosts() : hc.knownHostsFile(t), cli.shellMode());
        s = common(s, hc);
        HostKeyPolicy policy = ansiblePolicy == HostKeyPolicy.OFF ? HostKeyPolicy.OFF : policy(hc, ansiblePolicy);
        s = s.withJumps(jumps(hc, cfg, s, policy, 0));
        return new Resolved(s, policy, cfg.warnings());
    }

    /** What the target and its hops share: keep-alive from ServerAlive*, the agent from IdentityAgent. */
    private SshSettings common(SshSettings s, SshHostConfig hc) {
        Duration alive = hc.seconds("serveraliveinterval");
        Integer count = hc.count("serveralivecountmax");
        if (alive != null || count != null) {
            s = s.withKeepAlive(alive != null ? alive : s.keepAliveInterval(),
                    count != null && count > 0 ? count : s.keepAliveMaxCount());
        }
        String agent = hc.raw("identityagent");
        String sock = agent == null || agent.equals("SSH_AUTH_SOCK") ? environment.apply("SSH_AUTH_SOCK")
                : agent.equalsIgnoreCase("none") ? null
                : agent.startsWith("$") ? environment.apply(agent.substring(1)) : SshHostConfig.tilde(agent);
        Boolean only = hc.yesNo("identitiesonly");
        return s.withAgent(sock == null || sock.isBlank() ? null : Path.of(sock), Boolean.TRUE.equals(only));
    }

    /** StrictHostKeyChecking from the config, else {@code otherwise}. */
    private static HostKeyPolicy policy(SshHostConfig hc, HostKeyPolicy otherwise) {
        String v = hc.raw("stricthostkeychecking");
        if (v == null) {
            return otherwise;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "yes", "ask" -> HostKeyPolicy.STRICT;
            case "accept-new" -> HostKeyPolicy.ACCEPT_NEW;
            case "no", "off" -> HostKeyPolicy.OFF;
            default -> throw new IllegalArgumentException(hc.where("stricthostkeychecking")
                    + ": StrictHostKeyChecking must be yes, ask, accept-new, no or off, not '" + v + "'");
        };
    }

    /** The hops in front of a host whose config is {@code hc}: its ProxyJump / ProxyCommand, flattened. */
    private List<SshSettings.Jump> jumps(SshHostConfig hc, SshConfig cfg, SshSettings target, HostKeyPolicy policy,
                                         int depth) {
        SshConfig.Directive proxy = hc.values().get("proxy");
        if (proxy == null || proxy.value().equalsIgnoreCase("none")) {
            return List.of();
        }
        if (depth >= MAX_JUMP_DEPTH) {
            throw new IllegalArgumentException(proxy.where() + ": more than " + MAX_JUMP_DEPTH
                    + " jump hosts in a row (a ProxyJump loop?)");
        }
        List<Spec> specs = proxy.key().equals("proxyjump") ? proxyJump(proxy) : proxyCommand(proxy);
        List<SshSettings.Jump> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec sp = specs.get(i);
            SshHostConfig hop = cfg.lookup(sp.host(), sp.options());
            if (i == 0) {
                out.addAll(jumps(hop, cfg, target, policy, depth + 1)); // the first hop's own ProxyJump, as ssh -J
            }
            out.add(hop(hop, target, policy));
        }
        return out;
    }

    private SshSettings.Jump hop(SshHostConfig hc, SshSettings target, HostKeyPolicy policy) {
        String user = hc.user();
        String address = hc.hostName();
        int port = hc.port();
        SshHostConfig.Tokens t = new SshHostConfig.Tokens(hc.name(), address, port,
                user != null ? user : System.getProperty("user.name"));
        Duration timeout = hc.seconds("connecttimeout");
        SshSettings s = new SshSettings(hc.name(), address, port, user, hc.identityFiles(t), null,
                timeout != null ? timeout : target.connectTimeout(), null, null, 0,
                cli.knownHosts() != null ? cli.knownHosts() : hc.knownHostsFile(t), null);
        return new SshSettings.Jump(common(s, hc), policy(hc, policy));
    }

    /** {@code [user@]host[:port]} or {@code ssh://[user@]host[:port]}, comma-separated. */
    private static List<Spec> proxyJump(SshConfig.Directive d) {
        List<Spec> out = new ArrayList<>();
        for (String part : d.value().split(",")) {
            String s = part.strip();
            if (s.startsWith("ssh://")) {
                s = s.substring(6);
            }
            List<SshConfig.Directive> opts = new ArrayList<>();
            int at = s.lastIndexOf('@');
            if (at >= 0) {
                opts.add(SshConfig.Directive.always("user", List.of(s.substring(0, at)), d.where()));
                s = s.substring(at + 1);
            }
            int colon = s.lastIndexOf(':');
            if (colon > 0 && (s.indexOf(':') == colon || s.startsWith("["))) {
                opts.add(SshConfig.Directive.always("port", List.of(s.substring(colon + 1)), d.where()));
                s = s.substring(0, colon);
            }
            if (s.startsWith("[") && s.endsWith("]")) {
                s = s.substring(1, s.length() - 1);
            }
            if (s.isEmpty()) {
                throw new IllegalArgumentException(d.where() + ": ProxyJump '" + d.value() + "' names no host");
            }
            out.add(new Spec(s, opts));
        }
        return out;
    }

    /** A ProxyCommand that is {@code ssh [options] -W %h:%p host}: that host, as a jump. Anything else fails. */
    private static List<Spec> proxyCommand(SshConfig.Directive d) {
        String cmd = d.value();
        String refusal = d.where() + ": ProxyCommand '" + cmd + "': rigger does not run ProxyCommand; it understands"
                + " only 'ssh -W %h:%p [user@]host' (a jump host); use ProxyJump for anything else";
        List<String> argv;
        try {
            argv = new ArrayList<>(Shlex.split(cmd));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(refusal);
        }
        if (!argv.isEmpty() && argv.get(0).equals("exec")) {
            argv.remove(0);
        }
        if (argv.isEmpty() || !(argv.get(0).equals("ssh") || argv.get(0).endsWith("/ssh"))) {
            throw new IllegalArgumentException(refusal);
        }
        List<SshConfig.Directive> opts = new ArrayList<>();
        List<Spec> before = new ArrayList<>();
        String host = null;
        boolean forward = false;
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (!a.startsWith("-")) {
                if (host != null) {
                    throw new IllegalArgumentException(refusal);
                }
                host = a;
                continue;
            }
            char f = a.length() > 1 ? a.charAt(1) : '-';
            if ("qTNxaCAnv46".indexOf(f) >= 0 && a.chars().skip(1).allMatch(c -> "qTNxaCAnv46".indexOf(c) >= 0)) {
                continue;
            }
            if ("WlpioJ".indexOf(f) < 0) {
                throw new IllegalArgumentException(refusal);
            }
            String v = a.length() > 2 ? a.substring(2) : i + 1 < argv.size() ? argv.get(++i) : null;
            if (v == null) {
                throw new IllegalArgumentException(refusal);
            }
            switch (f) {
                case 'W' -> {
                    if (!v.equals("%h:%p") && !v.equals("[%h]:%p")) {
                        throw new IllegalArgumentException(refusal);
                    }
                    forward = true;
                }
                case 'l' -> opts.add(SshConfig.Directive.always("user", List.of(v), d.where()));
                case 'p' -> opts.add(SshConfig.Directive.always("port", List.of(v), d.where()));
                case 'i' -> opts.add(SshConfig.Directive.always("identityfile", List.of(v), d.where()));
                case 'J' -> before.addAll(proxyJump(SshConfig.Directive.always("proxyjump", List.of(v), d.where())));
                default -> {
                    SshArgs o = SshArgs.parse(List.of(d.where()), List.of("-o " + Shell.quote(v)));
                    opts.addAll(o.options());
                }
            }
        }
        if (!forward || host == null) {
            throw new IllegalArgumentException(refusal);
        }
        int at = host.lastIndexOf('@');
        if (at >= 0) {
            opts.add(0, SshConfig.Directive.always("user", List.of(host.substring(0, at)), d.where()));
            host = host.substring(at + 1);
        }
        before.add(new Spec(host, opts));
        return before;
    }

    private static String textOr(String s) {
        return s == null ? "" : s;
    }

    static int integer(String host, ConnectionVar setting, String text) {
        String problem = setting.problem(setting.mainName(), text);
        if (problem != null) {
            throw new IllegalArgumentException("host " + host + ": " + problem);
        }
        return Integer.parseInt(text.strip());
    }
}
