package dev.rigger.module;

import dev.rigger.module.support.Args;
import dev.rigger.module.support.AsyncJob;
import dev.rigger.module.support.BaseModule;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ansible.builtin.async_status: the state of an async job from its job file on the rig ({@link AsyncJob}), or with
 * {@code mode: cleanup} the file removed. The result is the job's (the command module's keys once it finished) with
 * started, finished, ansible_job_id and results_file; a failed job fails the task. Skipped in check mode, as
 * Ansible's remote module does not support it.
 */
public final class AsyncStatusModule extends BaseModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .required("jid")
            .args("mode")
            .choices("mode", "cleanup", "status")
            .checkMode(ModuleSpec.CheckMode.PARTIAL)
            .build();

    @Override
    public String name() {
        return "async_status";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String jid = a.str("jid");
        boolean cleanup = a.choice("mode", "status").equals("cleanup");
        String dir = AsyncJob.dir(ctx.vars());
        if (ctx.checkMode()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("ansible_job_id", jid);
            d.put("started", cleanup ? 0 : 1);
            d.put("finished", 0);
            d.put(cleanup ? "erased" : "results_file", dir + "/" + jid);
            d.put("stdout", "");
            d.put("stderr", "");
            d.put("stdout_lines", java.util.List.of());
            d.put("stderr_lines", java.util.List.of());
            d.put("msg", "remote module (ansible.legacy.async_status) does not support check mode");
            return new ModuleResult(ModuleResult.Status.SKIPPED, d, null, null, false);
        }
        return result(AsyncJob.status(ctx, dir, jid, cleanup));
    }

    /** A job's status as a module result: failed and changed as the job's result says. */
    public static ModuleResult result(Map<String, Object> status) {
        Map<String, Object> d = new LinkedHashMap<>(status);
        boolean failed = AsyncJob.truthy(d.remove("failed"));
        boolean changed = AsyncJob.truthy(d.get("changed"));
        if (!failed) {
            d.remove("changed");
        }
        if (AsyncJob.truthy(d.remove("skipped"))) {
            return new ModuleResult(ModuleResult.Status.SKIPPED, d, null, null, false);
        }
        if (failed) {
            d.put("changed", changed); // a failed command says it changed the host (it ran)
            return new ModuleResult(ModuleResult.Status.FAILED, d, null, null, false);
        }
        return ModuleResult.of(changed, d);
    }
}
