package dev.rigger.report;

import dev.rigger.api.HostStats;
import dev.rigger.api.RunListener;
import dev.rigger.api.RunResult;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.Diff;
import dev.rigger.api.TaskOutcome;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ansible-playbook's default output: banners, one line per host and task, diffs, and the PLAY RECAP. Colour only
 * when asked (on a terminal). Rig output is printed as escaped JSON, so it cannot drive the terminal.
 */
public final class ConsoleReporter implements RunListener {
    private static final int COLUMNS = 79;
    private static final String GREEN = "\033[0;32m";
    private static final String YELLOW = "\033[0;33m";
    private static final String RED = "\033[0;31m";
    private static final String CYAN = "\033[0;36m";
    private static final String PURPLE = "\033[1;35m";
    private static final String RESET = "\033[0m";
    private static final int MAX_FIELD = 64 * 1024;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean color;
    private final int verbosity;

    public ConsoleReporter(PrintStream out, PrintStream err, boolean color, int verbosity) {
        this.out = out;
        this.err = err;
        this.color = color;
        this.verbosity = verbosity;
    }

    private String c(String code, String text) {
        return color ? code + text + RESET : text;
    }

    private void banner(String msg) {
        int stars = Math.max(3, COLUMNS - msg.length());
        out.println();
        out.println(msg + " " + "*".repeat(stars));
    }

    @Override
    public void playbookStart(String path) {
        if (verbosity >= 2) {
            out.println("PLAYBOOK: " + path);
        }
    }

    @Override
    public void playStart(String name, List<String> hosts) {
        banner("PLAY [" + name + "]");
    }

    @Override
    public void noHostsMatched(String pattern) {
        out.println(c(CYAN, "skipping: no hosts matched"));
    }

    @Override
    public void noMoreHosts() {
        banner("NO MORE HOSTS LEFT");
    }

    @Override
    public void taskStart(TaskInfo task, List<String> hosts) {
        banner((task.handler() ? "RUNNING HANDLER [" : "TASK [") + task.label() + "]");
        if (verbosity >= 2) {
            out.println("task path: " + task.location());
        }
    }

    @Override
    public void included(String file, List<String> hosts) {
        out.println(c(CYAN, "included: " + file + " for " + String.join(", ", hosts)));
    }

    @Override
    public void retrying(TaskInfo task, String host, int retriesLeft) {
        out.println(c(RED, "FAILED - RETRYING: [" + host + "]: " + task.label() + " (" + retriesLeft
                + " retries left)."));
    }

    @Override
    public void warning(String message) {
        err.println(c(PURPLE, "[WARNING]: " + message));
    }

    @Override
    public void error(String message) {
        err.println(c(RED, "[ERROR]: " + message));
    }

    @Override
    public void itemResult(TaskInfo task, TaskOutcome o, String itemLabel) {
        String item = "(item=" + clean(itemLabel) + ")";
        if (o instanceof TaskOutcome.Changed ch) {
            printDiffs(ch);
            out.println(c(YELLOW, "changed: [" + o.hostLabel() + "] => " + item + details(task, o)));
        } else if (o instanceof TaskOutcome.Ok) {
            out.println(c(GREEN, "ok: [" + o.hostLabel() + "] => " + item + details(task, o)));
        } else if (o instanceof TaskOutcome.Skipped) {
            out.println(c(CYAN, "skipping: [" + o.hostLabel() + "] => " + item + " "));
        } else if (o instanceof TaskOutcome.Failed f) {
            out.println(c(RED, "failed: [" + o.hostLabel() + "] " + item + " => " + json(task, o.result(), 0)));
        }
    }

