package dev.rigger.module;

import dev.rigger.api.Diff;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.system.AptOutput.PkgState;
import dev.rigger.module.system.AptOutput.Simulation;
import dev.rigger.module.system.AptOutput;
import dev.rigger.module.system.AptRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ansible.builtin.apt without python-apt: dpkg-query to inspect, {@code apt-get -s} to predict, apt-get to change.
 * Waits for the dpkg lock ({@code lock_timeout}, default 60 s) instead of failing on a busy host.
 */
public final class AptModule extends BaseModule {
    private static final Pattern SUMMARY = Pattern.compile(
            "(?m)^(\\d+) upgraded, (\\d+) newly installed, (?:(\\d+) downgraded, )?(\\d+) to remove");
    private static final String STAMP = "/var/lib/apt/periodic/update-success-stamp";

    @Override
    public String name() {
        return "apt";
    }

    @Override
    public ModuleSpec spec() {
        return ModuleSpec.builder()
                .args("name", "deb", "dpkg_options", "default_release")
                .alias("pkg", "name").alias("package", "name").alias("update-cache", "update_cache")
                .alias("install-recommends", "install_recommends").alias("default-release", "default_release")
                .alias("allow-unauthenticated", "allow_unauthenticated").alias("allow-downgrade", "allow_downgrade")
                .alias("allow_downgrades", "allow_downgrade").alias("allow-downgrades", "allow_downgrade")
                .choices("state", "absent", "build-dep", "fixed", "latest", "present")
                .choices("upgrade", "dist", "full", "no", "safe", "yes")
                .bool("update_cache", "purge", "install_recommends", "force", "autoremove", "autoclean",
                        "fail_on_autoremove", "only_upgrade", "force_apt_get", "clean", "allow_unauthenticated",
                        "allow_downgrade", "allow_change_held_packages")
                .integer("cache_valid_time", "update_cache_retries", "update_cache_retry_max_delay", "policy_rc_d",
                        "lock_timeout")
                .list("name")
                .mutuallyExclusive("deb", "name", "upgrade")
                .path("deb")
                .build();
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String state = a.choice("state", "present");
        String upgrade = a.choice("upgrade", "no");
        List<String> names = a.list("name");
        String deb = a.str("deb");
        if (deb != null && (!names.isEmpty() || !upgrade.equals("no"))) {
            return ModuleResult.failed("apt: 'deb' cannot be combined with 'name' or 'upgrade'; use separate tasks");
        }
        AptRunner apt = new AptRunner(ctx, a.integer("lock_timeout", 60));
        Map<String, Object> data = new LinkedHashMap<>();

        // 1. the package lists
        boolean cacheUpdated = false;
        if (a.bool("update_cache", false) || a.has("cache_valid_time")) {
            long[] before = cacheTime(ctx);
            if (before == null) {
                return noApt(ctx);
            }
            int valid = a.integer("cache_valid_time", 0);
            boolean fresh = valid > 0 && before[0] > 0 && before[1] - before[0] < valid;
            long time = before[0];
            if (!fresh) {
                if (ctx.checkMode()) {
                    cacheUpdated = true;
                } else {
                    ExecResult r = apt.aptGet(List.of("update", "-q"));
                    if (!r.ok()) {
                        return failed("apt: apt-get update failed on " + ctx.hostName()
                                + "; check the sources in /etc/apt/sources.list.d", r, data);
                    }
                    long[] after = cacheTime(ctx);
                    time = after == null ? time : after[0];
                    cacheUpdated = time != before[0];
                }
            }
            data.put("cache_updated", cacheUpdated);
            data.put("cache_update_time", time);
        }
        if (state.equals("build-dep")) {
            return ModuleResult.failed("apt: state=build-dep is not supported by rigger; run apt-get build-dep with "
                    + "the command module");
        }
        List<String> opts = options(a);
        // As Ansible: with a package, a .deb or an upgrade to do, "changed" says whether a package changed; a
        // refreshed cache alone counts only when it is all the task does (else update_cache: true would report
        // changed on every run, and every rig would look drifted in check mode).
        if (deb != null) {
            return installDeb(a, ctx, apt, deb, opts, data, false);
        }
        if (!upgrade.equals("no")) {
            List<String> cmd = new ArrayList<>(opts);
            if (upgrade.equals("full") || upgrade.equals("dist")) {
                cmd.add("dist-upgrade");
            } else {
                cmd.addAll(List.of("upgrade", "--with-new-pkgs"));
            }
            ModuleResult r = simulateThenRun(ctx, apt, cmd, data, false, "upgrade");
            if (names.isEmpty() || r.failed()) {
                return r;
            }
            return packages(a, ctx, apt, state, names, opts, data, r.changed());
        }
        if (names.isEmpty()) {
            if (a.bool("autoremove", false)) {
                List<String> cmd = new ArrayList<>(opts);
                cmd.add("autoremove");
                if (a.bool("purge", false)) {
                    cmd.add("--purge");
                }
                return simulateThenRun(ctx, apt, cmd, data, cacheUpdated, "autoremove");
            }
            if (a.bool("autoclean", false) && !ctx.checkMode()) {
                ExecResult r = apt.aptGet(List.of("-y", "autoclean"));
                return ModuleResult.of(cacheUpdated || r.stdout().contains("Del "), data);
            }
            return ModuleResult.of(cacheUpdated, data);
        }
        return packages(a, ctx, apt, state, names, opts, data, false);
    }

