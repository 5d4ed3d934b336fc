package dev.rigger.module;

import dev.rigger.api.Diff;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ansible.builtin.git: clone, or fetch and check out {@code version} (branch, tag, SHA or HEAD = the remote's
 * default branch). Changed iff the checked-out SHA differs before/after or the remote URL changed. Check mode
 * asks {@code git ls-remote} and changes nothing.
 */
public final class GitModule extends BaseModule {

    @Override
    public String name() {
        return "git";
    }

    @Override
    public ModuleSpec spec() {
        return ModuleSpec.builder().required("repo", "dest")
                .args("version", "key_file", "ssh_opts", "remote", "executable", "umask", "refspec", "reference",
                        "separate_git_dir", "archive", "gpg_whitelist")
                .alias("name", "repo")
                .bool("force", "clone", "update", "verify_commit", "accept_hostkey", "accept_newhostkey", "bare",
                        "recursive", "single_branch", "track_submodules")
                .integer("depth")
                .list("gpg_whitelist")
                .mutuallyExclusive("separate_git_dir", "bare")
                .mutuallyExclusive("accept_hostkey", "accept_newhostkey")
                .path("dest", "archive", "executable", "key_file", "separate_git_dir")
                .build();
    }

    /** What version means on the remote. kind: branch, tag, sha. */
    private record Target(String kind, String ref, String sha) {
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String given = a.required("repo");
        // like Ansible: an absolute path becomes a file:// URL (git then packs objects instead of hard-linking them)
        String repo = given.startsWith("/") ? "file://" + given : given;
        String dest = a.required("dest");
        String version = a.str("version", "HEAD");
        String remote = a.str("remote", "origin");
        Integer depth = a.integer("depth");
        boolean bare = a.bool("bare", false);
        String git = gitPrefix(a);
        String d = Shell.quote(dest);
        Map<String, Object> data = new LinkedHashMap<>();

        ExecResult local = ctx.run("cd " + d + " 2>/dev/null || exit 3; if [ -z \"$(ls -A . 2>/dev/null)\" ]; then "
                + "exit 3; fi; { test -e .git || { test -f HEAD && test -d objects; }; } || exit 4; echo \"H:$(" + git
                + " rev-parse HEAD 2>/dev/null)\"; echo \"U:$(" + git + " config --get remote." + Shell.quote(remote)
                + ".url)\"; if [ \"$(" + git + " rev-parse --is-bare-repository)\" = false ]; then echo \"M:$(" + git
                + " status --porcelain --untracked-files=no | head -n 1)\"; fi");
        if (local.rc() == 4) {
            return ModuleResult.failed("git: " + dest + " exists on " + ctx.hostName()
                    + " and is not an empty folder or a git repository; remove it or choose another dest", data);
        }
        if (local.rc() != 0 && local.rc() != 3) {
            return ModuleResult.failed("git: cannot inspect " + dest + " on " + ctx.hostName() + ": "
                    + local.stderr().trim(), data);
        }
        boolean exists = local.rc() == 0;
        if (!exists && !a.bool("clone", true)) {
            data.put("before", null);
            data.put("after", null);
            return ModuleResult.ok(data);
        }
        Target target = resolve(ctx, git, repo, version);
        if (target == null) {
            return ModuleResult.failed("git: version '" + version + "' is neither a branch, a tag nor a SHA of "
                    + repo + " (as seen from " + ctx.hostName() + ")", data);
        }
        if (!exists) {
            data.put("before", null);
            if (ctx.checkMode()) {
                data.put("after", target.sha());
                return ModuleResult.changed(data).withDiff(newlyCheckedOut(ctx, target.sha()));
            }
            List<String> clone = new ArrayList<>(List.of("clone"));
            if (bare) {
                clone.add("--bare");
            }
            if (depth != null) {
                clone.addAll(List.of("--depth", depth.toString()));
                if (!a.bool("single_branch", false)) {
                    clone.add("--no-single-branch");
                }
            } else if (a.bool("single_branch", false)) {
                clone.add("--single-branch");
            }
            if (!remote.equals("origin")) {
                clone.addAll(List.of("--origin", remote));
            }
            if (target.kind().equals("branch") || target.kind().equals("tag")) {
                clone.addAll(List.of("--branch", target.ref()));
            }
            clone.addAll(List.of(repo, dest));
            StringBuilder s = new StringBuilder(git + " " + Shell.join(clone) + " && cd " + d);
            if (target.kind().equals("sha") && !bare) {
                s.append(" && { ").append(git).append(" -c advice.detachedHead=false checkout --force ")
                        .append(Shell.quote(target.sha())).append(" || { ").append(git).append(" fetch ")
                        .append(Shell.quote(remote)).append(' ').append(Shell.quote(target.sha())).append(" && ")
                        .append(git).append(" -c advice.detachedHead=false checkout --force FETCH_HEAD; }; }");
            }
            if (a.bool("recursive", true) && !bare) {
                s.append(" && { test ! -f .gitmodules || ").append(git).append(" submodule update --init --recursive; }");
            }
            s.append(" && ").append(git).append(" rev-parse HEAD");
            ExecResult r = ctx.run(s.toString());
            if (!r.ok()) {
                return failed(ctx, "clone of " + repo + " into " + dest, r, data);
            }
            data.put("after", lastLine(r.stdout()));
            return ModuleResult.changed(data).withDiff(newlyCheckedOut(ctx, lastLine(r.stdout())));
        }

