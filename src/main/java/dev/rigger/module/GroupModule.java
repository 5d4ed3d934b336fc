package dev.rigger.module;

import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ansible.builtin.group: getent to inspect, groupadd/groupmod/groupdel to change. */
public final class GroupModule extends BaseModule {

    @Override
    public String name() {
        return "group";
    }

    @Override
    public ModuleSpec spec() {
        return ModuleSpec.builder().required("name")
                .choices("state", "absent", "present")
                .bool("system", "local", "non_unique")
                .integer("gid")
                .requiredIf("non_unique", true, "gid")
                .build();
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String name = a.required("name");
        String state = a.choice("state", "present");
        Integer gid = a.integer("gid");
        boolean system = a.bool("system", false);
        ExecResult r = ctx.run("getent group " + Shell.quote(name));
        String[] cur = r.ok() && !r.stdout().isBlank() ? r.stdout().trim().split(":", -1) : null;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", name);
        data.put("state", state);
        if (state.equals("absent")) {
            if (cur == null) {
                return ModuleResult.ok(data);
            }
            if (!ctx.checkMode()) {
                ExecResult d = ctx.run("groupdel " + Shell.quote(name));
                if (!d.ok()) {
                    return ModuleResult.failed("group: groupdel " + name + " failed on " + ctx.hostName() + ": "
                            + d.stderr().trim(), data);
                }
            }
            return ModuleResult.changed(data);
        }
        data.put("system", system);
        List<String> argv = new ArrayList<>();
        if (cur == null) {
            argv.add("groupadd");
            if (gid != null) {
                argv.addAll(List.of("-g", gid.toString()));
            }
            if (system) {
                argv.add("-r");
            }
        } else if (gid != null && !String.valueOf(gid).equals(cur[2])) {
            argv.addAll(List.of("groupmod", "-g", gid.toString()));
        } else {
            data.put("gid", Integer.parseInt(cur[2]));
            return ModuleResult.ok(data);
        }
        if (gid != null && a.bool("non_unique", false)) {
            argv.add("-o");
        }
        argv.add(name);
        if (ctx.checkMode()) {
            if (gid != null) {
                data.put("gid", gid);
            }
            return ModuleResult.changed(data);
        }
        ExecResult c = ctx.run(Shell.join(argv) + " && getent group " + Shell.quote(name));
        if (!c.ok()) {
            return ModuleResult.failed("group: '" + String.join(" ", argv) + "' failed on " + ctx.hostName() + ": "
                    + c.stderr().trim(), data);
        }
        data.put("gid", Integer.parseInt(c.stdout().trim().split(":", -1)[2]));
        return ModuleResult.changed(data);
    }
}
