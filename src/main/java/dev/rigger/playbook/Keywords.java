package dev.rigger.playbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The keywords Ansible 2.14 accepts on plays, blocks, tasks and role entries, and a did-you-mean for a typo. */
final class Keywords {

    static final Set<String> PLAY_KEYS = Set.of("name", "hosts", "vars", "vars_files", "vars_prompt", "roles",
            "pre_tasks", "tasks", "post_tasks", "handlers", "become", "become_user", "become_method", "become_flags",
            "gather_facts", "serial", "strategy", "any_errors_fatal", "max_fail_percentage", "tags", "environment",
            "force_handlers", "ignore_errors", "no_log", "check_mode", "diff", "order", "remote_user", "connection",
            "port", "collections", "module_defaults", "gather_subset", "gather_timeout", "fact_path", "run_once",
            "throttle", "timeout", "debugger", "ignore_unreachable", "become_exe");

    static final Set<String> TASK_KEYS = Set.of("name", "when", "loop", "loop_control", "register", "notify",
            "listen", "tags", "ignore_errors", "ignore_unreachable", "failed_when", "changed_when", "become",
            "become_user", "become_method", "become_flags", "become_exe", "environment", "retries", "until", "delay",
            "check_mode", "diff", "no_log", "vars", "args", "delegate_to", "delegate_facts", "run_once",
            "any_errors_fatal", "throttle", "timeout", "debugger", "collections", "module_defaults", "connection",
            "remote_user", "port", "async", "poll");

    static final Set<String> BLOCK_KEYS = Set.of("block", "rescue", "always", "name", "when", "tags", "become",
            "become_user", "become_method", "become_flags", "environment", "ignore_errors", "no_log", "vars",
            "check_mode", "diff", "any_errors_fatal", "delegate_to", "delegate_facts", "run_once", "collections",
            "module_defaults",
            "ignore_unreachable", "throttle", "timeout", "debugger", "notify", "remote_user", "connection", "port",
            "become_exe");

    static final Set<String> ROLE_REF_KEYS = Set.of("role", "name", "vars", "when", "tags", "become", "become_user",
            "become_method", "environment", "ignore_errors", "no_log", "check_mode", "diff", "any_errors_fatal",
            "delegate_to", "delegate_facts", "connection", "remote_user", "port", "collections", "run_once",
            "throttle");

    static final Set<String> SPECIAL_ACTIONS = Set.of("block", "include_tasks", "import_tasks", "include_role",
            "import_role", "meta", "include", "import_playbook", "include_vars_placeholder");

    static final Set<String> META_ACTIONS = Set.of("flush_handlers", "end_play", "end_host", "end_batch", "noop",
            "clear_facts", "clear_host_errors", "refresh_inventory", "reset_connection", "role_complete");

    /**
     * Keywords Ansible has that rigger does not run yet: a task (or block) with one loads with a warning, and a host
     * that runs it fails, saying so, rather than running it differently (see {@link #unimplemented}).
     */
    static final Set<String> UNSUPPORTED = Set.of("ignore_unreachable", "module_defaults");

    /** The warning, and a host's failure, for a handler that runs once (set on it, or a block or play around it). */
    static final String HANDLER_RUN_ONCE = "'run_once' on a handler is Ansible's but rigger does not implement "
            + "it: Ansible runs such a handler on one notified host per pass and leaves the others notified for a "
            + "later one, so which hosts run it depends on how the flushes fall; a host that runs this handler fails "
            + "rather than run it differently";

    private Keywords() {
    }

    /** The {@link #UNSUPPORTED} keywords {@code m} sets. */
    static List<String> unimplemented(Map<String, Object> m) {
        List<String> out = new ArrayList<>();
        for (String k : m.keySet()) {
            if (UNSUPPORTED.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }

    /**
     * Keywords of Ansible's that rigger takes without doing what they ask, where the tasks' results stay the same:
     * each gets a one-line warning saying what rigger does instead, never silence.
     */
    static final Map<String, String> IGNORED = Map.of(
            "debugger", "rigger has no task debugger: a failure is reported as usual",
            "collections", "rigger resolves module names as ansible.builtin, the names ansible-core routes, and FQCNs",
            "become_exe", "rigger runs become through the method's usual command (sudo, su)",
            "vars_prompt", "rigger does not prompt: each variable takes its default (undefined without one) unless -e sets it",
            "gather_subset", "rigger gathers its own set of facts",
            "gather_timeout", "rigger gathers facts in one round trip with the connection's timeout",
            "fact_path", "rigger reads no local facts (facts.d)");

    /** One warning for each {@link #IGNORED} keyword {@code m} sets. */
    static void warnIgnored(dev.rigger.yaml.YMap m, Problems problems) {
        for (String k : m.keySet()) {
            String what = IGNORED.get(k);
            if (what != null) {
                problems.warn("'" + k + "' is Ansible's but rigger does not honour it: " + what, m.posOf(k));
            }
        }
    }

    /** The warning, and a host's failure, for a keyword of Ansible's that rigger does not implement yet. */
    static String unimplementedMessage(String keyword) {
        return "'" + keyword + "' is Ansible's but rigger does not implement it yet: a host that runs this task fails "
                + "rather than run it differently (run it with ansible-playbook, or keep it behind a when: that is "
                + "false on these hosts)";
    }

    /** A did-you-mean for the nearest of {@code valid} within two edits, or the empty text. */
    static String suggest(String k, Set<String> valid) {
        String best = null;
        int bestD = 3;
        for (String v : valid) {
            int d = distance(k, v);
            if (d < bestD) {
                bestD = d;
                best = v;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** {@code n} with the unimplemented keywords of a block or play around it handed to every task inside it. */
    static TaskNode marked(TaskNode n, List<String> keywords) {
        if (keywords.isEmpty()) {
            return n;
        }
        if (n instanceof Task t) {
            return t.withUnimplemented(keywords);
        }
        if (n instanceof Include i) {
            return new Include(i.kind(), i.task().withUnimplemented(keywords), i.baseDir());
        }
        if (n instanceof Block b) {
            return new Block(b.name(), b.pos(), b.attrs(), b.block().stream().map(c -> marked(c, keywords)).toList(),
                    b.rescue().stream().map(c -> marked(c, keywords)).toList(),
                    b.always().stream().map(c -> marked(c, keywords)).toList());
        }
        return n;
    }
}
