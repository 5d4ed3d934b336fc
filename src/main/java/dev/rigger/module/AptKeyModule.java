package dev.rigger.module;

import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.BinPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * ansible.builtin.apt_key without apt-key (deprecated): the key (data, a file on the host, or a URL fetched by the
 * host) is stored as its own keyring file, {@code keyring} or {@code /etc/apt/trusted.gpg.d/ID.gpg}; armored keys
 * are dearmored with gpg. As Ansible's module, every state (check mode too) first requires apt-key, then gpg, on the
 * host (get_bin_path: PATH and the sbin folders) and fails with Ansible's message when one is missing.
 */
public final class AptKeyModule extends BaseModule {
    private static final String DIR = "/etc/apt/trusted.gpg.d";

    @Override
    public String name() {
        return "apt_key";
    }

    @Override
    public ModuleSpec spec() {
        return ModuleSpec.builder().args("id", "url", "data", "file", "keyring", "keyserver", "_keyring_dir")
                .choices("state", "absent", "present")
                .bool("validate_certs")
                .mutuallyExclusive("data", "file", "keyserver", "url")
                .path("file", "keyring")
                .build();
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        ExecResult bins = ctx.run(BinPath.FUNCTION + BinPath.require("rg_ak", "apt-key")
                + BinPath.require("rg_gpg", "gpg") + "printf '%s' \"$rg_gpg\"");
        String missing = BinPath.missing(bins);
        if (missing != null) {
            return ModuleResult.failed(missing);
        }
        // gpg with a throwaway home, removed after each call: reading keys leaves no ~/.gnupg behind (Ansible's
        // apt_key reads them through apt-key, which does the same)
        String gpg = "rg_gpg() { rg_h=$(mktemp -d) || return 2; " + Shell.quote(bins.stdout().strip())
                + " --homedir \"$rg_h\" \"$@\"; rg_rc=$?; rm -rf \"$rg_h\"; return $rg_rc; }; rg_gpg";
        String state = a.choice("state", "present");
        String id = a.has("id") ? a.str("id").replaceFirst("^0[xX]", "").toUpperCase(Locale.ROOT) : null;
        String dir = a.str("_keyring_dir", DIR);
        String keyring = a.str("keyring");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", id);
        if (state.equals("absent")) {
            if (keyring == null && id == null) {
                return ModuleResult.failed("apt_key: state=absent needs id (or keyring)");
            }
            String find = keyring != null ? "test -f " + Shell.quote(keyring) + " && echo " + Shell.quote(keyring)
                    : "for f in " + Shell.quote(dir) + "/*.gpg " + Shell.quote(dir) + "/*.asc; do [ -f \"$f\" ] || "
                    + "continue; case \"$(basename \"$f\")\" in " + Shell.quote(id) + ".gpg|" + Shell.quote(id)
                    + ".asc) echo \"$f\"; continue;; esac; " + gpg + " --show-keys "
                    + "--with-colons \"$f\" 2>/dev/null | grep '^fpr' | cut -d: -f10 | grep -qi " + Shell.quote(id)
                    + "'$' && echo \"$f\"; done; true";
            ExecResult r = ctx.run(find);
            String[] files = r.stdout().isBlank() ? new String[0] : r.stdout().trim().split("\n");
            if (files.length == 0) {
                return ModuleResult.ok(data);
            }
            if (!ctx.checkMode()) {
                StringBuilder rm = new StringBuilder("rm -f");
                Arrays.stream(files).forEach(f -> rm.append(' ').append(Shell.quote(f)));
                ExecResult d = ctx.run(rm.toString());
                if (!d.ok()) {
                    return ModuleResult.failed("apt_key: cannot remove " + String.join(", ", files) + " on "
                            + ctx.hostName() + ": " + d.stderr().trim(), data);
                }
            }
            data.put("removed", Arrays.asList(files));
            return ModuleResult.changed(data);
        }
        byte[] key;
        if (a.has("data")) {
            key = a.str("data").getBytes(StandardCharsets.UTF_8);
        } else if (a.has("file") || a.has("url")) {
            String src = a.has("file") ? a.str("file") : a.str("url");
            String cmd = a.has("file") ? "cat " + Shell.quote(src)
                    : "curl -fsSL " + (a.bool("validate_certs", true) ? "" : "-k ") + Shell.quote(src)
                    + " 2>/dev/null || wget -q -O - " + Shell.quote(src);
            ExecResult r = ctx.run(cmd);
            if (!r.ok() || r.stdoutBytes().length == 0) {
                return ModuleResult.failed("apt_key: cannot read the key from " + src + " on " + ctx.hostName()
                        + ": " + r.stderr().trim(), data);
            }
            key = r.stdoutBytes();
        } else {
            return ModuleResult.failed("apt_key: give data, file or url (keyservers are not supported by rigger: "
                    + "download the key with url)");
        }
        boolean armored = new String(key, 0, Math.min(key.length, 4096), StandardCharsets.ISO_8859_1)
                .contains("-----BEGIN PGP");
        if (armored) {
            ExecResult r = ctx.connection().exec(ctx.command(gpg + " --dearmor").withStdin(key));
            if (!r.ok()) {
                return ModuleResult.failed("apt_key: the key is not valid OpenPGP data (gpg --dearmor on "
                        + ctx.hostName() + ": " + r.stderr().trim() + ")", data);
            }
            key = r.stdoutBytes();
        }
        ExecResult shown = ctx.connection().exec(ctx.command(gpg + " --show-keys --with-colons 2>/dev/null | grep "
                + "'^fpr' | head -n 1 | cut -d: -f10").withStdin(key));
        String fp = shown.stdout().trim().isEmpty() ? null : shown.stdout().trim().toUpperCase(Locale.ROOT);
        if (fp != null && id != null && !fp.endsWith(id)) {
            return ModuleResult.failed("apt_key: the key's fingerprint " + fp + " does not end with id " + id, data);
        }
        String base = id != null ? id : fp != null ? fp.substring(Math.max(0, fp.length() - 16)) : digest(key);
        String path = keyring != null ? keyring : dir + "/" + base + ".gpg";
        data.put("fp", fp);
        data.put("key_id", fp != null ? fp.substring(Math.max(0, fp.length() - 16)) : id);
        data.put("keyring", path);
        byte[] current = ctx.connection().readFile(path, 1 << 20, ctx.become());
        if (current != null && Arrays.equals(current, key)) {
            return ModuleResult.ok(data);
        }
        if (!ctx.checkMode()) {
            ExecResult mk = ctx.run("mkdir -p " + Shell.quote(path.substring(0, Math.max(1, path.lastIndexOf('/')))));
            if (!mk.ok()) {
                return ModuleResult.failed("apt_key: cannot create the folder of " + path + ": " + mk.stderr().trim(),
                        data);
            }
            ctx.connection().writeFileAtomic(path, key, "0644", ctx.become());
        }
        return ModuleResult.changed(data);
    }

    private static String digest(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 16)
                    .toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
