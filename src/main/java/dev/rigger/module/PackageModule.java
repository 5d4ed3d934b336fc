package dev.rigger.module;

import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ansible.builtin.package: the host's own package manager. Debian-family hosts (apt-get present) go to
 * {@link AptModule} with every argument passed through; other hosts fail with a clear message. As Ansible's package
 * action, it takes any argument at load time (a task for yum, {@code enablerepo: ...}, loads and is skipped on
 * Debian by its {@code when}); an argument apt does not know fails on the host that runs it, with Ansible's message.
 */
public final class PackageModule extends BaseModule {
    private final AptModule apt;

    public PackageModule(AptModule apt) {
        this.apt = apt;
    }

    @Override
    public String name() {
        return "package";
    }

    @Override
    public ModuleSpec spec() {
        ModuleSpec aptSpec = apt.spec();
        java.util.Set<String> args = new java.util.LinkedHashSet<>(aptSpec.args());
        args.add("use");
        return new ModuleSpec(args, aptSpec.aliases(), java.util.Set.of("name", "state"), false, java.util.Set.of(),
                true, ModuleSpec.CheckMode.FULL, aptSpec.types(), aptSpec.rules());
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String use = a.str("use", "auto");
        if (!use.equals("auto") && !use.equals("apt")) {
            return ModuleResult.failed("package: use=" + use + " is not supported by rigger; only apt (or auto) is");
        }
        if (use.equals("auto") && ctx.run("command -v apt-get >/dev/null 2>&1").rc() != 0) {
            return ModuleResult.failed("package: no supported package manager on " + ctx.hostName()
                    + " (rigger drives apt-get only); install packages with the command module there");
        }
        java.util.Set<String> aptArgs = apt.spec().args();
        java.util.List<String> unknown = a.names().stream().filter(k -> !k.equals("use") && !aptArgs.contains(k))
                .sorted().toList();
        if (!unknown.isEmpty()) {
            return ModuleResult.failed("Unsupported parameters for (ansible.legacy.apt) module: "
                    + String.join(", ", unknown) + ". Supported parameters include: "
                    + String.join(", ", new java.util.TreeSet<>(aptArgs)) + " ("
                    + String.join(", ", new java.util.TreeSet<>(apt.spec().aliases().keySet())) + ").");
        }
        Map<String, Object> pass = new LinkedHashMap<>();
        for (String k : apt.spec().args()) {
            if (a.has(k)) {
                pass.put(k, a.raw(k));
            }
        }
        return apt.run(pass, ctx);
    }
}