    /** @param changedBefore whether an earlier step of this task (an upgrade) changed packages already */
    private ModuleResult packages(Args a, ModuleContext ctx, AptRunner apt, String state, List<String> specs,
                                  List<String> opts, Map<String, Object> data, boolean changedBefore)
            throws IOException {
        Map<String, String> pins = new LinkedHashMap<>();
        for (String s : specs) {
            int eq = s.indexOf('=');
            String n = eq < 0 ? s : s.substring(0, eq);
            String pin = eq < 0 ? null : s.substring(eq + 1);
            if (pin != null && state.equals("latest")) {
                return ModuleResult.failed("apt: package '" + s + "' has a version, which contradicts state=latest; "
                        + "use state=present to pin a version");
            }
            pins.put(n, pin);
        }
        List<String> baseNames = pins.keySet().stream().map(n -> n.contains(":") ? n.substring(0, n.indexOf(':')) : n)
                .toList();
        ExecResult q = ctx.run("command -v apt-get >/dev/null 2>&1 || exit 127; LC_ALL=C dpkg-query -W -f='${Package} "
                + "${Status} ${Version}\\n' -- " + Shell.join(baseNames) + " 2>/dev/null; exit 0");
        if (q.rc() == 127) {
            return noApt(ctx);
        }
        Map<String, PkgState> installed = AptOutput.parseDpkgQuery(q.stdout());
        boolean purge = a.bool("purge", false);
        List<String> todo = new ArrayList<>();
        List<String> cmd = new ArrayList<>(opts);
        if (state.equals("absent")) {
            for (String n : pins.keySet()) {
                PkgState s = installed.get(base(n));
                if (s != null && (s.installed() || (purge && s.present()) || s.status().startsWith("half")
                        || s.status().equals("unpacked"))) {
                    todo.add(n);
                }
            }
            if (todo.isEmpty()) {
                return ModuleResult.of(changedBefore, data);
            }
            cmd.add("remove");
            if (purge) {
                cmd.add("--purge");
            }
            if (a.bool("autoremove", false)) {
                cmd.add("--auto-remove");
            }
        } else {
            for (Map.Entry<String, String> e : pins.entrySet()) {
                PkgState s = installed.get(base(e.getKey()));
                boolean ok = s != null && s.installed()
                        && (e.getValue() == null || AptOutput.versionMatches(e.getValue(), s.version()));
                if (!ok || state.equals("latest")) {
                    todo.add(e.getValue() == null ? e.getKey() : e.getKey() + "=" + e.getValue());
                }
            }
            if (todo.isEmpty()) {
                return ModuleResult.of(changedBefore, data);
            }
            cmd.add("install");
            if (a.bool("only_upgrade", false)) {
                cmd.add("--only-upgrade");
            }
            if (a.bool("autoremove", false)) {
                cmd.add("--auto-remove");
            }
        }
        cmd.addAll(todo);
        return simulateThenRun(ctx, apt, cmd, data, changedBefore, state);
    }