    @Override
    public void taskResult(TaskInfo task, TaskOutcome o) {
        boolean loop = o.result().containsKey("results") && o.result().get("results") instanceof List<?>;
        if (o instanceof TaskOutcome.Unreachable) {
            out.println(c(RED, "fatal: [" + o.hostLabel() + "]: UNREACHABLE! => " + json(task, o.result(), 0)));
            return;
        }
        if (o instanceof TaskOutcome.Failed f) {
            if (!loop) {
                out.println(c(RED, "fatal: [" + o.hostLabel() + "]: FAILED! => " + json(task, o.result(), 0)));
            }
            if (f.ignored()) {
                out.println(c(CYAN, "...ignoring"));
            }
            return;
        }
        if (loop) {
            if (o instanceof TaskOutcome.Skipped) {
                out.println(c(CYAN, "skipping: [" + o.hostLabel() + "]"));
            }
            return;
        }
        if (o instanceof TaskOutcome.Changed ch) {
            printDiffs(ch);
            out.println(c(YELLOW, "changed: [" + o.hostLabel() + "]" + details(task, o)));
        } else if (o instanceof TaskOutcome.Ok) {
            out.println(c(GREEN, "ok: [" + o.hostLabel() + "]" + details(task, o)));
        } else if (o instanceof TaskOutcome.Skipped) {
            out.println(c(CYAN, "skipping: [" + o.hostLabel() + "]" + (verbosity > 0 ? " => " + json(task, o.result(), 0)
                    : "")));
        }
    }

    private void printDiffs(TaskOutcome.Changed ch) {
        for (Diff d : ch.diffs()) {
            out.print(clean(d.text()));
        }
    }

    private String details(TaskInfo task, TaskOutcome o) {
        if (task.verbose()) {
            return " => " + json(task, o.result(), 4);
        }
        if (verbosity > 0) {
            return " => " + json(task, o.result(), 0);
        }
        return "";
    }

    private static final java.util.Set<String> DEBUG_ALLOWED = java.util.Set.of("msg", "exception", "warnings",
            "deprecations");

    private String json(TaskInfo task, Map<String, Object> result, int indent) {
        Map<String, Object> r = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : result.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("_ansible") || k.equals("invocation") && verbosity < 3 || k.equals("diff")) {
                continue;
            }
            if (k.equals("failed") || k.equals("skipped")) { // Ansible's TaskResult.clean_copy drops them
                continue;
            }
            if (task.verbose() && k.equals("changed") && Boolean.FALSE.equals(e.getValue())) {
                continue;
            }
            // Ansible's _clean_results: a debug msg stands alone (a loop item's item and ansible_loop_var go)
            if (task.verbose() && result.containsKey("msg") && !DEBUG_ALLOWED.contains(k) && !k.startsWith("_")) {
                continue;
            }
            r.put(k, bound(e.getValue()));
        }
        return Py.json(r, indent);
    }

    /** Very long output is cut for the console (the result itself is kept whole in reports). */
    private static Object bound(Object v) {
        if (v instanceof String s && s.length() > MAX_FIELD) {
            return s.substring(0, MAX_FIELD) + "\n[... " + (s.length() - MAX_FIELD) + " more characters not shown]";
        }
        if (v instanceof List<?> l && l.size() > 2000) {
            List<Object> cut = new java.util.ArrayList<>(l.subList(0, 2000));
            cut.add("[... " + (l.size() - 2000) + " more lines not shown]");
            return cut;
        }
        return v;
    }

    /** Removes terminal control characters (ESC etc.) from text that came from a rig. */
    static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\n' || ch == '\t' || ch >= 0x20 && ch != 0x7f) {
                b.append(ch);
            } else {
                b.append(String.format("\\x%02x", (int) ch));
            }
        }
        return b.toString();
    }

    @Override
    public void runEnd(RunResult result) {
        banner("PLAY RECAP");
        for (HostStats s : result.recap()) {
            String host = String.format("%-26s", s.host());
            String colored = s.failed() > 0 || s.unreachable() > 0 ? c(RED, host)
                    : s.changed() > 0 ? c(YELLOW, host) : c(GREEN, host);
            out.println(colored + " : " + String.format(
                    "ok=%-4s changed=%-4s unreachable=%-4s failed=%-4s skipped=%-4s rescued=%-4s ignored=%-4s",
                    s.ok(), s.changed(), s.unreachable(), s.failed(), s.skipped(), s.rescued(), s.ignored()));
        }
        out.println();
        if (result.interrupted()) {
            err.println("[ERROR]: User interrupted execution");
        }
        out.flush();
    }
}
