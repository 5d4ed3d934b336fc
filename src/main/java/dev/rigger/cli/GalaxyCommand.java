package dev.rigger.cli;

import dev.rigger.RiggerException;
import dev.rigger.config.Settings;
import dev.rigger.galaxy.RoleInstaller;
import dev.rigger.yaml.YamlLoader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rigger galaxy install}: ansible-galaxy's role install for git and tarball sources. */
@Command(name = "galaxy", mixinStandardHelpOptions = true,
        description = "Install roles from git repositories or tarballs (like ansible-galaxy role install).",
        subcommands = {GalaxyCommand.Install.class},
        footer = {"", "Examples:", "  rigger galaxy install -r requirements.yml",
                "  rigger galaxy install git+https://git.example.org/lab/cuda-role.git,v1.2,cuda -p roles"})
public final class GalaxyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code rigger galaxy install [-r FILE] [ROLE...]}. */
    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Install roles: src as a git URL (git+URL, or scm: git) or a local tarball.")
    static final class Install implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-r", "--role-file"}, paramLabel = "FILE", description = "a requirements.yml")
        Path roleFile;

        @Option(names = {"-p", "--roles-path"}, paramLabel = "PATH",
                description = "where to install (default: the first roles_path entry)")
        Path rolesPath;

        @Option(names = {"-f", "--force"}, description = "reinstall a role that is there")
        boolean force;

        @Option(names = {"-i", "--ignore-errors"}, description = "go on after a role that fails")
        boolean ignoreErrors;

        @Parameters(paramLabel = "ROLE", arity = "0..*", description = "src[,version[,name]] entries")
        List<String> roles = new ArrayList<>();

        @Override
        public Integer call() {
            PrintStream out = CliStreams.of(spec.commandLine().getOut());
            PrintStream err = CliStreams.of(spec.commandLine().getErr());
            Settings s = Main.settings(spec);
            try {
                List<RoleInstaller.Requirement> reqs = new ArrayList<>();
                if (roleFile != null) {
                    if (!Files.isRegularFile(roleFile)) {
                        throw new RiggerException("the requirements file '" + roleFile + "' does not exist");
                    }
                    reqs.addAll(RoleInstaller.parse(YamlLoader.load(roleFile), w -> err.println("[WARNING]: " + w)));
                }
                reqs.addAll(RoleInstaller.parse(new ArrayList<Object>(roles), w -> err.println("[WARNING]: " + w)));
                if (reqs.isEmpty()) {
                    err.println("ERROR! - you must specify a user/role name or a roles file");
                    return 5;
                }
                Path dir = rolesPath != null ? rolesPath : s.rolesPath().isEmpty()
                        ? Path.of(System.getProperty("user.home"), ".ansible/roles") : s.rolesPath().get(0);
                out.println("Starting galaxy role install process");
                boolean ok = new RoleInstaller(dir, force, out::println, w -> err.println("[WARNING]: " + w))
                        .install(reqs, ignoreErrors);
                out.flush();
                if (!ok && !ignoreErrors) {
                    err.println("ERROR! - you can use --ignore-errors to skip failed roles and finish processing "
                            + "the list.");
                    return 1;
                }
                return ok ? 0 : 1;
            } catch (RiggerException e) {
                err.println("ERROR! " + e.getMessage());
                return 1;
            }
        }
    }
}
