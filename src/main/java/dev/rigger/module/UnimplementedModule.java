package dev.rigger.module;

import java.util.Map;

/**
 * A module that is Ansible's but that rigger does not implement (yet): the task loads (its arguments checked
 * against Ansible's option names), {@code --syntax-check} warns about it, and a host that runs it fails, saying so.
 * Hosts that skip it (a RedHat branch under {@code when:} on Debian) never notice.
 */
public final class UnimplementedModule implements Module {
    private final AnsibleCatalog.Entry entry;
    private final ModuleSpec spec;

    public UnimplementedModule(AnsibleCatalog.Entry entry) {
        this.entry = entry;
        ModuleSpec.Builder b = ModuleSpec.builder().args(entry.args().toArray(String[]::new));
        entry.aliases().forEach(b::alias);
        if (entry.freeForm()) {
            b.freeForm();
        }
        this.spec = b.build();
    }

    /** The module's FQCN. */
    public String fqcn() {
        return entry.fqcn();
    }

    @Override
    public String name() {
        return entry.shortName();
    }

    @Override
    public ModuleSpec spec() {
        return spec;
    }

    @Override
    public ModuleResult run(Map<String, Object> args, ModuleContext ctx) {
        return ModuleResult.failed(message(entry.fqcn()) + " (task at " + ctx.pos() + ")");
    }

    /** What a host that runs such a task, and --syntax-check, say. */
    public static String message(String fqcn) {
        return "rigger does not implement the Ansible module '" + fqcn + "' yet: a host that runs this task fails "
                + "(run it with ansible-playbook, or keep it behind a when: that is false on these hosts)";
    }
}
