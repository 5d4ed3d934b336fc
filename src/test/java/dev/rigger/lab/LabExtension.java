package dev.rigger.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class running lab rigs ({@link LabRigs} as a parameter), as many as its {@link LabSetup} asks
 * (default: 2 full rigs). The lab is started once per test run and reused while it has enough running rigs;
 * if this extension started it, it stops it when the run ends (unless {@code -Drigger.lab.keep=true}).
 * Without Linux, root or the lab's tools, the tests skip with one line saying what is missing.
 */
public final class LabExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LabExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        LabSetup setup = context.getRequiredTestClass().getAnnotation(LabSetup.class);
        int rigs = setup == null ? 2 : setup.rigs();
        boolean light = setup != null && setup.light();
        Optional<String> missing = missing(light);
        Assumptions.assumeTrue(missing.isEmpty(), () -> "lab tests skipped: " + missing.orElse(""));
        Session session = context.getRoot().getStore(NS)
                .getOrComputeIfAbsent(Session.class, k -> new Session(Lab.create()), Session.class);
        context.getStore(NS).put(LabRigs.class, session.ensure(rigs, light));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LabRigs.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NS).get(LabRigs.class, LabRigs.class);
    }

    /** What keeps the lab from running here, if anything. */
    static Optional<String> missing(boolean light) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.of("needs Linux, this is " + System.getProperty("os.name"));
        }
        String uid = uid();
        if (!"0".equals(uid)) {
            return Optional.of("needs root (uid is " + uid + ")");
        }
        List<String> tools = new ArrayList<>(List.of("bash", "ip", "unshare", "chroot", "mount", "ssh", "ssh-keygen",
                "dpkg-scanpackages", "dpkg-deb", "flock", "python3"));
        if (!light) {
            tools.add("systemd-nspawn");
        }
        String cache = System.getenv().getOrDefault("RIGGER_LAB_CACHE", "/var/cache/rigger-lab");
        if (!Files.isRegularFile(Path.of(cache, "base.stamp"))) {
            tools.add("debootstrap");
        }
        List<String> absent = tools.stream().filter(t -> !onPath(t)).toList();
        if (!absent.isEmpty()) {
            return Optional.of("missing tools " + absent + " (install them with lab/ci-install.sh)");
        }
        try {
            Lab.locate();
        } catch (LabException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    private static String uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).trim().split("\\s+")[0];
                }
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** One per test run: starts the lab when needed, stops it at the end if it started it. */
    static final class Session implements AutoCloseable {
        private final Lab lab;
        private boolean started;

        Session(Lab lab) {
            this.lab = lab;
        }

        synchronized LabRigs ensure(int rigs, boolean light) {
            LabStatus status = lab.status();
            List<LabRig> usable = usable(status, rigs, light);
            if (usable.size() < rigs || !status.mirrorUp() || status.inventory().isEmpty()) {
                int n = Math.max(rigs, status.rigs().size());
                lab.up(n, light);
                started = true;
                status = lab.status();
                usable = usable(status, rigs, light);
                if (usable.size() < rigs) {
                    throw new LabException("lab up --rigs " + n + " left only " + usable.size() + " usable rigs: "
                            + status.rigs() + "; see the rigs' logs under the lab state directory");
                }
            }
            Path inventory = status.inventory().orElseThrow();
            return new LabRigs(usable, lab.keyPath(), inventory, mirrorUrl(inventory), lab);
        }

        private static String mirrorUrl(Path inventory) {
            try {
                return Files.readAllLines(inventory).stream().map(String::trim)
                        .filter(l -> l.startsWith("lab_mirror_url:")).map(l -> l.substring("lab_mirror_url:".length()).trim())
                        .findFirst().orElseThrow(() -> new LabException("no lab_mirror_url in " + inventory));
            } catch (IOException e) {
                throw new LabException("cannot read the lab inventory " + inventory + ": " + e.getMessage(), e);
            }
        }

        private static List<LabRig> usable(LabStatus status, int rigs, boolean light) {
            List<LabRig> out = new ArrayList<>();
            for (int i = 1; i <= rigs; i++) {
                String name = "rig" + i;
                status.rigs().stream().filter(r -> r.name().equals(name) && r.running() && (light || r.full()))
                        .findFirst().ifPresent(out::add);
            }
            return out;
        }

        @Override
        public synchronized void close() {
            if (started && !Boolean.getBoolean("rigger.lab.keep")) {
                lab.down();
            }
        }
    }
}
