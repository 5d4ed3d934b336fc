package dev.rigger.galaxy;

import dev.rigger.RiggerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code ansible-galaxy role install} for roles whose {@code src} is a git repository or a local tarball (no Galaxy
 * server is reachable): as ansible-galaxy 2.14, a git role is {@code git clone} + {@code git archive} of its
 * {@code version}, a tarball is unpacked; the folder holding meta/main.yml becomes {@code <path>/<name>}, with
 * meta/.galaxy_install_info. Uses the controller's git and tar, as ansible-galaxy uses git.
 */
public final class RoleInstaller {
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy",
            Locale.ROOT);

    /** One requirement: {@code src}, {@code name}, {@code version}, {@code scm} as requirements.yml gives them. */
    public record Requirement(String src, String name, String version, String scm) {
    }

    private final Path rolesDir;
    private final boolean force;
    private final Consumer<String> out;
    private final Consumer<String> warn;

    public RoleInstaller(Path rolesDir, boolean force, Consumer<String> out, Consumer<String> warn) {
        this.rolesDir = rolesDir;
        this.force = force;
        this.out = out;
        this.warn = warn;
    }

    /** The requirements of a requirements.yml document: a list, or {roles: [...], collections: [...]}. */
    @SuppressWarnings("unchecked")
    public static List<Requirement> parse(Object doc, Consumer<String> warn) {
        List<Object> roles;
        if (doc instanceof List<?> l) {
            roles = (List<Object>) l;
        } else if (doc instanceof Map<?, ?> m) {
            roles = m.get("roles") instanceof List<?> l ? (List<Object>) l : List.of();
            if (m.get("collections") instanceof List<?> c && !c.isEmpty()) {
                warn.accept("rigger galaxy installs roles only: the " + c.size() + " collection(s) of this file "
                        + "were not installed (use ansible-galaxy collection install)");
            }
        } else {
            throw new RiggerException("Expected role requirements to be a list or a mapping with 'roles'");
        }
        List<Requirement> out = new ArrayList<>();
        for (Object o : roles) {
            if (o instanceof String s) {
                out.add(fromString(s));
            } else if (o instanceof Map<?, ?> m) {
                Object src = m.get("src") != null ? m.get("src") : m.get("name");
                if (src == null) {
                    throw new RiggerException("a role requirement needs src (or name): " + m);
                }
                Requirement r = fromString(String.valueOf(src));
                out.add(new Requirement(r.src(), m.get("name") != null && m.get("src") != null
                        ? String.valueOf(m.get("name")) : r.name(),
                        m.get("version") != null ? String.valueOf(m.get("version")) : r.version(),
                        m.get("scm") != null ? String.valueOf(m.get("scm")) : r.scm()));
            } else {
                throw new RiggerException("a role requirement must be a string or a mapping: " + o);
            }
        }
        return out;
    }

    /** ansible-galaxy's "src[,version[,name]]" and "git+URL" forms; the name from the URL (repo_url_to_role_name). */
    static Requirement fromString(String spec) {
        String[] parts = spec.split(",");
        String src = parts[0].strip();
        String version = parts.length > 1 && !parts[1].isBlank() ? parts[1].strip() : null;
        String name = parts.length > 2 && !parts[2].isBlank() ? parts[2].strip() : null;
        String scm = null;
        if (src.startsWith("git+")) {
            scm = "git";
            src = src.substring(4);
        }
        if (name == null) {
            String tail = src.replaceAll("/+$", "");
            tail = tail.substring(tail.lastIndexOf('/') + 1);
            for (String ext : List.of(".git", ".tar.gz", ".tgz", ".tar")) {
                if (tail.endsWith(ext)) {
                    tail = tail.substring(0, tail.length() - ext.length());
                }
            }
            name = tail;
        }
        return new Requirement(src, name, version, scm);
    }

    /** Installs each requirement; false when one failed (the others are still tried only with ignoreErrors). */
    public boolean install(List<Requirement> reqs, boolean ignoreErrors) {
        boolean ok = true;
        for (Requirement r : reqs) {
            try {
                installOne(r);
            } catch (RiggerException | IOException e) {
                warn.accept("- " + r.name() + " was NOT installed successfully: " + e.getMessage());
                ok = false;
                if (!ignoreErrors) {
                    return false;
                }
            }
        }
        return ok;
    }

    private void installOne(Requirement r) throws IOException {
        Path dest = rolesDir.resolve(r.name());
        String label = r.name() + (r.version() != null ? " (" + r.version() + ")" : "");
        if (Files.exists(dest) && !force) {
            String installed = installedVersion(dest);
            String wanted = r.version() == null ? "" : r.version();
            if (installed == null || installed.equals(wanted)) {
                out.accept("- " + label + " is already installed, skipping.");
            } else {
                out.accept("- " + r.name() + " (" + installed + ") is already installed - use --force to change "
                        + "version to " + (r.version() == null ? "unspecified" : r.version()));
            }
            return;
        }
        Path work = Files.createTempDirectory("rigger-galaxy-");
        try {
            Path tar;
            if ("git".equals(r.scm())) {
                Path clone = work.resolve("clone");
                run(work, "git", "clone", "--quiet", r.src(), clone.toString());
                tar = work.resolve("role.tar");
                run(clone, "git", "archive", "--prefix=" + r.name() + "/", "--output=" + tar,
                        r.version() == null ? "HEAD" : r.version());
            } else if (r.scm() != null) {
                throw new RiggerException("scm " + r.scm() + " is not supported by rigger galaxy (git only)");
            } else {
                tar = Path.of(r.src().replaceFirst("^file://", ""));
                if (!Files.isRegularFile(tar)) {
                    throw new RiggerException("rigger galaxy installs from git (scm: git or git+URL) and local "
                            + "tarballs only; no Galaxy server is reachable for '" + r.src() + "'");
                }
            }
            Path unpacked = Files.createDirectories(work.resolve("unpacked"));
            run(work, "tar", "-xf", tar.toAbsolutePath().toString(), "-C", unpacked.toString());
            Path roleDir = roleDir(unpacked);
            out.accept("- extracting " + r.name() + " to " + dest.toAbsolutePath());
            if (Files.exists(dest)) {
                deleteTree(dest);
            }
            Files.createDirectories(dest.getParent());
            Files.move(roleDir, dest);
            Files.writeString(dest.resolve("meta/.galaxy_install_info"), "install_date: "
                    + ZonedDateTime.now(ZoneOffset.UTC).format(CTIME) + "\nversion: "
                    + (r.version() == null ? "''" : r.version()) + "\n", StandardCharsets.UTF_8);
            out.accept("- " + label + " was installed successfully");
            List<String> deps = dependencies(dest);
            if (!deps.isEmpty()) {
                warn.accept("- " + r.name() + " depends on " + String.join(", ", deps) + ": rigger galaxy does not "
                        + "install dependencies yet; add them to the requirements file");
            }
        } finally {
            deleteTree(work);
        }
    }

    /** The shallowest folder holding meta/main.yml (ansible-galaxy's check for a role). */
    private static Path roleDir(Path unpacked) throws IOException {
        try (Stream<Path> s = Files.walk(unpacked, 4)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("meta/main.yml"))
                            || Files.isRegularFile(p.resolve("meta/main.yaml")))
                    .min(Comparator.comparingInt(Path::getNameCount))
                    .orElseThrow(() -> new RiggerException("this role does not appear to have a meta/main.yml file."));
        }
    }

    private static String installedVersion(Path dest) {
        Path info = dest.resolve("meta/.galaxy_install_info");
        try {
            for (String l : Files.readAllLines(info)) {
                if (l.startsWith("version:")) {
                    String v = l.substring(8).strip();
                    return v.equals("''") ? "" : v.replaceAll("^'(.*)'$", "$1");
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<String> dependencies(Path role) {
        try {
            Object meta = dev.rigger.yaml.YamlLoader.load(role.resolve("meta/main.yml"));
            if (meta instanceof Map<?, ?> m && m.get("dependencies") instanceof List<?> l) {
                List<String> out = new ArrayList<>();
                for (Object d : l) {
                    Object n = d instanceof Map<?, ?> dm ? (dm.get("role") != null ? dm.get("role") : dm.get("src"))
                            : d;
                    out.add(String.valueOf(n));
                }
                return out;
            }
        } catch (RuntimeException e) {
            return List.of();
        }
        return List.of();
    }

    private static void run(Path dir, String... cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new RiggerException(cmd[0] + " did not finish within 600 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
        if (p.exitValue() != 0) {
            throw new RiggerException("- command " + String.join(" ", cmd) + " failed in directory " + dir
                    + " (rc=" + p.exitValue() + ")" + (output.isEmpty() ? "" : ": " + output));
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
