package dev.rigger.module;

import dev.rigger.api.Diff;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.Attrs;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.Content;
import dev.rigger.module.support.Json;
import dev.rigger.module.support.TextFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * community.general.kernel_blacklist (6.6.2), ported from its module: the file is read as Python reads it (text
 * mode, every line right-stripped); a module is blacklisted when an uncommented, stripped line matches
 * {@code ^blacklist\s+NAME$}; present appends {@code blacklist NAME}, absent drops the matching lines; on a change the
 * file is rewritten as one line and a newline per entry, keeping its mode and owner.
 *
 * <p>As Ansible's module, a missing blacklist_file is created empty first, in check mode too, and that alone counts
 * as a change. The diff is Ansible's: the {@code lines} list before and after, as JSON.
 */
public final class KernelBlacklistModule extends BaseModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .required("name")
            .args("blacklist_file")
            .choices("state", "absent", "present")
            .checkMode(ModuleSpec.CheckMode.FULL)
            .build();
    static final String DEFAULT_FILE = "/etc/modprobe.d/blacklist-ansible.conf";

    @Override
    public String name() {
        return "kernel_blacklist";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String name = a.required("name");
        String state = a.choice("state", "present");
        String file = a.str("blacklist_file", DEFAULT_FILE);
        Pattern pattern = Pattern.compile("^blacklist\\s+" + Pattern.quote(name) + "$",
                Pattern.UNICODE_CHARACTER_CLASS);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", name);
        data.put("state", state);
        data.put("filename", file);
        TextFile tf = TextFile.read(ctx, file);
        boolean created = false;
        List<String> lines = new ArrayList<>();
        if (!tf.exists()) {
            String q = Shell.quote(file);
            ExecResult r = ctx.run("[ -d \"$(dirname -- " + q + ")\" ] || exit 2; : >> " + q + " 2>/dev/null || "
                    + "{ [ -d " + q + " ] && exit 21; exit 13; }");
            if (r.rc() != 0) {
                String why = r.rc() == 2 ? "No such file or directory" : r.rc() == 21 ? "Is a directory"
                        : "Permission denied";
                return ModuleResult.failed("Module failed with exception: [Errno " + r.rc() + "] " + why + ": '"
                        + file + "'", data);
            }
            created = true;
            tf = TextFile.read(ctx, file);
        } else {
            String text = new String(tf.bytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace('\r', '\n');
            for (String line : TextFile.lines(text)) {
                lines.add(line.stripTrailing());
            }
        }
        boolean blacklisted = false;
        for (String line : lines) {
            String s = line.strip();
            if (!s.startsWith("#") && pattern.matcher(s).find()) {
                blacklisted = true;
                break;
            }
        }
        List<String> after = new ArrayList<>(lines);
        boolean nowBlacklisted = blacklisted;
        if (state.equals("absent") && blacklisted) {
            nowBlacklisted = false;
            after.removeIf(line -> pattern.matcher(line.strip()).find());
        } else if (state.equals("present") && !blacklisted) {
            nowBlacklisted = true;
            after.add("blacklist " + name);
        }
        boolean linesChanged = !after.equals(lines);
        boolean changed = created || linesChanged || nowBlacklisted != blacklisted;
        data.put("lines", after);
        data.put("is_blacklisted", nowBlacklisted);
        if (changed && !ctx.checkMode()) {
            StringBuilder out = new StringBuilder();
            for (String line : after) {
                out.append(line).append('\n');
            }
            Content.write(ctx, tf.writePath(), out.toString().getBytes(StandardCharsets.UTF_8), tf.info(),
                    new Attrs(null, null, null), false, null);
        }
        ModuleResult result = changed ? ModuleResult.changed(data) : ModuleResult.ok(data);
        if (ctx.diffMode() && linesChanged) {
            result = result.withDiff(Diff.of(null, Json.pretty(Map.<String, Object>of("lines", lines)), null,
                    Json.pretty(Map.<String, Object>of("lines", after))));
        }
        return result;
    }
}
