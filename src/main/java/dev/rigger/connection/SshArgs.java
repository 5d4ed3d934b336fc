package dev.rigger.connection;

import dev.rigger.Shlex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The ssh options Ansible adds to its command line from {@code ansible_ssh_common_args} and
 * {@code ansible_ssh_extra_args}: {@code -F file}, {@code -o Key=Value}, {@code -J hops}, {@code -i key},
 * {@code -l user}, {@code -p port}. They come after Ansible's own options (user, port, key, timeout), so those win,
 * and before the config files. Other flags ({@code -C}, {@code -q}, {@code -o ControlMaster=...}) change nothing
 * rigger does and are skipped.
 *
 * @param configFile the {@code -F} file, or null; {@code none} reads no file
 * @param options    the options, as directives that apply to every host, first wins
 */
public record SshArgs(String configFile, List<SshConfig.Directive> options) {
    /** ssh's flags that take an argument (the argument is skipped with the flag). */
    private static final Set<Character> WITH_ARG = Set.of('b', 'B', 'c', 'D', 'E', 'e', 'I', 'L', 'm', 'O', 'Q', 'R',
            'S', 'W', 'w');

    public SshArgs {
        options = List.copyOf(options);
    }

    public static SshArgs none() {
        return new SshArgs(null, List.of());
    }

    /** Parses each text in turn ({@code name} is the variable it came from, for messages). */
    public static SshArgs parse(List<String> names, List<String> texts) {
        String config = null;
        List<SshConfig.Directive> out = new ArrayList<>();
        for (int t = 0; t < texts.size(); t++) {
            String text = texts.get(t);
            if (text == null || text.isBlank()) {
                continue;
            }
            String where = names.get(t);
            List<String> argv;
            try {
                argv = Shlex.split(text);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(where + " cannot be split into arguments: " + e.getMessage());
            }
            for (int i = 0; i < argv.size(); i++) {
                String a = argv.get(i);
                if (!a.startsWith("-") || a.length() < 2) {
                    continue;
                }
                char f = a.charAt(1);
                String value = a.length() > 2 ? a.substring(2) : null;
                boolean takes = "FoJilp".indexOf(f) >= 0 || WITH_ARG.contains(f);
                if (takes && value == null) {
                    if (i + 1 >= argv.size()) {
                        throw new IllegalArgumentException(where + ": " + a + " needs a value");
                    }
                    value = argv.get(++i);
                }
                switch (f) {
                    case 'F' -> config = config == null ? value : config;
                    case 'o' -> out.add(option(value, where));
                    case 'J' -> out.add(SshConfig.Directive.always("proxyjump", List.of(value), where));
                    case 'i' -> out.add(SshConfig.Directive.always("identityfile", List.of(value), where));
                    case 'l' -> out.add(SshConfig.Directive.always("user", List.of(value), where));
                    case 'p' -> out.add(SshConfig.Directive.always("port", List.of(value), where));
                    default -> {
                        // a flag that does not change how rigger connects
                    }
                }
            }
        }
        return new SshArgs(config, out);
    }

    /** {@code Key=Value} or {@code Key Value}, as ssh's {@code -o}. */
    private static SshConfig.Directive option(String text, String where) {
        String s = text.strip();
        int cut = 0;
        while (cut < s.length() && !Character.isWhitespace(s.charAt(cut)) && s.charAt(cut) != '=') {
            cut++;
        }
        String rest = s.substring(cut).strip();
        if (rest.startsWith("=")) {
            rest = rest.substring(1).strip();
        }
        List<String> args = SshConfig.words(rest);
        String key = s.substring(0, cut).toLowerCase(Locale.ROOT);
        if (key.equals("proxycommand")) {
            args = List.of(rest); // a command line, split later
        }
        return SshConfig.Directive.always(key, args, where + " -o " + s.substring(0, cut));
    }

    /** The config files ssh reads with these arguments: the {@code -F} file alone, or the user's then the system's. */
    public List<SshConfig.Source> sources(Path userConfig, Path systemConfig) {
        Path sshDir = Path.of(System.getProperty("user.home"), ".ssh");
        if (configFile != null) {
            return configFile.equalsIgnoreCase("none") ? List.of()
                    : List.of(new SshConfig.Source(Path.of(SshHostConfig.tilde(configFile)), sshDir));
        }
        List<SshConfig.Source> out = new ArrayList<>();
        if (userConfig != null) {
            out.add(new SshConfig.Source(userConfig, userConfig.toAbsolutePath().getParent()));
        }
        if (systemConfig != null) {
            out.add(new SshConfig.Source(systemConfig, systemConfig.toAbsolutePath().getParent()));
        }
        return out;
    }
}
