package dev.rigger.module.support;

import dev.rigger.connection.Command;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.ModuleContext;
import dev.rigger.module.ModuleResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared body of command and shell: chdir, creates/removes (checked on the host in the same round trip as
 * the command), stdin, check-mode prediction and Ansible's result keys (cmd, rc, stdout(_lines), stderr(_lines),
 * start, end, delta, msg).
 */
public final class CommandRun {
    private static final String SKIP_CREATES = "__rigger_creates_7f3a__";
    private static final String SKIP_REMOVES = "__rigger_removes_7f3a__";
    private static final String NOCHDIR = "__rigger_nochdir_7f3a__";
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private CommandRun() {
    }

    /**
     * @param cmdValue what the result shows as cmd (argv list for command, text for shell)
     * @param exec     the shell text that runs the command (after the pre-checks)
     */
    public static ModuleResult run(ModuleContext ctx, Args a, Object cmdValue, String exec) throws IOException {
        String chdir = a.str("chdir");
        String creates = a.str("creates");
        String removes = a.str("removes");
        String pre = pre(a);
        Map<String, Object> data = new LinkedHashMap<>();
        if (ctx.checkMode()) {
            if (creates == null && removes == null) {
                data.put("msg", "Command would have run if not in check mode");
                data.put("rc", 0);
                data.put("stdout", "");
                data.put("stdout_lines", List.of());
                data.put("stderr", "");
                data.put("stderr_lines", List.of());
                return new ModuleResult(ModuleResult.Status.SKIPPED, data, null, null, false).asUncertain();
            }
            ExecResult probe = ctx.run(pre + "exit 0");
            ModuleResult early = early(probe, chdir, creates, removes, cmdValue);
            if (early != null) {
                return early;
            }
            data.put("cmd", cmdValue);
            data.put("rc", 0);
            data.put("stdout", "");
            data.put("stderr", "");
            data.put("msg", "");
            return ModuleResult.changed(data);
        }
        Command c = ctx.command(pre + exec);
        String stdin = a.str("stdin");
        if (stdin != null) {
            if (a.bool("stdin_add_newline", true)) {
                stdin += "\n";
            }
            c = c.withStdin(stdin.getBytes(StandardCharsets.UTF_8));
        }
        LocalDateTime start = LocalDateTime.now();
        long t0 = System.nanoTime();
        ExecResult r = ctx.connection().exec(c);
        long took = System.nanoTime() - t0;
        LocalDateTime end = LocalDateTime.now();
        ModuleResult early = early(r, chdir, creates, removes, cmdValue);
        if (early != null) {
            return early;
        }
        boolean strip = a.bool("strip_empty_ends", true);
        String out = strip ? rstrip(r.stdout()) : r.stdout();
        String err = strip ? rstrip(r.stderr()) : r.stderr();
        data.put("cmd", cmdValue);
        data.put("rc", r.rc());
        data.put("stdout", out);
        data.put("stdout_lines", out.lines().toList());
        data.put("stderr", err);
        data.put("stderr_lines", err.lines().toList());
        data.put("start", TS.format(start));
        data.put("end", TS.format(end));
        data.put("delta", delta(Duration.ofNanos(took)));
        if (r.truncated()) {
            data.put("truncated", true);
        }
        if (r.rc() != 0) {
            data.put("changed", true); // the command ran: Ansible's failed command result says changed=true
        }
        if (r.rc() == ExecResult.RC_TIMEOUT && r.took().compareTo(c.timeout()) >= 0) {
            return ModuleResult.failed("command timed out after " + c.timeout().toSeconds() + "s", data);
        }
        if (r.rc() != 0) {
            data.put("changed", true); // Ansible reports a command that ran and failed as changed
            return ModuleResult.failed("non-zero return code", data);
        }
        data.put("msg", truncatedNote(r));
        return ModuleResult.changed(data);
    }

    /** The shell text that runs before the command: chdir, then creates/removes (each stops with a marker). */
    private static String pre(Args a) {
        String chdir = a.str("chdir");
        String creates = a.str("creates");
        String removes = a.str("removes");
        StringBuilder pre = new StringBuilder();
        if (chdir != null) {
            pre.append("cd -- ").append(Shell.quote(chdir)).append(" 2>/dev/null || { printf '%s' ")
                    .append(NOCHDIR).append("; exit 1; }\n");
        }
        if (creates != null) {
            pre.append("for f in ").append(glob(creates)).append("; do if [ -e \"$f\" ] || [ -L \"$f\" ]; then printf '%s' ")
                    .append(SKIP_CREATES).append("; exit 0; fi; done\n");
        }
        if (removes != null) {
            pre.append("rg_found=; for f in ").append(glob(removes))
                    .append("; do if [ -e \"$f\" ] || [ -L \"$f\" ]; then rg_found=1; fi; done; ")
                    .append("if [ -z \"$rg_found\" ]; then printf '%s' ").append(SKIP_REMOVES).append("; exit 0; fi\n");
        }
        return pre.toString();
    }

