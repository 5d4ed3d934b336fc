package dev.rigger.module;

import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.system.SourcesFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ansible.builtin.apt_repository: one-line sources in {@code /etc/apt/sources.list.d/NAME.list}. present: the line
 * is added unless some .list file already has it (a commented copy is enabled in place); absent: it is removed
 * from every file. The file name follows Ansible (URI host and path with non-alphanumerics as '_').
 */
public final class AptRepositoryModule extends BaseModule {

    @Override
    public String name() {
        return "apt_repository";
    }

    @Override
    public ModuleSpec spec() {
        return ModuleSpec.builder().required("repo")
                .args("filename", "mode", "codename", "_sources_dir")
                .alias("update-cache", "update_cache")
                .choices("state", "absent", "present")
                .bool("update_cache", "validate_certs", "install_python_apt")
                .integer("update_cache_retries", "update_cache_retry_max_delay")
                .build();
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String state = a.choice("state", "present");
        String dir = a.str("_sources_dir", SourcesFile.DIR);
        String repo = a.required("repo").trim();
        if (repo.startsWith("ppa:")) {
            String codename = a.str("codename");
            if (codename == null) {
                ExecResult c = ctx.run(". /etc/os-release 2>/dev/null; echo \"$VERSION_CODENAME\"");
                codename = c.stdout().trim();
            }
            String[] on = repo.substring(4).split("/", 2);
            if (on.length < 2 || codename.isEmpty()) {
                return ModuleResult.failed("apt_repository: cannot expand '" + repo + "' (need ppa:OWNER/NAME and "
                        + "a codename; set codename:)");
            }
            repo = "deb http://ppa.launchpad.net/" + on[0] + "/" + on[1] + "/ubuntu " + codename + " main";
        }
        String wanted = normalize(repo);
        if (wanted == null) {
            return ModuleResult.failed("apt_repository: '" + repo + "' is not a valid source line (expected "
                    + "'deb|deb-src [options] URI SUITE [COMPONENT...]')");
        }
        String filename = a.str("filename");
        String path = dir + "/" + (filename != null ? filename : suggestName(repo)) + ".list";
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("repo", repo);
        data.put("state", state);
        data.put("sources_added", List.of());
        data.put("sources_removed", List.of());
        // every .list file in the folder, one round trip: "==> FILE" then its lines
        ExecResult all = ctx.run("for f in " + Shell.quote(dir) + "/*.list; do [ -f \"$f\" ] || continue; "
                + "echo \"==> $f\"; cat \"$f\"; echo; done");
        Map<String, List<String>> files = new LinkedHashMap<>();
        String cur = null;
        for (String line : all.stdout().split("\n", -1)) {
            if (line.startsWith("==> ")) {
                cur = line.substring(4);
                files.put(cur, new ArrayList<>());
            } else if (cur != null) {
                files.get(cur).add(line);
            }
        }
        boolean update = a.bool("update_cache", true);
        String mode = a.str("mode", "0644");
        if (state.equals("present")) {
            for (Map.Entry<String, List<String>> f : files.entrySet()) {
                for (String line : f.getValue()) {
                    if (wanted.equals(normalize(line))) {
                        return ModuleResult.ok(data);
                    }
                }
            }
            for (Map.Entry<String, List<String>> f : files.entrySet()) {
                List<String> lines = f.getValue();
                for (int i = 0; i < lines.size(); i++) {
                    String l = lines.get(i).trim();
                    if (l.startsWith("#") && wanted.equals(normalize(l.replaceFirst("^#+\\s*", "")))) {
                        String before = text(lines);
                        lines.set(i, l.replaceFirst("^#+\\s*", ""));
                        data.put("sources_added", List.of(f.getKey()));
                        return SourcesFile.converge(ctx, f.getKey(), before, text(lines), mode, update, data);
                    }
                }
            }
            List<String> lines = files.getOrDefault(path, new ArrayList<>());
            String before = files.containsKey(path) ? text(lines) : null;
            List<String> next = new ArrayList<>(lines);
            while (!next.isEmpty() && next.get(next.size() - 1).isEmpty()) {
                next.remove(next.size() - 1);
            }
            next.add(repo);
            data.put("sources_added", List.of(path));
            return SourcesFile.converge(ctx, path, before, text(next), mode, update, data);
        }
        ModuleResult result = ModuleResult.ok(data);
        List<String> removed = new ArrayList<>();
        for (Map.Entry<String, List<String>> f : files.entrySet()) {
            List<String> keep = new ArrayList<>();
            for (String line : f.getValue()) {
                if (!wanted.equals(normalize(line))) {
                    keep.add(line);
                }
            }
            if (keep.size() != f.getValue().size()) {
                removed.add(f.getKey());
                boolean empty = keep.stream().allMatch(l -> l.isBlank());
                data.put("sources_removed", List.copyOf(removed));
                result = SourcesFile.converge(ctx, f.getKey(), text(f.getValue()), empty ? null : text(keep), mode,
                        false, data);
                if (result.failed()) {
                    return result;
                }
            }
        }
        if (!removed.isEmpty() && update && !ctx.checkMode()) {
            ExecResult r = new dev.rigger.module.system.AptRunner(ctx, 60).aptGet(List.of("update", "-q"));
            if (!r.ok()) {
                return ModuleResult.failed("apt_repository: apt-get update failed on " + ctx.hostName() + ": "
                        + r.stderr().trim(), data);
            }
        }
        return removed.isEmpty() ? result : ModuleResult.changed(data).withDiff(
                result.diffs().isEmpty() ? null : result.diffs().get(0));
    }

    /** The file text of {@code lines} as read (a trailing newline; the reader's extra empty lines dropped). */
    private static String text(List<String> lines) {
        List<String> l = new ArrayList<>(lines);
        while (!l.isEmpty() && l.get(l.size() - 1).isEmpty()) {
            l.remove(l.size() - 1);
        }
        return l.isEmpty() ? "" : String.join("\n", l) + "\n";
    }

    /** A source line with whitespace collapsed, trailing slash of the URI ignored; null for comments/junk. */
    static String normalize(String line) {
        String s = line.trim();
        int hash = s.indexOf('#');
        if (hash >= 0) {
            s = s.substring(0, hash).trim();
        }
        if (!(s.startsWith("deb ") || s.startsWith("deb-src "))) {
            return null;
        }
        String options = "";
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[([^\\]]*)\\]").matcher(s);
        if (m.find()) {
            options = "[" + String.join(" ", m.group(1).trim().split("\\s+")) + "] ";
            s = s.substring(0, m.start()) + s.substring(m.end());
        }
        String[] f = s.trim().split("\\s+");
        if (f.length < 3) {
            return null;
        }
        f[1] = f[1].replaceAll("/+$", "");
        return f[0] + " " + options + String.join(" ", java.util.Arrays.copyOfRange(f, 1, f.length));
    }

    /** Ansible's _suggest_filename: first URI without scheme and credentials, non-alphanumerics to '_'. */
    static String suggestName(String repo) {
        String line = repo.replaceAll("\\[[^\\]]+\\]", "").replaceAll("\\w+://", "");
        List<String> parts = new ArrayList<>();
        for (String p : line.trim().split("\\s+")) {
            if (!p.equals("deb") && !p.equals("deb-src")) {
                parts.add(p);
            }
        }
        String first = parts.isEmpty() ? "repo" : parts.get(0);
        if (first.contains("@")) {
            first = first.substring(first.indexOf('@') + 1);
        }
        return String.join("_", first.replaceAll("[^a-zA-Z0-9]", " ").trim().split("\\s+"));
    }
}