    /**
     * Simulates; when something would change, runs it for real (outside check mode).
     *
     * @param changedBefore whether the task changed something already (reported as changed even if this does not)
     */
    private ModuleResult simulateThenRun(ModuleContext ctx, AptRunner apt, List<String> cmd, Map<String, Object> data,
                                         boolean changedBefore, String what) throws IOException {
        List<String> sim = new ArrayList<>();
        sim.add("-s");
        sim.addAll(cmd);
        ExecResult s = apt.aptGet(sim);
        if (s.rc() == 127) {
            return noApt(ctx);
        }
        if (!s.ok() && ctx.checkMode() && noPackageLists(ctx)) {
            // a bare box: the lists come with a refresh that check mode only predicts; a package apt cannot find
            // is not installed (installed ones are known from dpkg), so it would be installed
            data.put("msg", "would run apt-get " + String.join(" ", cmd) + " once the package lists are refreshed ("
                    + ctx.hostName()
                    + " has none yet, so check mode cannot simulate it: " + firstError(s) + ")");
            return ModuleResult.changed(data);
        }
        if (!s.ok()) {
            return failed("apt: " + firstError(s) + " (" + what + " on " + ctx.hostName() + ")", s, data);
        }
        Simulation plan = AptOutput.parseSimulation(s.stdout());
        if (!plan.changes()) {
            return ModuleResult.of(changedBefore, data);
        }
        Diff diff = ctx.diffMode() ? Diff.prepared(plan.summary()) : null;
        if (ctx.checkMode()) {
            data.put("stdout", s.stdout());
            return ModuleResult.changed(data).withDiff(diff);
        }
        ExecResult r = apt.aptGet(cmd);
        data.put("stdout", r.stdout());
        data.put("stderr", r.stderr());
        if (!r.ok()) {
            return failed("apt: '" + String.join(" ", cmd) + "' failed on " + ctx.hostName() + ": " + firstError(r),
                    r, data);
        }
        return ModuleResult.of(changedBefore || summaryChanges(r.stdout()), data).withDiff(diff);
    }

    private static boolean noPackageLists(ModuleContext ctx) throws IOException {
        ExecResult r = ctx.run("ls /var/lib/apt/lists/ 2>/dev/null | grep -c '_Packages$'; exit 0");
        return r.stdout().strip().equals("0");
    }

