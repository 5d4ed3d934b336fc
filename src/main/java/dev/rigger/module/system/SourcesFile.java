package dev.rigger.module.system;

import dev.rigger.connection.ExecResult;
import dev.rigger.api.Diff;
import dev.rigger.module.ModuleContext;
import dev.rigger.module.ModuleResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Writing one apt sources file (atomically, with a diff) and the optional apt-get update after a change. */
public final class SourcesFile {
    /** Where apt reads extra sources; modules accept the undocumented {@code _sources_dir} to move it (tests). */
    public static final String DIR = "/etc/apt/sources.list.d";

    private SourcesFile() {
    }

    /** Current content, or null when the file does not exist. */
    public static String read(ModuleContext ctx, String path) throws IOException {
        ExecResult r = ctx.run("test -f " + dev.rigger.connection.Shell.quote(path) + " || exit 3; cat "
                + dev.rigger.connection.Shell.quote(path));
        if (r.rc() == 3) {
            return null;
        }
        if (!r.ok()) {
            throw new IOException("cannot read " + path + " on " + ctx.hostName() + ": " + r.stderr().trim());
        }
        return r.stdout();
    }

    /**
     * Makes {@code path} hold {@code content} (null = file absent). Returns the result: ok when equal, changed
     * otherwise (nothing written in check mode), with a diff in diff mode and an apt-get update when asked.
     */
    public static ModuleResult converge(ModuleContext ctx, String path, String before, String content, String mode,
                                        boolean updateCache, Map<String, Object> data) throws IOException {
        boolean same = before == null ? content == null : before.equals(content);
        if (same) {
            return ModuleResult.ok(data);
        }
        Diff diff = ctx.diffMode() ? Diff.of(path, before == null ? "" : before, path,
                content == null ? "" : content) : null;
        if (!ctx.checkMode()) {
            if (content == null) {
                ExecResult r = ctx.run("rm -f " + dev.rigger.connection.Shell.quote(path));
                if (!r.ok()) {
                    return ModuleResult.failed("cannot remove " + path + " on " + ctx.hostName() + ": "
                            + r.stderr().trim(), data);
                }
            } else {
                ctx.connection().writeFileAtomic(path, content.getBytes(StandardCharsets.UTF_8), mode, ctx.become());
            }
            if (updateCache) {
                ExecResult r = new AptRunner(ctx, 60).aptGet(List.of("update", "-q"));
                if (!r.ok()) {
                    return ModuleResult.failed("apt-get update after changing " + path + " failed on "
                            + ctx.hostName() + ": " + r.stderr().trim(), data);
                }
            }
        }
        return ModuleResult.changed(data).withDiff(diff);
    }
}