    /**
     * The command as an async job ({@link AsyncJob}): the same checks and command, its early results (chdir
     * failed, creates/removes) written as the job's JSON, the rest of its result built on the rig.
     */
    public static AsyncJob.Spec job(Args a, Object cmdValue, String exec) {
        String chdir = a.str("chdir");
        String creates = a.str("creates");
        String removes = a.str("removes");
        Map<String, String> early = new LinkedHashMap<>();
        for (String marker : List.of(NOCHDIR, SKIP_CREATES, SKIP_REMOVES)) {
            ExecResult probe = new ExecResult(0, marker.getBytes(StandardCharsets.UTF_8), new byte[0], false,
                    Duration.ZERO);
            ModuleResult r = early(probe, chdir, creates, removes, cmdValue);
            Map<String, Object> d = new LinkedHashMap<>(r.data());
            d.remove("stdout_lines"); // the controller adds the lines, as Ansible's does
            d.remove("stderr_lines");
            d.put("changed", r.changed() || Boolean.TRUE.equals(d.get("changed")));
            if (r.failed()) {
                d.put("failed", true);
            }
            early.put(marker, Json.dumps(d));
        }
        String stdin = a.str("stdin");
        byte[] in = null;
        if (stdin != null) {
            in = (a.bool("stdin_add_newline", true) ? stdin + "\n" : stdin).getBytes(StandardCharsets.UTF_8);
        }
        String keys = "\"changed\": true, \"cmd\": " + Json.dumps(cmdValue);
        return new AsyncJob.Spec(pre(a) + exec, in, a.bool("strip_empty_ends", true), keys, early);
    }

    /** Says when the connection kept only the first part of the output (it is bounded, see ExecResult). */
    private static String truncatedNote(ExecResult r) {
        return r.truncated() ? "output truncated: the command printed more than rigger keeps; stdout and stderr hold"
                + " the first part (redirect big output to a file on the host)" : "";
    }

    private static ModuleResult early(ExecResult r, String chdir, String creates, String removes, Object cmd) {
        String out = r.stdout();
        if (out.equals(NOCHDIR)) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("cmd", cmd);
            d.put("rc", null);
            d.put("start", null);
            d.put("end", null);
            d.put("delta", null);
            d.put("stdout", "");
            d.put("stdout_lines", List.of());
            d.put("stderr", "");
            d.put("stderr_lines", List.of());
            return ModuleResult.failed("Unable to change directory before execution: [Errno 2] No such file or "
                    + "directory: b'" + chdir + "'", d);
        }
        if (out.equals(SKIP_CREATES) || out.equals(SKIP_REMOVES)) {
            Map<String, Object> d = new LinkedHashMap<>();
            if (out.equals(SKIP_CREATES)) {
                d.put("msg", "Did not run command since '" + creates + "' exists");
                d.put("stdout", "skipped, since " + creates + " exists");
            } else {
                d.put("msg", "Did not run command since '" + removes + "' does not exist");
                d.put("stdout", "skipped, since " + removes + " does not exist");
            }
            d.put("cmd", cmd);
            d.put("rc", 0);
            d.put("start", null); // as Ansible's: the command did not run
            d.put("end", null);
            d.put("delta", null);
            d.put("stdout_lines", List.of(String.valueOf(d.get("stdout"))));
            d.put("stderr", "");
            d.put("stderr_lines", List.of());
            return ModuleResult.ok(d);
        }
        return null;
    }

    /** A path for a for-loop: quoted, but with glob characters left active as glob.glob() would use them. */
    private static String glob(String path) {
        if (!path.matches(".*[*?\\[].*")) {
            return Shell.quote(path);
        }
        StringBuilder sb = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        for (char ch : path.toCharArray()) {
            if (ch == '*' || ch == '?' || ch == '[' || ch == ']') {
                if (lit.length() > 0) {
                    sb.append(Shell.quote(lit.toString()));
                    lit.setLength(0);
                }
                sb.append(ch);
            } else {
                lit.append(ch);
            }
        }
        if (lit.length() > 0) {
            sb.append(Shell.quote(lit.toString()));
        }
        return sb.toString();
    }

    public static String rstrip(String s) {
        int e = s.length();
        while (e > 0 && (s.charAt(e - 1) == '\n' || s.charAt(e - 1) == '\r')) {
            e--;
        }
        return s.substring(0, e);
    }

    /** Python's str(timedelta): H:MM:SS.ffffff. */
    public static String delta(Duration d) {
        long micros = d.toNanos() / 1000;
        long secs = micros / 1_000_000;
        return String.format("%d:%02d:%02d.%06d", secs / 3600, (secs / 60) % 60, secs % 60, micros % 1_000_000);
    }

    /**
     * A shell word for one argv element, expanding $VAR and a leading ~ like Python's expandvars/expanduser
     * (command's run_command does) while nothing else is interpreted.
     */
    public static String expandingWord(String w) {
        if (!w.contains("$") && !w.startsWith("~")) {
            return Shell.quote(w);
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        if (w.startsWith("~")) {
            int slash = w.indexOf('/');
            String user = slash < 0 ? w : w.substring(0, slash);
            if (user.matches("~[A-Za-z0-9_.-]*")) {
                sb.append(user);
                i = user.length();
            }
        }
        sb.append('"');
        for (; i < w.length(); i++) {
            char c = w.charAt(i);
            if (c == '$') {
                if (i + 1 < w.length() && (Character.isLetter(w.charAt(i + 1)) || w.charAt(i + 1) == '_')) {
                    int j = i + 1;
                    while (j < w.length() && (Character.isLetterOrDigit(w.charAt(j)) || w.charAt(j) == '_')) {
                        j++;
                    }
                    String name = w.substring(i + 1, j);
                    sb.append("${").append(name).append("-\\$").append(name).append('}');
                    i = j - 1;
                } else if (i + 1 < w.length() && w.charAt(i + 1) == '{' && w.indexOf('}', i) > 0
                        && w.substring(i + 2, w.indexOf('}', i)).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    int close = w.indexOf('}', i);
                    sb.append(w, i, close + 1);
                    i = close;
                } else {
                    sb.append("\\$");
                }
            } else if (c == '"' || c == '\\' || c == '`') {
                sb.append('\\').append(c);
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