    private ModuleResult installDeb(Args a, ModuleContext ctx, AptRunner apt, String deb, List<String> opts,
                                    Map<String, Object> data, boolean changedBefore) throws IOException {
        boolean remote = deb.contains("://");
        String file = deb;
        String tmpDir = null;
        try {
            if (remote) {
                // A Debian file name (NAME_VERSION_ARCH.deb) says what it holds: when that version is installed
                // already, nothing is downloaded; check mode predicts without downloading either.
                java.util.regex.Matcher fm = java.util.regex.Pattern
                        .compile("([a-z0-9][a-z0-9+.-]*)_([^_/]+)_([a-z0-9-]+)\\.deb$")
                        .matcher(deb.replaceFirst("[?#].*$", ""));
                if (fm.find()) {
                    String version = java.net.URLDecoder.decode(fm.group(2), java.nio.charset.StandardCharsets.UTF_8);
                    ExecResult q = ctx.run("LC_ALL=C dpkg-query -W -f='${Package} ${Status} ${Version}\\n' "
                            + Shell.quote(fm.group(1)) + " 2>/dev/null; exit 0");
                    PkgState cur = AptOutput.parseDpkgQuery(q.stdout()).get(fm.group(1));
                    if (cur != null && cur.installed() && cur.version().equals(version) && !a.bool("force", false)) {
                        return ModuleResult.of(changedBefore, data);
                    }
                    if (ctx.checkMode()) {
                        return ModuleResult.changed(data);
                    }
                }
                ExecResult d = ctx.run("d=$(mktemp -d /tmp/rigger-deb.XXXXXX) && f=\"$d/package.deb\" && "
                        + "{ if command -v curl >/dev/null 2>&1; then curl -fsSL -o \"$f\" " + Shell.quote(deb)
                        + "; elif command -v wget >/dev/null 2>&1; then wget -q -O \"$f\" " + Shell.quote(deb)
                        + "; else echo \"$d\"; exit 4; fi; } && echo \"$d\" || "
                        + "{ rc=$?; rm -rf \"$d\"; exit $rc; }");
                if (d.rc() == 4 && !d.stdout().isBlank()) {
                    // neither curl nor wget on the host (Ansible's module downloads in Python there): the
                    // controller downloads, and the bytes travel over the host's connection
                    tmpDir = d.stdout().trim();
                    byte[] body;
                    try {
                        body = dev.rigger.module.support.ControllerDownload.fetch(deb, Map.of(), null, null, 60,
                                false);
                    } catch (IOException e) {
                        return ModuleResult.failed("Failure downloading " + deb + ", " + e.getMessage(), data);
                    }
                    d = ctx.connection().exec(ctx.command("cat > " + Shell.quote(tmpDir + "/package.deb"))
                            .withStdin(body));
                }
                if (!d.ok()) {
                    return failed("apt: cannot download " + deb + " on " + ctx.hostName() + ": "
                            + d.stderr().trim(), d, data);
                }
                if (tmpDir == null) {
                    tmpDir = d.stdout().trim();
                }
                file = tmpDir + "/package.deb";
            }
            ExecResult info = ctx.run("p=$(dpkg-deb -f " + Shell.quote(file) + " Package) || exit 2; v=$(dpkg-deb -f "
                    + Shell.quote(file) + " Version); echo \"$p $v\"; LC_ALL=C dpkg-query -W "
                    + "-f='${Package} ${Status} ${Version}\\n' \"$p\" 2>/dev/null; exit 0");
            if (!info.ok()) {
                return failed("apt: " + deb + " is not a readable .deb file on " + ctx.hostName(), info, data);
            }
            String[] lines = info.stdout().split("\n", 2);
            String[] pv = lines[0].trim().split(" ");
            Map<String, PkgState> inst = AptOutput.parseDpkgQuery(lines.length > 1 ? lines[1] : "");
            PkgState cur = inst.get(pv[0]);
            if (cur != null && cur.installed() && pv.length > 1 && cur.version().equals(pv[1])
                    && !a.bool("force", false)) {
                return ModuleResult.of(changedBefore, data);
            }
            if (ctx.checkMode()) {
                return ModuleResult.changed(data);
            }
            List<String> cmd = new ArrayList<>(opts);
            cmd.add("install");
            cmd.add(file.startsWith("/") ? file : "./" + file);
            ExecResult r = apt.aptGet(cmd);
            data.put("stdout", r.stdout());
            data.put("stderr", r.stderr());
            if (!r.ok()) {
                return failed("apt: installing " + deb + " failed on " + ctx.hostName() + ": " + firstError(r),
                        r, data);
            }
            // Ansible's install_deb returns parse_diff of the installer's output, shown under --diff
            return ModuleResult.changed(data).withDiff(ctx.diffMode() ? Diff.prepared(parseDiff(r.stdout())) : null);
        } finally {
            if (tmpDir != null) {
                ctx.run("rm -rf " + Shell.quote(tmpDir));
            }
        }
    }

