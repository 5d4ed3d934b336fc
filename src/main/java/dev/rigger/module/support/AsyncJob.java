package dev.rigger.module.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rigger.connection.Command;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.ModuleContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command run on the rig detached from the connection, as Ansible's async_wrapper runs a module: the job file
 * {@code <async_dir>/<jid>} holds {@code {"started": 1, "finished": 0, "ansible_job_id": jid}} while it runs and the
 * command module's result (JSON) once it is done; a watchdog kills the job's process group when it outlives its
 * time limit (after {@code {"msg": "Timeout exceeded", "failed": true, "child_pid": pid}} is written), checking every
 * five seconds as async_wrapper does. Plain shell, setsid and awk on the rig; no Python.
 */
public final class AsyncJob {
    /** Ansible's default async_dir (the shell plugin's option, the {@code ansible_async_dir} variable). */
    public static final String DEFAULT_DIR = "~/.ansible_async";
    private static final String NO_SETSID = "__rigger_no_setsid_7f3a__";

    /**
     * What a job runs.
     *
     * @param script the shell text (run by /bin/sh with {@code stdin} as its input)
     * @param stdin  bytes for its standard input, or null
     * @param strip  rstrip newlines from stdout and stderr (command's strip_empty_ends)
     * @param keys   the result's keys known before it runs (cmd), as JSON members ({@code "cmd": [...]})
     * @param early  a marker the script prints alone on stdout when it stops early, and the job file's JSON for it
     */
    public record Spec(String script, byte[] stdin, boolean strip, String keys, Map<String, String> early) {
        public Spec {
            early = Map.copyOf(early);
        }
    }

    /** A started job: Ansible's id and the job file's path on the rig. */
    public record Started(String jid, String resultsFile) {
    }

    private AsyncJob() {
    }

    /** The async directory for a task: {@code ansible_async_dir} when set, else Ansible's default. */
    public static String dir(Map<String, Object> vars) {
        Object v = vars.get("ansible_async_dir");
        return v == null || String.valueOf(v).isBlank() ? DEFAULT_DIR : String.valueOf(v);
    }

    /** A path for the rig's shell, a leading ~ standing for $HOME. */
    static String shellPath(String path) {
        if (path.equals("~")) {
            return "\"$HOME\"";
        }
        if (path.startsWith("~/")) {
            return "\"$HOME\"/" + Shell.quote(path.substring(2));
        }
        return Shell.quote(path);
    }

    /**
     * Starts {@code spec} detached on the rig with the task's become and environment, killed after {@code limit}
     * seconds.
     *
     * @throws IOException when the job could not be started (the message says why)
     */
    public static Started start(ModuleContext ctx, Spec spec, String dir, int limit) throws IOException {
        String jid = "j" + java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000_000_000L);
        StringBuilder s = new StringBuilder();
        s.append("command -v setsid >/dev/null 2>&1 || { printf '%s' ").append(NO_SETSID).append("; exit 4; }\n");
        s.append("d=").append(shellPath(dir)).append("\n");
        s.append("mkdir -p \"$d\" || exit 3\n");
        s.append("jid=").append(jid).append(".$$; j=\"$d/$jid\"; t=\"$d/.$jid.rigger\"\n");
        s.append("mkdir -m 700 \"$t\" || exit 3\n"); // the command's stdin waits there

