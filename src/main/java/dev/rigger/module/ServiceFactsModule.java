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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ansible.builtin.service_facts, ported from ansible-core 2.14's module for Linux hosts: the fact {@code services},
 * from {@code service --status-all} (source sysv, where {@code service} is found and neither chkconfig nor
 * rc-status is) and from systemd (where PID 1 is systemd: {@code systemctl list-units}, {@code list-unit-files},
 * and {@code systemctl show --property=ActiveState} for a unit file that list-units did not list). Upstart,
 * chkconfig and OpenRC hosts fail, saying rigger does not read them. Reads only: runs in check mode too.
 */
public final class ServiceFactsModule extends BaseModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder().build();
    private static final Set<String> BAD_STATES = Set.of("not-found", "masked", "failed");
    private static final Pattern SYSV = Pattern.compile("^\\s*\\[ (?<state>[+-]) \\]\\s+(?<name>.+)$",
            Pattern.MULTILINE);
    private static final String MARK = "@@rigger-service-facts ";

    @Override
    public String name() {
        return "service_facts";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    /**
     * One round trip: which tools there are, then each listing between markers, with its exit status.
     * The commands run with LANG=C and LC_ALL=C, as Ansible's get_best_parsable_locale picks on a host without
     * C.UTF-8 listed first (the output parsed here is ASCII either way).
     */
    private static final String PROBE = "export LANG=C LC_ALL=C; p=\"$PATH\"; for d in /sbin /usr/sbin /usr/local/sbin; do "
            + "case \":$p:\" in *\":$d:\"*) ;; *) p=\"$p:$d\";; esac; done; PATH=\"$p\"; "
            + "has() { command -v \"$1\" >/dev/null 2>&1; }; "
            + "for t in service chkconfig initctl rc-status; do has $t && echo \"" + MARK + "tool $t\"; done; "
            + "if has service && ! has chkconfig && ! has rc-status; then echo \"" + MARK + "sysv\"; "
            + "t=$(mktemp); service --status-all 2>\"$t\"; echo \"" + MARK + "rc $?\"; "
            + "echo \"" + MARK + "err\"; cat \"$t\"; rm -f \"$t\"; fi; "
            + "if grep -q systemd /proc/1/comm 2>/dev/null; then s=; for d in $(echo \"$PATH\" | tr : ' ') /usr/bin "
            + "/usr/local/bin; do [ -x \"$d/systemctl\" ] && { s=\"$d/systemctl\"; break; }; done; "
            + "if [ -n \"$s\" ]; then echo \"" + MARK + "units\"; \"$s\" list-units --no-pager --type service --all "
            + "2>&1; echo \"" + MARK + "rc $?\"; echo \"" + MARK + "files\"; \"$s\" list-unit-files --no-pager "
            + "--type service --all 2>&1; echo \"" + MARK + "rc $?\"; fi; fi";

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        ExecResult r = ctx.run(PROBE);
        Map<String, List<String>> sections = sections(r.stdout());
        List<String> warnings = new ArrayList<>();
        Map<String, Object> services = new LinkedHashMap<>();
        Set<String> tools = Set.copyOf(sections.getOrDefault("tool", List.of()));
        if (tools.contains("chkconfig") || tools.contains("rc-status")
                || (tools.contains("initctl") && !tools.contains("chkconfig"))) {
            return ModuleResult.failed("rigger's service_facts reads sysv and systemd only: this host has "
                    + (tools.contains("chkconfig") ? "chkconfig" : tools.contains("rc-status") ? "rc-status"
                    : "initctl (upstart)") + ", which rigger does not read yet (task at " + ctx.pos() + ")");
        }
        if (sections.containsKey("sysv")) {
            sysv(sections, services, warnings);
        }
        if (sections.containsKey("units")) {
            systemd(sections, services, warnings, ctx);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        if (services.isEmpty()) {
            data.put("msg", "Failed to find any services. This can be due to privileges or some other "
                    + "configuration issue.");
            if (!warnings.isEmpty()) {
                data.put("warnings", warnings);
            }
            return new ModuleResult(ModuleResult.Status.SKIPPED, data, null, null, false);
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("services", services);
        data.put("ansible_facts", facts);
        if (!warnings.isEmpty()) {
            data.put("warnings", warnings);
        }
        return ModuleResult.ok(data).withFacts(facts);
    }

    private static void sysv(Map<String, List<String>> s, Map<String, Object> services, List<String> warnings) {
        String out = String.join("\n", s.getOrDefault("sysv", List.of()));
        int rc = rc(s, "sysv.rc");
        if (rc != 0) {
            warnings.add("Unable to query 'service' tool (" + rc + "): "
                    + String.join("\n", s.getOrDefault("err", List.of())));
        }
        Matcher m = SYSV.matcher(out);
        while (m.find()) {
            String name = m.group("name");
            services.put(name, entry(name, m.group("state").equals("+") ? "running" : "stopped", null, "sysv"));
        }
    }

    private static void systemd(Map<String, List<String>> s, Map<String, Object> services, List<String> warnings,
                                ModuleContext ctx) throws IOException {
        if (rc(s, "units.rc") != 0) {
            warnings.add("Could not list units from systemd: " + String.join("\n", s.get("units")));
        } else {
            for (String line : s.get("units")) {
                if (!line.contains(".service")) {
                    continue;
                }
                List<String> fields = new ArrayList<>(List.of(line.strip().split("\\s+")));
                String status = null;
                for (String bad : BAD_STATES) {
                    if (fields.contains(bad)) {
                        status = bad;
                        fields = fields.subList(1, fields.size());
                        break;
                    }
                }
                if (fields.size() < 4) {
                    continue; // Ansible raises an IndexError here; listings of systemd 247+ never have such a line
                }
                if (status == null) {
                    status = fields.get(2);
                }
                String name = fields.get(0);
                services.put(name, entry(name, fields.get(3).equals("running") ? "running" : "stopped", status,
                        "systemd"));
            }
        }
        if (rc(s, "files.rc") != 0) {
            warnings.add("Could not get unit files data from systemd: " + String.join("\n", s.get("files")));
            return;
        }
        List<String[]> missing = new ArrayList<>();
        for (String line : s.getOrDefault("files", List.of())) {
            if (!line.contains(".service")) {
                continue;
            }
            String[] f = line.strip().split("\\s+");
            if (f.length < 2) {
                throw new dev.rigger.RiggerException("Malformed output discovered from systemd list-unit-files: "
                        + line);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> known = (Map<String, Object>) services.get(f[0]);
            if (known == null) {
                services.put(f[0], entry(f[0], "unknown", f[1], "systemd"));
                missing.add(f);
            } else if (!BAD_STATES.contains(String.valueOf(known.get("status")))) {
                known.put("status", f[1]);
            }
        }
        activeStates(missing, services, ctx);
    }

    /** Ansible's {@code systemctl show NAME --property=ActiveState} for each unit file not listed: one round trip. */
    private static void activeStates(List<String[]> missing, Map<String, Object> services, ModuleContext ctx)
            throws IOException {
        if (missing.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("export LANG=C LC_ALL=C; ");
        for (String[] f : missing) {
            sb.append("echo '").append(MARK).append("show'; systemctl show ").append(Shell.quote(f[0]))
                    .append(" --property=ActiveState 2>/dev/null; echo \"").append(MARK).append("rc $?\"; ");
        }
        List<String> blocks = new ArrayList<>();
        List<Integer> rcs = new ArrayList<>();
        StringBuilder cur = null;
        for (String line : ctx.run(sb.toString()).stdout().split("\n", -1)) {
            if (line.equals(MARK + "show")) {
                cur = new StringBuilder();
            } else if (line.startsWith(MARK + "rc ") && cur != null) {
                blocks.add(cur.toString());
                rcs.add(Integer.parseInt(line.substring(MARK.length() + 3).strip()));
                cur = null;
            } else if (cur != null) {
                cur.append(cur.length() > 0 ? "\n" : "").append(line);
            }
        }
        for (int i = 0; i < missing.size() && i < blocks.size(); i++) {
            String out = blocks.get(i);
            if (rcs.get(i) == 0 && !out.isEmpty()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> e = (Map<String, Object>) services.get(missing.get(i)[0]);
                e.put("state", out.replace("ActiveState=", "").stripTrailing());
            }
        }
    }

    private static Map<String, Object> entry(String name, String state, String status, String source) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", name);
        e.put("state", state);
        if (status != null) {
            e.put("status", status);
        }
        e.put("source", source);
        return e;
    }

    private static int rc(Map<String, List<String>> s, String key) {
        List<String> v = s.get(key);
        return v == null || v.isEmpty() ? 0 : Integer.parseInt(v.get(0).strip());
    }

    /**
     * The probe's output by section: "tool" lists the tools found; "sysv", "units", "files" the lines of each
     * listing, "X.rc" its exit status; "err" the sysv listing's stderr.
     */
    static Map<String, List<String>> sections(String out) {
        Map<String, List<String>> s = new LinkedHashMap<>();
        String cur = null;
        for (String line : out.split("\n", -1)) {
            if (line.startsWith(MARK)) {
                String rest = line.substring(MARK.length());
                if (rest.startsWith("tool ")) {
                    s.computeIfAbsent("tool", k -> new ArrayList<>()).add(rest.substring(5));
                } else if (rest.startsWith("rc ") && cur != null) {
                    s.put(cur + ".rc", List.of(rest.substring(3)));
                } else {
                    cur = rest;
                    s.put(cur, new ArrayList<>());
                }
            } else if (cur != null && !(line.isEmpty() && cur.equals("err"))) {
                s.get(cur).add(line);
            }
        }
        return s;
    }
}