    /** Ansible's apt parse_diff: the output from apt-get's "Reading state information..." to its "N upgraded" line. */
    static String parseDiff(String out) {
        List<String> lines = List.of(out.split("\\R", -1));
        int start = lines.indexOf("Resolving dependencies...");
        if (start < 0) {
            start = lines.indexOf("Reading state information...");
        }
        int end = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("[0-9]+ (packages )?upgraded.*")) {
                end = i + 1;
                break;
            }
        }
        return String.join("\n", lines.subList(Math.min(start + 1, end), end));
    }

    private static List<String> options(Args a) {
        List<String> o = new ArrayList<>(List.of("-y", "-q"));
        for (String d : a.list("dpkg_options").isEmpty() ? List.of("force-confdef", "force-confold")
                : a.list("dpkg_options")) {
            o.add("-o");
            o.add("Dpkg::Options::=--" + d.replaceFirst("^--", ""));
        }
        Boolean rec = a.boolOrNull("install_recommends");
        if (rec != null) {
            o.add("-o");
            o.add("APT::Install-Recommends=" + (rec ? "yes" : "no"));
        }
        if (a.bool("allow_unauthenticated", false)) {
            o.add("--allow-unauthenticated");
        }
        if (a.bool("allow_downgrade", false)) {
            o.add("--allow-downgrades");
        }
        if (a.bool("allow_change_held_packages", false)) {
            o.add("--allow-change-held-packages");
        }
        if (a.bool("force", false)) {
            o.addAll(List.of("--allow-unauthenticated", "--allow-downgrades", "--allow-remove-essential",
                    "--allow-change-held-packages"));
        }
        if (a.has("default_release")) {
            o.add("-t");
            o.add(a.str("default_release"));
        }
        return o;
    }

    /** {mtime of the apt lists (Ansible: update-success-stamp, else /var/lib/apt/lists), now}; null without apt. */
    private static long[] cacheTime(ModuleContext ctx) throws IOException {
        ExecResult r = ctx.run("command -v apt-get >/dev/null 2>&1 || exit 127; { stat -c %Y " + STAMP
                + " 2>/dev/null || stat -c %Y /var/lib/apt/lists 2>/dev/null || echo 0; }; date +%s");
        if (r.rc() == 127) {
            return null;
        }
        String[] f = r.stdout().trim().split("\\s+");
        try {
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[f.length - 1])};
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return new long[] {0, 0};
        }
    }

    /** Whether apt-get's summary line counts any upgraded/new/downgraded/removed package (true if absent). */
    static boolean summaryChanges(String out) {
        Matcher m = SUMMARY.matcher(out);
        if (!m.find()) {
            return true;
        }
        for (int g = 1; g <= 4; g++) {
            if (m.group(g) != null && Integer.parseInt(m.group(g)) > 0) {
                return true;
            }
        }
        return false;
    }

    private static String base(String n) {
        return n.contains(":") ? n.substring(0, n.indexOf(':')) : n;
    }

    private static String firstError(ExecResult r) {
        for (String line : (r.stderr() + "\n" + r.stdout()).split("\n")) {
            if (line.startsWith("E: ")) {
                return line.substring(3).trim();
            }
        }
        String s = r.stderr().trim();
        return s.isEmpty() ? "exit code " + r.rc() : s;
    }

    private static ModuleResult failed(String msg, ExecResult r, Map<String, Object> data) {
        Map<String, Object> d = new LinkedHashMap<>(data);
        d.put("rc", r.rc());
        d.put("stdout", r.stdout());
        d.put("stderr", r.stderr());
        return ModuleResult.failed(msg, d);
    }

    private static ModuleResult noApt(ModuleContext ctx) {
        return ModuleResult.failed("apt: apt-get was not found on " + ctx.hostName()
                + "; the apt module needs a Debian-family host (use package/dnf elsewhere)");
    }
}