        s.append("cat > \"$t/in\"\n");
        s.append("printf '%s' ").append(Shell.quote(spec.script())).append(" > \"$t/job\"\n");
        s.append("printf '%s' ").append(Shell.quote(runScript(spec))).append(" > \"$t/run\"\n");
        s.append("printf '%s' ").append(Shell.quote(WATCH)).append(" > \"$t/watch\"\n");
        s.append("printf '{\"started\": 1, \"finished\": 0, \"ansible_job_id\": \"%s\"}' \"$jid\" > \"$j.tmp\"")
                .append(" && mv -f \"$j.tmp\" \"$j\" || exit 3\n");
        s.append("( setsid /bin/sh \"$t/watch\" \"$j\" \"$t\" ").append(limit)
                .append(" </dev/null >/dev/null 2>&1 & )\n");
        s.append("printf '%s\\n%s\\n' \"$jid\" \"$j\"\n");
        Command c = ctx.command(s.toString()).withStdin(spec.stdin() == null ? new byte[0] : spec.stdin());
        ExecResult r = ctx.connection().exec(c);
        if (r.stdout().startsWith(NO_SETSID)) {
            throw new IOException("rigger runs an async job with setsid, which this host lacks (util-linux)");
        }
        List<String> lines = r.stdout().lines().toList();
        if (r.rc() != 0 || lines.size() < 2) {
            throw new IOException("could not start the async job in " + dir + ": " + r.stderr().strip());
        }
        return new Started(lines.get(0), lines.get(1));
    }

    /** The job's runner: the script, then its result as the command module writes it, into the job file. */
    private static String runScript(Spec spec) {
        StringBuilder s = new StringBuilder();
        s.append("j=$1; t=$2\n");
        s.append("t0=$(date '+%s %N %Y-%m-%d %H:%M:%S')\n");
        s.append("/bin/sh \"$t/job\" < \"$t/in\" > \"$t/out\" 2> \"$t/err\"; rc=$?\n");
        s.append("t1=$(date '+%s %N %Y-%m-%d %H:%M:%S')\n");
        s.append("o=$(head -c 64 \"$t/out\")\n");
        s.append("case \"$o\" in\n");
        spec.early().forEach((marker, json) -> s.append(Shell.quote(marker)).append(") printf '%s' ")
                .append(Shell.quote(json)).append(" > \"$j.tmp\" ;;\n"));
        s.append("*) {\n");
        s.append("printf '{%s, \"rc\": %d, ' ").append(Shell.quote(spec.keys())).append(" \"$rc\"\n");
        s.append("printf '\"stdout\": \"'; ").append(escape("out", spec.strip()))
                .append("; printf '\", \"stderr\": \"'; ").append(escape("err", spec.strip())).append("\n");
        s.append("printf '\", '; printf '%s\\n%s\\n' \"$t0\" \"$t1\" | LC_ALL=C awk ").append(Shell.quote(TIMES))
                .append("\n");
        s.append("if [ \"$rc\" -ne 0 ]; then printf ', \"failed\": true, \"msg\": \"non-zero return code\"}';")
                .append(" else printf ', \"msg\": \"\"}'; fi\n");
        s.append("} > \"$j.tmp\" ;;\nesac\n");
        s.append("mv -f \"$j.tmp\" \"$j\"; : > \"$t/done\"\n");
        return s.toString();
    }

    private static String escape(String file, boolean strip) {
        String f = "\"$t/" + file + "\"";
        return "nl=0; [ -s " + f + " ] && [ -z \"$(tail -c 1 " + f + ")\" ] && nl=1; LC_ALL=C awk -v strip="
                + (strip ? 1 : 0) + " -v nl=\"$nl\" " + Shell.quote(ESCAPE) + " " + f;
    }

    /** JSON string content of a file, stripped of trailing newlines (and CRs) when asked, as Python writes it. */
    private static final String ESCAPE = String.join("\n",
            "function esc(s,   o, c) {",
            "  o = \"\"",
            "  while (match(s, special)) { c = substr(s, RSTART, 1); o = o substr(s, 1, RSTART - 1) rep[c];"
                    + " s = substr(s, RSTART + 1) }",
            "  return o s",
            "}",
            "BEGIN {",
            "  special = \"[\\\"\\\\\\\\\"",
            "  for (i = 1; i < 32; i++) { c = sprintf(\"%c\", i); rep[c] = sprintf(\"\\\\u%04x\", i);"
                    + " special = special c }",
            "  special = special \"]\"",
            "  rep[\"\\\"\"] = \"\\\\\\\"\"; rep[\"\\\\\"] = \"\\\\\\\\\"; rep[\"\\n\"] = \"\\\\n\";"
                    + " rep[\"\\r\"] = \"\\\\r\"; rep[\"\\t\"] = \"\\\\t\"; rep[\"\\b\"] = \"\\\\b\";"
                    + " rep[\"\\f\"] = \"\\\\f\"",
            "  pend = \"\"",
            "}",
            "{",
            "  if (NR > 1) pend = pend \"\\n\"",
            "  line = $0",
            "  if (match(line, /\\r+$/)) { tail = substr(line, RSTART); line = substr(line, 1, RSTART - 1) }"
                    + " else tail = \"\"",
            "  if (line != \"\") { printf \"%s\", esc(pend line); pend = \"\" }",
            "  pend = pend tail",
            "}",
            "END { if (!strip) printf \"%s\", esc(pend (nl ? \"\\n\" : \"\")) }");

    /** start, end and delta from two lines of {@code date '+%s %N %Y-%m-%d %H:%M:%S'} (%N may be unsupported). */
    private static final String TIMES = String.join("\n",
            "{ s[NR] = $1; n[NR] = ($2 ~ /^[0-9]+$/) ? $2 : \"000000000\"; d[NR] = $3 \" \" $4 }",
            "END {",
            "  us = (s[2] - s[1]) * 1000000 + int(substr(n[2], 1, 6)) - int(substr(n[1], 1, 6))",
            "  if (us < 0) us = 0",
            "  sec = int(us / 1000000)",
            "  printf \"\\\"start\\\": \\\"%s.%s\\\", \\\"end\\\": \\\"%s.%s\\\", \\\"delta\\\": \\\"%d:%02d:%02d.%06d\\\"\","
                    + " d[1], substr(n[1], 1, 6), d[2], substr(n[2], 1, 6), int(sec / 3600), int(sec / 60) % 60,"
                    + " sec % 60, us % 1000000",
            "}");

    /** The watchdog: runs the job in its own process group, kills the group after the limit, as async_wrapper. */
    private static final String WATCH = String.join("\n",
            "j=$1; t=$2; rem=$3",
            "setsid /bin/sh \"$t/run\" \"$j\" \"$t\" </dev/null >/dev/null 2>&1 &",
            "pid=$!",
            "sleep 5",
            "while [ ! -e \"$t/done\" ] && kill -0 \"$pid\" 2>/dev/null; do",
            "  sleep 5",
            "  rem=$((rem - 5))",
            "  if [ \"$rem\" -le 0 ] && [ ! -e \"$t/done\" ]; then",
            "    printf '{\"msg\": \"Timeout exceeded\", \"failed\": true, \"child_pid\": %s}' \"$pid\" > \"$j.tmp\""
                    + " && mv -f \"$j.tmp\" \"$j\"",
            "    kill -9 -\"$pid\" 2>/dev/null",
            "    sleep 1",
            "    break",
            "  fi",
            "done",
            "rm -rf \"$t\"",
            "");

    /**
     * Ansible's async_status (action and module) for {@code jid}: the job file read on the rig, with the keys the
     * action adds (started, finished, ansible_job_id, results_file, stdout/stderr and their lines), or with
     * {@code cleanup} the file removed ({@code erased}). {@code failed}/{@code changed} say how it ended.
     */
    public static Map<String, Object> status(ModuleContext ctx, String dir, String jid, boolean cleanup)
            throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("started", 0);
        r.put("finished", 0);
        r.put("stdout", "");
        r.put("stderr", "");
        r.put("stdout_lines", List.of());
        r.put("stderr_lines", List.of());
        r.put("ansible_job_id", jid);
        String script = "d=" + shellPath(dir) + "; j=\"$d\"/" + Shell.quote(jid) + "; printf '%s\\n' \"$j\"; "
                + "[ -f \"$j\" ] || exit 3; " + (cleanup ? "rm -f \"$j\" || exit 4" : "cat \"$j\"");
        ExecResult e = ctx.run(script);
        String out = e.stdout();
        int nl = out.indexOf('\n');
        String path = nl < 0 ? dir + "/" + jid : out.substring(0, nl);
        String body = nl < 0 ? "" : out.substring(nl + 1);
        if (cleanup) {
            r.put("erased", path);
        } else {
            r.put("results_file", path);
            r.put("started", 1);
        }
        if (e.rc() == 3) {
            r.put("started", 1);
            r.put("finished", 1);
            r.put("failed", true);
            r.put("msg", "could not find job");
            return r;
        }
        if (e.rc() != 0) {
            r.put("failed", true);
            r.put("msg", (cleanup ? "could not remove " : "could not read ") + path + ": " + e.stderr().strip());
            return r;
        }
        if (cleanup) {
            return r;
        }
        Map<String, Object> data = parse(body);
        if (data == null) {
            if (body.isBlank()) {
                return r; // not written yet: running
            }
            r.put("failed", true);
            r.put("msg", "Could not parse job output: " + body);
            r.put("finished", 1);
            return r;
        }
        if (!data.containsKey("started")) {
            data.put("finished", 1);
            data.put("ansible_job_id", jid);
        } else if (!data.containsKey("finished")) {
            data.put("finished", 0);
        }
        if (data.get("stdout") != null && !data.containsKey("stdout_lines")) {
            data.put("stdout_lines", String.valueOf(data.get("stdout")).lines().toList());
        }
        if (data.get("stderr") != null && !data.containsKey("stderr_lines")) {
            data.put("stderr_lines", String.valueOf(data.get("stderr")).lines().toList());
        }
        r.putAll(data);
        return r;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String body) {
        try {
            Object v = new ObjectMapper().readValue(body.getBytes(StandardCharsets.UTF_8), Object.class);
            return v instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** True when a result's value is true as Python judges it ({@code failed: 1}, {@code changed: true}). */
    public static boolean truthy(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        return v instanceof String s && !s.isEmpty();
    }
}