        Map<String, String> info = new HashMap<>();
        for (String line : local.stdout().split("\n")) {
            if (line.length() >= 2) {
                info.put(line.substring(0, 1), line.substring(2));
            }
        }
        String before = info.getOrDefault("H", "");
        data.put("before", before.isEmpty() ? null : before);
        String url = info.getOrDefault("U", "");
        boolean urlChanged = !repo.equals(url) && !given.equals(url);
        data.put("remote_url_changed", urlChanged);
        if (urlChanged && !ctx.checkMode()) {
            ExecResult r = ctx.run("cd " + d + " && { " + git + " remote set-url " + Shell.quote(remote) + " "
                    + Shell.quote(repo) + " 2>/dev/null || " + git + " remote add " + Shell.quote(remote) + " "
                    + Shell.quote(repo) + "; }");
            if (!r.ok()) {
                return failed(ctx, "setting the remote URL of " + dest, r, data);
            }
        }
        if (!info.getOrDefault("M", "").isEmpty() && !a.bool("force", false)) {
            return ModuleResult.failed("git: Local modifications exist in the destination: " + dest + " (force=no)"
                    + " on " + ctx.hostName() + "; commit or discard them, or set force: yes", data);
        }
        if (!a.bool("update", true)) {
            data.put("after", before);
            return ModuleResult.of(urlChanged, data);
        }
        if (ctx.checkMode()) {
            boolean same = target.kind().equals("sha") ? before.startsWith(target.sha())
                    : before.equals(target.sha());
            data.put("after", target.kind().equals("sha") && same ? before : target.sha());
            return ModuleResult.of(!same || urlChanged, data);
        }
        String rq = Shell.quote(remote);
        StringBuilder s = new StringBuilder("cd " + d + " && " + git + " fetch --tags --force");
        if (depth != null) {
            s.append(" --depth ").append(depth);
        }
        s.append(' ').append(rq).append(bare ? " '+refs/heads/*:refs/heads/*'"
                : " '+refs/heads/*:refs/remotes/" + remote.replace("'", "") + "/*'");
        if (!bare) {
            String co = git + " -c advice.detachedHead=false checkout --force ";
            switch (target.kind()) {
                case "branch" -> s.append(" && ").append(co).append("-B ").append(Shell.quote(target.ref()))
                        .append(' ').append(Shell.quote("refs/remotes/" + remote + "/" + target.ref()));
                case "tag" -> s.append(" && ").append(co).append(Shell.quote("refs/tags/" + target.ref()));
                default -> s.append(" && { ").append(co).append(Shell.quote(target.sha())).append(" || { ")
                        .append(git).append(" fetch ").append(rq).append(' ').append(Shell.quote(target.sha()))
                        .append(" && ").append(co).append("FETCH_HEAD; }; }");
            }
            if (a.bool("recursive", true)) {
                s.append(" && { test ! -f .gitmodules || ").append(git)
                        .append(" submodule update --init --recursive; }");
            }
        }
        s.append(" && ").append(git).append(" rev-parse HEAD");
        ExecResult r = ctx.run(s.toString());
        if (!r.ok()) {
            return failed(ctx, "update of " + dest + " to " + version, r, data);
        }
        String after = lastLine(r.stdout());
        data.put("after", after);
        boolean changed = !after.equals(before) || urlChanged;
        ModuleResult res = ModuleResult.of(changed, data);
        if (changed && ctx.diffMode() && !before.isEmpty() && !after.equals(before)) {
            ExecResult diff = ctx.run("cd " + d + " && " + git + " diff --stat " + Shell.quote(before) + " "
                    + Shell.quote(after));
            res = res.withDiff(Diff.prepared(diff.stdout()));
        }
        return res;
    }

