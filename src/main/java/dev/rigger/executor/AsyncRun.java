package dev.rigger.executor;

import dev.rigger.connection.UnreachableException;
import dev.rigger.module.AsyncModule;
import dev.rigger.module.AsyncStatusModule;
import dev.rigger.module.Module;
import dev.rigger.module.ModuleContext;
import dev.rigger.module.ModuleResult;
import dev.rigger.module.support.AsyncJob;
import dev.rigger.playbook.IntField;
import dev.rigger.playbook.Task;
import dev.rigger.template.Templar;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A task's {@code async}, {@code poll} and {@code timeout} around its module run, as ansible-core 2.14's
 * TaskExecutor does them. command and shell run detached on the rig ({@link AsyncJob}): {@code poll: 0} returns the
 * job's id at once, else rigger polls its job file every {@code poll} seconds until it finished or {@code async}
 * seconds passed. Other modules, which rigger runs from the controller, run synchronously under a limit of
 * {@code async} seconds when polled; fire-and-forget is refused for them. {@code timeout} bounds the module run
 * itself (for an async task: starting the job), as Ansible's alarm does.
 */
final class AsyncRun {
    /** Ansible's actions whose plugin does not support async ("async is not supported for this task."). */
    static final Set<String> NO_ASYNC = Set.of("add_host", "assemble", "assert", "async_status", "copy", "debug",
            "fail", "fetch", "gather_facts", "group_by", "include_vars", "pause", "raw", "script", "set_fact",
            "set_stats", "template", "unarchive", "validate_argument_spec", "wait_for_connection");
    /** Ansible's poll when the task sets none (DEFAULT_POLL_INTERVAL). */
    static final int DEFAULT_POLL = 15;

    private final Task task;
    private final HostLink link;
    private final Object asyncRaw;
    private final Object pollRaw;
    private final Object timeoutRaw;
    private int async;
    private int poll;
    private int timeout;

    AsyncRun(Task task, HostLink link, Templar templar, Map<String, Object> vars) {
        this.task = task;
        this.link = link;
        this.asyncRaw = task.async() == null ? null : templar.render(task.async(), vars);
        this.pollRaw = task.poll() == null ? null : templar.render(task.poll(), vars);
        this.timeoutRaw = task.attrs().timeout() == null ? null : templar.render(task.attrs().timeout(), vars);
    }

    /**
     * Why the task cannot run as asked, as Ansible says it before the module runs, or null: a value that is no int,
     * async on an action that does not take it, async in check mode, and rigger's own limit (fire-and-forget only for
     * command and shell).
     */
    ModuleResult refusal(Module module, boolean check) {
        Integer a = asyncRaw == null ? Integer.valueOf(0) : IntField.parse(asyncRaw);
        Integer p = pollRaw == null ? Integer.valueOf(DEFAULT_POLL) : IntField.parse(pollRaw);
        Integer to = timeoutRaw == null ? Integer.valueOf(0) : IntField.parse(timeoutRaw);
        if (a == null) {
            return ModuleResult.failed(IntField.message("async_val", asyncRaw));
        }
        if (p == null) {
            return ModuleResult.failed(IntField.message("poll", pollRaw));
        }
        if (to == null) {
            return ModuleResult.failed(IntField.message("timeout", timeoutRaw));
        }
        async = a;
        poll = p;
        timeout = to;
        if (async <= 0) {
            return null;
        }
        if (NO_ASYNC.contains(module.name()) || NO_ASYNC.contains(task.shortAction())) {
            return ModuleResult.failed("async is not supported for this task.");
        }
        if (check) {
            return ModuleResult.failed("check mode and async cannot be used on same task.");
        }
        if (poll <= 0 && !(module instanceof AsyncModule)) {
            return ModuleResult.failed("rigger runs async: " + async + ", poll: 0 only for command and shell yet: "
                    + task.shortAction() + " runs from the controller, so it cannot outlive the task (give it a "
                    + "poll, or run it with ansible-playbook)");
        }
        return null;
    }

    /** The module run with the task's async, poll and timeout ({@link #refusal} first). */
    ModuleResult run(Module module, Map<String, Object> args, ModuleContext mc) throws IOException {
        TaskDeadline limit = timeout > 0 ? new TaskDeadline(Duration.ofSeconds(timeout)) : null;
        ModuleContext bounded = limit == null ? mc : limit.around(mc);
        if (async <= 0) {
            return limit == null ? module.run(args, mc) : limit.run(() -> module.run(args, bounded), this::timedOut);
        }
        String dir = AsyncJob.dir(mc.vars());
        if (module instanceof AsyncModule am) {
            AsyncJob.Spec spec;
            try {
                spec = am.job(args);
            } catch (dev.rigger.RiggerException e) {
                return ModuleResult.failed(e.getMessage());
            }
            AsyncJob.Started[] started = new AsyncJob.Started[1];
            TaskDeadline.Work start = () -> {
                started[0] = AsyncJob.start(bounded, spec, dir, async);
                return null;
            };
            ModuleResult failed = limit == null ? start.run() : limit.run(start, this::timedOut);
            if (failed != null) {
                return failed;
            }
            return poll <= 0 ? launched(started[0]) : poll(started[0], dir, mc);
        }
        return synchronously(module, args, mc, limit, dir);
    }

