package dev.rigger.module;

import dev.rigger.api.Diff;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.system.AuthorizedKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ansible.posix.authorized_key: adds/removes public keys in a user's authorized_keys (default
 * {@code ~user/.ssh/authorized_keys}); keys are matched by type and key data. The file is written atomically,
 * mode 0600, owned by the user; {@code manage_dir} creates {@code ~/.ssh} 0700.
 */
public final class AuthorizedKeyModule extends BaseModule {

    @Override
    public String name() {
        return "authorized_key";
    }

    @Override
    public ModuleSpec spec() {
        return ModuleSpec.builder().required("user", "key")
                .args("path", "key_options", "comment")
                .choices("state", "absent", "present")
                .bool("manage_dir", "exclusive", "validate_certs", "follow")
                .path("path")
                .build();
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String user = a.required("user");
        String keyArg = a.str("key", ""); // required, but may be empty as in Ansible: no keys to add then
        String state = a.choice("state", "present");
        boolean exclusive = a.bool("exclusive", false);
        boolean manageDir = a.bool("manage_dir", true);
        String keyOptions = a.str("key_options");
        String comment = a.str("comment");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user", user);
        data.put("key", keyArg);
        data.put("state", state);
        data.put("exclusive", exclusive);
        data.put("key_options", keyOptions);
        data.put("manage_dir", manageDir);
        data.put("comment", comment); // the rest of Ansible's params, which its result echoes
        data.put("follow", a.bool("follow", false));
        data.put("validate_certs", a.bool("validate_certs", true));

        ExecResult pw = ctx.run("getent passwd " + Shell.quote(user));
        if (!pw.ok() || pw.stdout().isBlank()) {
            return ModuleResult.failed("authorized_key: user '" + user + "' does not exist on " + ctx.hostName()
                    + "; create it first with the user module", data);
        }
        String[] p = pw.stdout().trim().split(":", -1);
        String path = a.str("path", p[5] + "/.ssh/authorized_keys");
        data.put("path", path);
        data.put("keyfile", path);
        String keyText = keyArg;
        if (keyArg.startsWith("http://") || keyArg.startsWith("https://")) {
            ExecResult k = ctx.run("curl -fsSL " + Shell.quote(keyArg) + " 2>/dev/null || wget -q -O - "
                    + Shell.quote(keyArg));
            if (!k.ok()) {
                return ModuleResult.failed("authorized_key: cannot fetch keys from " + keyArg + " on "
                        + ctx.hostName(), data);
            }
            keyText = k.stdout();
        }
        List<AuthorizedKeys.Key> wanted;
        try {
            wanted = AuthorizedKeys.parseWanted(keyText, keyOptions, comment);
        } catch (IllegalArgumentException e) {
            return ModuleResult.failed("authorized_key: " + e.getMessage(), data);
        }
        String dir = path.substring(0, Math.max(1, path.lastIndexOf('/')));
        ExecResult cur = ctx.run("test -d " + Shell.quote(dir) + " || exit 3; test -f " + Shell.quote(path)
                + " || exit 4; cat " + Shell.quote(path));
        if (cur.rc() == 3 && !manageDir && state.equals("present")) {
            return ModuleResult.failed("authorized_key: folder " + dir + " does not exist on " + ctx.hostName()
                    + " and manage_dir is off; create it or set manage_dir: yes", data);
        }
        if (cur.rc() != 0 && cur.rc() != 3 && cur.rc() != 4) {
            return ModuleResult.failed("authorized_key: cannot read " + path + " on " + ctx.hostName() + ": "
                    + cur.stderr().trim(), data);
        }
        String before = cur.ok() ? cur.stdout() : "";
        String after = AuthorizedKeys.apply(before, wanted, state.equals("present"), exclusive);
        if (after.equals(before)) { // as Ansible: nothing to write (no keys into a missing file creates none)
            return ModuleResult.ok(data);
        }
        Diff diff = ctx.diffMode() ? Diff.of(path + " (content)", before, path + " (content)", after) : null;
        if (ctx.checkMode()) {
            return ModuleResult.changed(data).withDiff(diff);
        }
        String u = Shell.quote(user);
        if (manageDir) {
            ExecResult mk = ctx.run("d=" + Shell.quote(dir) + "; if [ ! -d \"$d\" ]; then mkdir -p \"$d\" && chown "
                    + u + ": \"$d\" && chmod 0700 \"$d\"; fi");
            if (!mk.ok()) {
                return ModuleResult.failed("authorized_key: cannot create " + dir + " on " + ctx.hostName() + ": "
                        + mk.stderr().trim(), data);
            }
        }
        ctx.connection().writeFileAtomic(path, after.getBytes(StandardCharsets.UTF_8), "0600", ctx.become());
        ExecResult own = ctx.run("chown " + u + ": " + Shell.quote(path));
        if (!own.ok()) {
            return ModuleResult.failed("authorized_key: cannot give " + path + " to " + user + " on "
                    + ctx.hostName() + ": " + own.stderr().trim(), data);
        }
        return ModuleResult.changed(data).withDiff(diff);
    }
}