    /** Ansible's diff for a fresh clone: {@code >> Newly checked out <sha>}; null outside diff mode. */
    private static Diff newlyCheckedOut(ModuleContext ctx, String sha) {
        return ctx.diffMode() ? Diff.prepared(">> Newly checked out " + sha) : null;
    }

    private static Target resolve(ModuleContext ctx, String git, String repo, String version) throws IOException {
        List<String> patterns = new ArrayList<>(List.of("HEAD"));
        if (!version.equals("HEAD")) {
            patterns.add("refs/heads/" + version);
            patterns.add("refs/tags/" + version);
        }
        ExecResult r = ctx.run(git + " ls-remote --symref " + Shell.quote(repo) + " " + Shell.join(patterns));
        if (!r.ok()) {
            throw new IOException("git: cannot reach " + repo + " from " + ctx.hostName() + ": " + r.stderr().trim());
        }
        Map<String, String> refs = new HashMap<>();
        String headBranch = null;
        for (String line : r.stdout().split("\n")) {
            String[] f = line.split("\t");
            if (f.length < 2) {
                continue;
            }
            if (f[0].startsWith("ref: ") && f[1].equals("HEAD")) {
                headBranch = f[0].substring(5).replaceFirst("^refs/heads/", "");
            } else {
                refs.put(f[1], f[0]);
            }
        }
        if (version.equals("HEAD")) {
            String sha = refs.get("HEAD");
            if (sha == null) {
                return null;
            }
            return headBranch != null ? new Target("branch", headBranch, sha) : new Target("sha", sha, sha);
        }
        if (refs.containsKey("refs/heads/" + version)) {
            return new Target("branch", version, refs.get("refs/heads/" + version));
        }
        if (refs.containsKey("refs/tags/" + version)) {
            String peeled = refs.get("refs/tags/" + version + "^{}");
            return new Target("tag", version, peeled != null ? peeled : refs.get("refs/tags/" + version));
        }
        if (version.matches("[0-9a-fA-F]{4,40}")) {
            return new Target("sha", version, version.toLowerCase(java.util.Locale.ROOT));
        }
        return null;
    }

    private static String gitPrefix(Args a) {
        StringBuilder ssh = new StringBuilder("ssh");
        if (a.bool("accept_hostkey", false) || a.bool("accept_newhostkey", false)) {
            ssh.append(" -o StrictHostKeyChecking=accept-new");
        }
        if (a.has("key_file")) {
            ssh.append(" -i ").append(Shell.quote(a.str("key_file"))).append(" -o IdentitiesOnly=yes");
        }
        if (a.has("ssh_opts")) {
            ssh.append(' ').append(a.str("ssh_opts"));
        }
        String exe = Shell.quote(a.str("executable", "git"));
        String env = "GIT_TERMINAL_PROMPT=0 ";
        if (!ssh.toString().equals("ssh")) {
            env += "GIT_SSH_COMMAND=" + Shell.quote(ssh.toString()) + " ";
        }
        return "env " + env + exe;
    }

    private static String lastLine(String s) {
        String[] lines = s.trim().split("\n");
        return lines[lines.length - 1].trim();
    }

    private static ModuleResult failed(ModuleContext ctx, String what, ExecResult r, Map<String, Object> data) {
        Map<String, Object> d = new LinkedHashMap<>(data);
        d.put("rc", r.rc());
        d.put("stdout", r.stdout());
        d.put("stderr", r.stderr());
        return ModuleResult.failed("git: " + what + " failed on " + ctx.hostName() + ": " + r.stderr().trim(), d);
    }
}