    private ModuleResult timedOut() {
        return ModuleResult.failed("The " + task.action() + " action failed to execute in the expected time frame ("
                + timeout + ") and was terminated");
    }

    /** poll: 0, Ansible's result of the async_wrapper that started the job. */
    private static ModuleResult launched(AsyncJob.Started s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("failed", 0);
        d.put("started", 1);
        d.put("finished", 0);
        d.put("ansible_job_id", s.jid());
        d.put("results_file", s.resultsFile());
        return ModuleResult.changed(d);
    }

    /**
     * Ansible's _poll_async_result: sleep poll, read the job, until it finished or async seconds of polls passed; a
     * connection lost meanwhile is opened again and the job read again (it ran on, detached). A finished job's file is
     * removed, as Ansible's cleanup does.
     */
    private ModuleResult poll(AsyncJob.Started s, String dir, ModuleContext mc) throws IOException {
        int left = async;
        Map<String, Object> st = null;
        while (left > 0) {
            sleep(poll);
            left -= poll;
            try {
                st = AsyncJob.status(mc, dir, s.jid(), false);
            } catch (UnreachableException | HostLink.Lost e) {
                if (left <= 0) {
                    throw e; // as Ansible's poll: the last error once the time is up
                }
                try {
                    if (mc instanceof dev.rigger.module.system.Reconnector r) {
                        r.reconnect(Duration.ofSeconds(30)); // the task's own target (a delegated host too)
                    } else {
                        link.reconnect();
                    }
                } catch (IOException | HostLink.Lost notYet) {
                    // the next poll tries again
                }
                continue;
            }
            if (AsyncJob.truthy(st.get("finished")) || st.containsKey("failed") || st.containsKey("skipped")) {
                break;
            }
        }
        if (st == null || !AsyncJob.truthy(st.get("finished"))) {
            Map<String, Object> d = new LinkedHashMap<>();
            Map<String, Object> ar = new LinkedHashMap<>(st == null ? Map.of("ansible_job_id", s.jid(), "started", 1,
                    "finished", 0, "results_file", s.resultsFile()) : st);
            ar.put("invocation", Map.of("module_args", invocation(s)));
            d.put("async_result", ar);
            return ModuleResult.failed("async task did not complete within the requested time - " + async + "s", d);
        }
        try {
            AsyncJob.status(mc, dir, s.jid(), true);
        } catch (IOException e) {
            // the job's result is known; a file left behind is harmless
        }
        return AsyncStatusModule.result(st);
    }

    private static Map<String, Object> invocation(AsyncJob.Started s) {
        Map<String, Object> m = new LinkedHashMap<>();
        String f = s.resultsFile();
        m.put("_async_dir", f.endsWith("/" + s.jid()) ? f.substring(0, f.length() - s.jid().length() - 1) : f);
        m.put("jid", s.jid());
        m.put("mode", "status");
        return m;
    }

    /**
     * A module rigger runs from the controller, polled: run at once under a limit of async seconds (and the task's
     * timeout), its result with the keys Ansible's polled result has (the job's file, already cleaned up).
     */
    private ModuleResult synchronously(Module module, Map<String, Object> args, ModuleContext mc, TaskDeadline limit,
                                       String dir) throws IOException {
        String jid = "j" + java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000_000_000L) + "." + ProcessHandle.current().pid();
        String resultsFile = home(mc, dir) + "/" + jid;
        AsyncJob.Started s = new AsyncJob.Started(jid, resultsFile);
        TaskDeadline asyncLimit = new TaskDeadline(Duration.ofSeconds(async));
        ModuleContext inner = asyncLimit.around(limit == null ? mc : limit.around(mc));
        String[] over = {null};
        TaskDeadline.Work work = () -> asyncLimit.run(() -> module.run(args, inner), () -> {
            over[0] = "async";
            return null;
        });
        ModuleResult mr = limit == null ? work.run() : limit.run(work, () -> {
            over[0] = "timeout";
            return null;
        });
        if ("timeout".equals(over[0])) {
            return timedOut();
        }
        if ("async".equals(over[0])) {
            Map<String, Object> ar = new LinkedHashMap<>(base(s, 0));
            ar.put("invocation", Map.of("module_args", invocation(s)));
            return ModuleResult.failed("async task did not complete within the requested time - " + async + "s",
                    Map.of("async_result", ar));
        }
        Map<String, Object> d = base(s, 1);
        d.putAll(mr.data());
        return new ModuleResult(mr.status(), d, mr.diffs(), mr.facts(), mr.uncertain(), mr.factScope());
    }

    private static Map<String, Object> base(AsyncJob.Started s, int finished) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("ansible_job_id", s.jid());
        d.put("started", 1);
        d.put("finished", finished);
        d.put("results_file", s.resultsFile());
        d.put("stdout", "");
        d.put("stderr", "");
        d.put("stdout_lines", List.of());
        d.put("stderr_lines", List.of());
        return d;
    }

    /** The async directory as the rig's shell expands it (~ is the remote user's home). */
    private static String home(ModuleContext mc, String dir) throws IOException {
        if (!dir.startsWith("~")) {
            return dir;
        }
        String out = mc.run("printf '%s' \"$HOME\"").stdout();
        return out.isEmpty() ? dir : out + dir.substring(1);
    }

    private static void sleep(int seconds) {
        try {
            Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted();
        }
    }
}
