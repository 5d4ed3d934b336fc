package dev.rigger.module.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for what dpkg-query and apt-get print (run with LC_ALL=C). */
public final class AptOutput {
    private static final Pattern INST = Pattern.compile("^Inst (\\S+)(?: \\[([^\\]]*)\\])? \\((\\S+) .*$");
    private static final Pattern REMV = Pattern.compile("^(Remv|Purg) (\\S+)(?: \\[([^\\]]*)\\])?.*$");
    private static final Pattern SUMMARY = Pattern.compile(
            "^(\\d+) upgraded, (\\d+) newly installed, (\\d+) (?:downgraded, (\\d+) )?to remove.*$");
    private static final List<String> LOCK_MESSAGES = List.of("Could not get lock", "Unable to acquire the dpkg",
            "Unable to lock directory", "Unable to lock the administration directory", "is another process using it");

    private AptOutput() {
    }

    /** One package as dpkg knows it. {@code installed} is true for "install ok installed" (and hold ok installed). */
    public record PkgState(String name, String want, String status, String version) {
        public boolean installed() {
            return "installed".equals(status);
        }

        /** Something left on disk (installed, or removed with its config files kept). */
        public boolean present() {
            return !"not-installed".equals(status);
        }
    }

    /** One package apt-get would install/upgrade ({@code oldVersion} null when new) or remove. */
    public record Action(String name, String oldVersion, String newVersion) {
    }

    /** What {@code apt-get -s} says it would do. Conf lines (configuring already unpacked packages) are ignored. */
    public record Simulation(List<Action> installs, List<Action> removes, String summary) {
        public boolean changes() {
            return !installs.isEmpty() || !removes.isEmpty();
        }

        public boolean installs(String pkg) {
            return installs.stream().anyMatch(a -> a.name().equals(pkg) || a.name().startsWith(pkg + ":"));
        }
    }

    /**
     * Parses {@code dpkg-query -W -f='${Package} ${Status} ${Version}\n'}. With several architectures of one
     * package the installed one wins.
     */
    public static Map<String, PkgState> parseDpkgQuery(String out) {
        Map<String, PkgState> m = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 4) {
                continue;
            }
            String version = f.length >= 5 ? f[4] : "";
            PkgState s = new PkgState(f[0], f[1], f[3], version);
            PkgState old = m.get(f[0]);
            if (old == null || (!old.installed() && s.installed())) {
                m.put(f[0], s);
            }
        }
        return m;
    }

    public static Simulation parseSimulation(String out) {
        List<Action> inst = new ArrayList<>();
        List<Action> rem = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        boolean inSummary = false;
        for (String line : out.split("\n")) {
            Matcher m = INST.matcher(line);
            if (m.matches()) {
                inst.add(new Action(m.group(1), m.group(2), m.group(3)));
                continue;
            }
            m = REMV.matcher(line);
            if (m.matches()) {
                rem.add(new Action(m.group(2), m.group(3), null));
                continue;
            }
            if (line.startsWith("The following") || line.startsWith("  ") && inSummary) {
                inSummary = true;
                summary.append(line).append('\n');
            } else if (SUMMARY.matcher(line).matches()) {
                summary.append(line).append('\n');
                inSummary = false;
            } else {
                inSummary = false;
            }
        }
        return new Simulation(List.copyOf(inst), List.copyOf(rem), summary.toString());
    }

    /** True when apt/dpkg failed only because another process holds its lock (unattended-upgrades, cloud-init). */
    public static boolean isLockError(String output) {
        return LOCK_MESSAGES.stream().anyMatch(output::contains);
    }

    /** Ansible's fnmatch of a version pin against a version ({@code 1.2*}, {@code 1.2.3-1}). */
    public static boolean versionMatches(String pin, String version) {
        StringBuilder re = new StringBuilder();
        for (char c : pin.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.matches(re.toString(), version);
    }
}
