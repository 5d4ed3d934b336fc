package dev.rigger.module;

import dev.rigger.AnsibleBool;
import dev.rigger.Shlex;
import dev.rigger.api.Diff;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.Json;
import dev.rigger.module.support.TextFile;
import dev.rigger.module.system.TimezoneProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * community.general.timezone (6.x), ported from its module for Linux: SystemdTimezone when {@code timedatectl} is
 * found and a bare run of it exits 0 ({@code timedatectl status} read, {@code set-timezone} / {@code set-local-rtc}
 * run), else Debian's NosystemdTimezone (/etc/timezone edited as Ansible's _edit_file, {@code ln -sf} of the zone
 * file to /etc/localtime and {@code dpkg-reconfigure --frontend noninteractive tzdata}; hwclock in
 * /etc/default/rcS and /etc/adjtime with {@code hwclock --systohc}). The state is read in one round trip, again
 * after a change; check mode stops after the first. The result has Ansible's keys: {@code diff} (before/after of
 * the given keys), {@code msg} when something was executed. Other platforms (and Linux without either method
 * that Ansible uses on Debian) fail saying that rigger does not implement them.
 */
public final class TimezoneModule extends BaseModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .args("name")
            .choices("hwclock", "local", "UTC")
            .alias("rtc", "hwclock")
            .requiredOneOf("hwclock", "name")
            .build();
    private static final Pattern SD_HWCLOCK = Pattern.compile("^\\s*RTC in local TZ\\s*:\\s*([^\\s]+)",
            Pattern.MULTILINE);
    private static final Pattern SD_NAME = Pattern.compile("^\\s*Time ?zone\\s*:\\s*([^\\s]+)", Pattern.MULTILINE);
    private static final Pattern RCS_UTC = Pattern.compile("^UTC\\s*=\\s*([^\\s]+)", Pattern.MULTILINE);
    private static final Pattern ADJTIME = Pattern.compile("^(UTC|LOCAL)$", Pattern.MULTILINE);
    private static final Pattern TZ_LINE = Pattern.compile("^([^\\s]+)", Pattern.MULTILINE);
    private static final Pattern LINK_TZ = Pattern.compile("(?:/(?:usr/share|etc)/zoneinfo/)(.*)",
            Pattern.MULTILINE);

    private final String root;

    public TimezoneModule() {
        this("");
    }

    /** Every system path under {@code root}: for tests only, so that they never touch this machine's /etc. */
    TimezoneModule(String root) {
        this.root = root;
    }

    @Override
    public String name() {
        return "timezone";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    /** Ansible's Timezone.abort: fail_json with "Error message:" and the messages so far. */
    private static final class Abort extends Exception {
        private final transient ModuleResult result;

        Abort(String msg, List<String> msgs) {
            this(failed(msg, msgs));
        }

        Abort(ModuleResult result) {
            super(String.valueOf(result.data().get("msg")), null, false, false);
            this.result = result;
        }

        private static ModuleResult failed(String msg, List<String> msgs) {
            List<String> lines = new ArrayList<>(List.of("Error message:", msg));
            if (!msgs.isEmpty()) {
                lines.add("Other message(s):");
                lines.addAll(msgs);
            }
            return ModuleResult.failed(String.join("\n", lines));
        }
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        Map<String, String> planned = new LinkedHashMap<>(); // argument_spec order: hwclock, then name
        if (a.str("hwclock") != null) {
            planned.put("hwclock", a.choice("hwclock", null));
        }
        if (a.str("name") != null) {
            planned.put("name", a.str("name"));
        }
        try {
            return apply(planned, ctx);
        } catch (Abort e) {
            return e.result;
        }
    }

    private ModuleResult apply(Map<String, String> planned, ModuleContext ctx) throws IOException, Abort {
        String name = planned.get("name");
        List<String> msgs = new ArrayList<>();
        TimezoneProbe before = probe(ctx, name);
        if (!"Linux".equals(before.get("uname"))) {
            return ModuleResult.failed("rigger does not implement the timezone module on " + before.get("uname")
                    + " hosts (Ansible's method for that platform); it implements Linux (timedatectl, or Debian's"
                    + " /etc/timezone and dpkg-reconfigure)");
        }
        boolean systemd = before.systemd();
        String zoneFile = root + "/usr/share/zoneinfo/" + name;
        if (name != null && !before.zoneFile()) {
            throw new Abort("given timezone \"" + name + "\" is not available", msgs);
        }
        if (!systemd) {
            if (name != null) {
                required(before, "cp");
            }
            required(before, "hwclock");
            if (before.bin("dpkg-reconfigure") == null) {
                return ModuleResult.failed("rigger does not implement the timezone module's method for this Linux"
                        + " host: timedatectl is absent or not usable and dpkg-reconfigure is absent (Ansible then"
                        + " edits /etc/sysconfig/clock or /etc/conf.d/hwclock); it implements systemd's timedatectl"
                        + " and Debian/Ubuntu");
            }
            if (name != null) {
                required(before, "ln");
            }
        }
        Map<String, String> was = state(before, planned, systemd, "before", ctx, msgs);
        Map<String, Object> data = new LinkedHashMap<>();
        if (ctx.checkMode()) {
            return finish(was, planned, msgs, data);
        }
        for (Map.Entry<String, String> e : planned.entrySet()) {
            if (!e.getValue().equals(was.get(e.getKey()))) {
                if (systemd) {
                    setSystemd(before, e.getKey(), e.getValue(), ctx, msgs);
                } else if (e.getKey().equals("hwclock")) {
                    setHwclock(before, e.getValue(), ctx, msgs);
                } else {
                    setTimezone(before, e.getValue(), zoneFile, ctx, msgs);
                }
            }
        }
        Map<String, String> after = was;
        if (!was.equals(planned)) {
            after = state(probe(ctx, name), planned, systemd, "after", ctx, msgs);
            if (!after.equals(planned)) {
                throw new Abort("still not desired state, though changes have made - planned: " + repr(planned)
                        + ", after: " + repr(after), msgs);
            }
        }
        return finish(was, after, msgs, data);
    }

    private static ModuleResult finish(Map<String, String> before, Map<String, String> after, List<String> msgs,
                                       Map<String, Object> data) {
        Map<String, Object> diff = new LinkedHashMap<>();
        diff.put("before", new LinkedHashMap<String, Object>(before));
        diff.put("after", new LinkedHashMap<String, Object>(after));
        data.put("diff", diff);
        if (!msgs.isEmpty()) {
            data.put("msg", String.join("\n", msgs));
        }
        boolean changed = !before.equals(after);
        return ModuleResult.of(changed, data).withDiff(changed ? Diff.of(null,
                Json.pretty(new LinkedHashMap<>(before)), null, Json.pretty(new LinkedHashMap<>(after))) : null);
    }

    private TimezoneProbe probe(ModuleContext ctx, String name) throws IOException {
        ExecResult r = ctx.run(TimezoneProbe.script(root, name));
        TimezoneProbe p = TimezoneProbe.parse(r.stdout());
        if (p.get("uname") == null) {
            throw new IOException("could not read the timezone settings on " + ctx.hostName() + ": "
                    + (r.stderr() + r.stdout()).trim());
        }
        return p;
    }

    /** get_bin_path(name, required=True). */
    private static String required(TimezoneProbe p, String bin) throws Abort {
        String path = p.bin(bin);
        if (path == null) {
            throw new Abort(ModuleResult.failed("Failed to find required executable \"" + bin + "\" in paths: "
                    + p.get("paths")));
        }
        return path;
    }

    /** Timezone.check(phase): the value of every planned key, in the planned keys' order. */
    private Map<String, String> state(TimezoneProbe p, Map<String, String> planned, boolean systemd, String phase,
                                      ModuleContext ctx, List<String> msgs) throws Abort {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : planned.entrySet()) {
            String key = e.getKey();
            out.put(key, systemd ? systemdValue(p, key, msgs) : debianValue(p, key, e.getValue(), phase, msgs));
        }
        return out;
    }

    private static String systemdValue(TimezoneProbe p, String key, List<String> msgs) throws Abort {
        if (!"0".equals(p.get("strc"))) {
            throw new Abort(commandFailed(p.bin("timedatectl") + " status", intOf(p.get("strc")),
                    p.get("stout"), p.get("sterr")));
        }
        Matcher m = (key.equals("hwclock") ? SD_HWCLOCK : SD_NAME).matcher(p.get("stout"));
        if (!m.find()) {
            throw new Abort(ModuleResult.failed("timedatectl status printed no \""
                    + (key.equals("hwclock") ? "RTC in local TZ" : "Time zone") + ":\" line (Ansible's module fails"
                    + " with a traceback here): " + p.get("stout")));
        }
        String value = m.group(1);
        return key.equals("hwclock") ? (bool(value) ? "local" : "UTC") : value;
    }

    private String debianValue(TimezoneProbe p, String key, String planned, String phase, List<String> msgs)
            throws Abort {
        if (key.equals("hwclock")) {
            String value = config(p, "hwclock", phase, msgs);
            return value.equals(planned) ? config(p, "adjtime", phase, msgs) : value;
        }
        String value = config(p, "name", phase, msgs);
        if (!value.equals(planned)) {
            return value;
        }
        if (p.get("ltlink") != null) {
            if (p.get("ltexists") == null) {
                return "n/a";
            }
            Matcher m = LINK_TZ.matcher(p.get("lttarget"));
            if (!m.find()) {
                return "n/a";
            }
            return m.group(1).equals(planned) ? value : m.group(1);
        }
        return "0".equals(p.get("ltcmp")) ? value : "n/a";
    }

    /** The probe's key and path for one of Ansible's conf_files keys. */
    private String fileKey(String key) {
        return switch (key) {
            case "name" -> "timezone";
            case "hwclock" -> "rcS";
            default -> "adjtime";
        };
    }

    private String path(String key) {
        return root + switch (key) {
            case "name" -> "/etc/timezone";
            case "hwclock" -> "/etc/default/rcS";
            default -> "/etc/adjtime";
        };
    }

    /** NosystemdTimezone._get_value_from_config. */
    private String config(TimezoneProbe p, String key, String phase, List<String> msgs) throws Abort {
        String fk = fileKey(key);
        if (p.missing(fk)) {
            return key.equals("adjtime") ? "UTC" : "n/a";
        }
        String text = p.content(fk);
        if (text == null) {
            throw new Abort("tried to configure " + key + " using a file \"" + path(key) + "\", but could not read it",
                    msgs);
        }
        Matcher m = (key.equals("name") ? TZ_LINE : key.equals("hwclock") ? RCS_UTC : ADJTIME).matcher(text);
        if (!m.find()) {
            if (key.equals("hwclock")) {
                return "n/a";
            } else if (key.equals("adjtime")) {
                return "UTC";
            } else if (phase.equals("before")) {
                return "n/a";
            }
            throw new Abort("tried to configure " + key + " using a file \"" + path(key) + "\", but could not find a"
                    + " valid value in it", msgs);
        }
        String value = m.group(1);
        if (key.equals("hwclock")) {
            return bool(value) ? "UTC" : "local";
        }
        return key.equals("adjtime") && !value.equals("UTC") ? value.toLowerCase(java.util.Locale.ROOT) : value;
    }

    /** AnsibleModule.boolean: a word that is no boolean fails the module with its message. */
    private static boolean bool(String value) throws Abort {
        Boolean b = AnsibleBool.parse(value);
        if (b == null) {
            throw new Abort(ModuleResult.failed("The value '" + value + "' is not a valid boolean.  Valid booleans"
                    + " include: " + AnsibleBool.VALID));
        }
        return b;
    }

    private void setSystemd(TimezoneProbe p, String key, String value, ModuleContext ctx, List<String> msgs)
            throws IOException, Abort {
        String v = key.equals("hwclock") ? (value.equals("local") ? "yes" : "no") : value;
        execute(ctx, p.bin("timedatectl") + " " + (key.equals("hwclock") ? "set-local-rtc" : "set-timezone") + " " + v,
                true, msgs);
    }

    private void setHwclock(TimezoneProbe p, String value, ModuleContext ctx, List<String> msgs)
            throws IOException, Abort {
        boolean local = value.equals("local");
        editFile(ctx, p, "hwclock", RCS_UTC, "UTC=" + (local ? "no" : "yes") + "\n", msgs);
        execute(ctx, p.bin("hwclock") + " --systohc " + (local ? "--localtime" : "--utc"), true, msgs);
    }

    private void setTimezone(TimezoneProbe p, String value, String zoneFile, ModuleContext ctx, List<String> msgs)
            throws IOException, Abort {
        editFile(ctx, p, "name", TZ_LINE, value + "\n", msgs);
        execute(ctx, p.bin("ln") + " -sf " + zoneFile + " " + root + "/etc/localtime", false, msgs);
        execute(ctx, p.bin("dpkg-reconfigure") + " --frontend noninteractive tzdata", false, msgs);
    }

    /** NosystemdTimezone._edit_file: the first matching line replaced by {@code value}, later matches dropped. */
    private void editFile(ModuleContext ctx, TimezoneProbe p, String key, Pattern regexp, String value,
                          List<String> msgs) throws IOException, Abort {
        String fk = fileKey(key);
        String filename = path(key);
        List<String> lines = new ArrayList<>();
        if (!p.missing(fk)) {
            String text = p.content(fk);
            if (text == null) {
                throw new Abort("tried to configure " + key + " using a file \"" + filename + "\", but could not read"
                        + " it", msgs);
            }
            lines.addAll(TextFile.lines(text));
        }
        String out = edit(lines, regexp, value);
        long deleted = lines.stream().filter(l -> regexp.matcher(l).find()).count();
        try {
            ctx.connection().writeFileAtomic(p.real(fk, filename), out.getBytes(StandardCharsets.UTF_8), null,
                    ctx.become());
        } catch (IOException e) {
            throw new Abort("tried to configure " + key + " using a file \"" + filename + "\", but could not write to"
                    + " it", msgs);
        }
        msgs.add("Added 1 line and deleted " + deleted + " line(s) on " + filename);
    }

    /** The lines with every line {@code regexp} finds something in removed and {@code value} put at the first. */
    static String edit(List<String> lines, Pattern regexp, String value) {
        List<String> kept = new ArrayList<>();
        int insert = -1;
        for (String line : lines) {
            if (regexp.matcher(line).find()) {
                if (insert < 0) {
                    insert = kept.size();
                }
            } else {
                kept.add(line);
            }
        }
        kept.add(Math.max(insert, 0), value);
        return String.join("", kept);
    }

    /** Timezone.execute: run_command(command, check_rc=True); {@code log} records "executed `...`". */
    private static void execute(ModuleContext ctx, String command, boolean log, List<String> msgs)
            throws IOException, Abort {
        List<String> argv = Shlex.split(command);
        StringBuilder script = new StringBuilder();
        for (String w : argv) {
            script.append(script.length() == 0 ? "" : " ").append(Shell.quote(w));
        }
        ExecResult r = ctx.run(script + " </dev/null");
        if (r.rc() != 0) {
            throw new Abort(commandFailed(script.toString(), r.rc(), r.stdout(), r.stderr()));
        }
        if (log) {
            msgs.add("executed `" + command + "`");
        }
    }

    /** run_command's failure with check_rc: cmd, rc, stdout, stderr, msg (stderr stripped on the right). */
    private static ModuleResult commandFailed(String cmd, int rc, String stdout, String stderr) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("cmd", cmd);
        d.put("rc", rc);
        d.put("stdout", stdout == null ? "" : stdout);
        d.put("stderr", stderr == null ? "" : stderr);
        d.put("stdout_lines", (stdout == null ? "" : stdout).lines().toList());
        d.put("stderr_lines", (stderr == null ? "" : stderr).lines().toList());
        return ModuleResult.failed(stderr == null ? "" : stderr.stripTrailing(), d);
    }

    private static int intOf(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Python's str() of a dict of strings. */
    static String repr(Map<String, String> m) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> e : m.entrySet()) {
            sb.append(sb.length() == 1 ? "" : ", ").append(pyStr(e.getKey())).append(": ").append(pyStr(e.getValue()));
        }
        return sb.append('}').toString();
    }

    private static String pyStr(String s) {
        char q = s.contains("'") && !s.contains("\"") ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(q);
        for (char c : s.toCharArray()) {
            if (c == q || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\t') {
                sb.append("\\t");
            } else {
                sb.append(c);
            }
        }
        return sb.append(q).toString();
    }
}
