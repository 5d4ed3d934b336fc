package dev.rigger.module;

import dev.rigger.connection.Command;
import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.ChecksumFile;
import dev.rigger.module.support.ControllerDownload;
import dev.rigger.module.support.ArgException;
import dev.rigger.module.support.Attrs;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.FileInfo;
import dev.rigger.module.support.Modes;
import dev.rigger.module.support.Probe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * ansible.builtin.get_url: downloads ON THE HOST with curl (or wget) into a temp file beside dest, verifies
 * {@code checksum}, and renames it over dest only when the content differs. An existing dest whose checksum
 * matches costs one round trip and no request; without a checksum curl sends If-Modified-Since (304 = ok).
 */
public final class GetUrlModule extends BaseModule {
    private static final Set<String> ALGOS = Set.of("md5", "sha1", "sha224", "sha256", "sha384", "sha512");
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .required("url", "dest")
            .args("checksum", "mode", "owner", "group", "headers", "url_username", "url_password", "http_agent",
                    "tmp_dest", "client_cert", "client_key", "ciphers")
            .alias("username", "url_username").alias("password", "url_password")
            .checkMode(ModuleSpec.CheckMode.PARTIAL)
            .bool("backup", "use_proxy", "validate_certs", "force_basic_auth", "force", "decompress", "use_netrc",
                    "unsafe_writes")
            .integer("timeout")
            .list("ciphers")
            .dict("headers")
            .path("dest", "tmp_dest", "client_cert", "client_key")
            .build();

    @Override
    public String name() {
        return "get_url";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String url = a.required("url");
        String dest = a.required("dest");
        boolean force = a.bool("force", false);
        int timeout = a.integer("timeout", 10);
        Attrs attrs = Attrs.from(a);
        String algo = null;
        String want = null;
        String checksum = a.str("checksum", "");
        if (!checksum.isEmpty()) {
            int c = checksum.indexOf(':');
            if (c < 0) {
                throw new ArgException("The checksum parameter has to be in format <algorithm>:<checksum>");
            }
            algo = checksum.substring(0, c).toLowerCase(Locale.ROOT);
            want = checksum.substring(c + 1);
            if (!ALGOS.contains(algo)) {
                throw new ArgException("Unsupported hash algorithm " + algo + "; use one of " + ALGOS);
            }
            if (ChecksumFile.isUrl(want)) {
                String sums = checksumFile(a, ctx, want, timeout);
                String fileName = ChecksumFile.fileName(url);
                want = ChecksumFile.digest(sums, fileName).orElseThrow(() -> new ArgException(
                        "Unable to find a checksum for file '" + fileName + "' in '" + checksum.substring(c + 1) + "'"));
            }
            want = ChecksumFile.clean(want);
            if (!want.matches("[0-9a-f]+")) {
                throw new ArgException("The checksum format is invalid");
            }
        }
        String name = url.replaceAll("[?#].*$", "");
        name = name.substring(name.lastIndexOf('/') + 1);
        String qd = Shell.quote(dest);
        Probe p = new Probe().shell("t=" + qd + "; if [ -d \"$t\" ]; then t=\"$t\"/" + Shell.quote(name.isEmpty()
                ? "index.html" : name) + "; echo 'V\tisdir\tyes'; fi").value("target", "printf '%s' \"$t\"")
                .statFollow("f", "\"$t\"");
        if (algo != null) {
            p.shell("if [ -f \"$t\" ]; then").value("sum", algo + "sum < \"$t\" | cut -d' ' -f1").shell("fi");
        }
        ExecResult pr0 = ctx.run(p.script());
        Probe.Result pr = Probe.parse(pr0.stdoutBytes());
        boolean isDir = "yes".equals(pr.value("isdir"));
        String target = pr.value("target");
        FileInfo cur = pr.stat("f");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("url", url);
        data.put("dest", target);
        if (cur.exists() && !cur.isFile()) {
            return ModuleResult.failed("Destination " + target + " is a " + cur.type(), data);
        }
        if (!isDir && cur.exists() && want != null && want.equals(pr.value("sum"))) {
            data.put("msg", "file already exists");
            return attrsOnly(ctx, target, cur, attrs, data);
        }
        if (!isDir && cur.exists() && !force && want == null && ctx.checkMode()) {
            data.put("msg", "file already exists");
            return attrsOnly(ctx, target, cur, attrs, data);
        }
        if (ctx.checkMode()) {
            data.put("msg", "would download " + url);
            return ModuleResult.changed(data);
        }
        String script = downloadScript(a, url, target, timeout, algo, want, cur.exists() && !force && !isDir,
                attrs, cur, false);
        StringBuilder cfg = new StringBuilder();
        if (a.has("url_username")) {
            cfg.append("user = \"").append(escapeCfg(a.str("url_username"))).append(':')
                    .append(escapeCfg(a.str("url_password", ""))).append("\"\n");
        }
        Command c = ctx.command(script).withTimeout(Duration.ofSeconds(timeout + 60L))
                .withStdin(cfg.toString().getBytes(StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        ExecResult r = ctx.connection().exec(c);
        if (r.rc() == 4) {
            // neither curl nor wget on the host: the controller downloads and sends the bytes over the connection
            // (the rig needs nothing but sshd)
            byte[] body = ControllerDownload.fetch(url, headers(a.raw("headers")), a.str("url_username"),
                    a.str("url_password"), timeout, !a.bool("validate_certs", true));
            script = downloadScript(a, url, target, timeout, algo, want, false, attrs, cur, true);
            r = ctx.connection().exec(ctx.command(script).withTimeout(Duration.ofSeconds(timeout + 60L))
                    .withStdin(body));
            data.put("downloaded_by", "controller");
        }
        data.put("elapsed", Duration.ofNanos(System.nanoTime() - t0).toSeconds());
        Probe.Result done = Probe.parse(r.stdoutBytes());
        String code = done.value("code");
        if (code != null && code.matches("\\d+") && !code.equals("000")) {
            data.put("status_code", Integer.parseInt(code));
        }
        switch (r.rc()) {
            case 0 -> {
            }
            case 4 -> {
                return ModuleResult.failed("get_url needs curl or wget on the host " + ctx.hostName()
                        + "; install one of them", data);
            }
            case 6 -> {
                return ModuleResult.failed("Request failed: HTTP Error " + code, data);
            }
            case 7 -> {
                return ModuleResult.failed("The checksum for " + target + " did not match " + want + "; it was "
                        + done.value("got") + ".", data);
            }
            default -> {
                return ModuleResult.failed("Request failed: " + r.stderr().trim(), data);
            }
        }
        if ("304".equals(code)) {
            data.put("msg", "HTTP Error 304: Not Modified");
            return attrsOnly(ctx, target, cur, attrs, data);
        }
        data.put("checksum_src", done.value("sha1"));
        data.put("size", Long.parseLong(done.value("size").trim()));
        data.put("msg", "OK (" + done.value("size").trim() + " bytes)");
        FileInfo after = done.stat("d");
        data.put("checksum_dest", done.value("sha1"));
        if (done.value("backup") != null) {
            data.put("backup_file", done.value("backup"));
        }
        if (!"yes".equals(done.value("replaced"))) {
            return attrsOnly(ctx, target, cur, attrs, data);
        }
        CopyModule.putAttrs(data, after);
        data.put("state", "file");
        return ModuleResult.changed(data);
    }

    private static String escapeCfg(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static ModuleResult attrsOnly(ModuleContext ctx, String target, FileInfo cur, Attrs attrs,
                                          Map<String, Object> data) throws IOException {
        data.put("state", "file");
        if (!attrs.differs(cur)) {
            CopyModule.putAttrs(data, cur);
            return ModuleResult.ok(data);
        }
        if (ctx.checkMode()) {
            CopyModule.putAttrs(data, attrs.predict(cur));
            return ModuleResult.changed(data);
        }
        CopyModule.putAttrs(data, CopyModule.fixAttrs(ctx, target, cur, attrs));
        return ModuleResult.changed(data);
    }

    private static String downloadScript(Args a, String url, String target, int timeout, String algo, String want,
                                         boolean conditional, Attrs attrs, FileInfo cur, boolean fromStdin) {
        String qu = Shell.quote(url);
        StringBuilder curl = new StringBuilder("curl -sS -L --max-time ").append(timeout).append(" -K - -A ")
                .append(Shell.quote(a.str("http_agent", "ansible-httpget")));
        StringBuilder wget = new StringBuilder("wget -q -T ").append(timeout).append(" -U ")
                .append(Shell.quote(a.str("http_agent", "ansible-httpget")));
        if (!a.bool("validate_certs", true)) {
            curl.append(" -k");
            wget.append(" --no-check-certificate");
        }
        if (!a.bool("use_proxy", true)) {
            curl.append(" --noproxy '*'");
            wget.append(" --no-proxy");
        }
        if (a.bool("decompress", true)) {
            curl.append(" --compressed");
        }
        if (a.bool("use_netrc", true)) {
            curl.append(" --netrc-optional");
        } else {
            wget.append(" --no-netrc");
        }
        if (a.has("client_cert")) {
            curl.append(" --cert ").append(Shell.quote(a.str("client_cert")));
            wget.append(" --certificate=").append(Shell.quote(a.str("client_cert")));
        }
        if (a.has("client_key")) {
            curl.append(" --key ").append(Shell.quote(a.str("client_key")));
            wget.append(" --private-key=").append(Shell.quote(a.str("client_key")));
        }
        if (a.has("ciphers")) {
            String c = String.join(":", a.list("ciphers"));
            curl.append(" --ciphers ").append(Shell.quote(c));
            wget.append(" --ciphers=").append(Shell.quote(c));
        }
        if (a.has("url_username")) {
            wget.append(" --user=").append(Shell.quote(a.str("url_username"))).append(" --password=")
                    .append(Shell.quote(a.str("url_password", "")));
        }
        for (Map.Entry<String, String> h : headers(a.raw("headers")).entrySet()) {
            String hv = h.getKey() + ": " + h.getValue();
            curl.append(" -H ").append(Shell.quote(hv));
            wget.append(" --header=").append(Shell.quote(hv));
        }
        if (conditional) {
            curl.append(" -z \"$t\"");
        }
        curl.append(" -o \"$tmp\" -w '%{http_code}' -- ").append(qu);
        wget.append(" -O \"$tmp\" -- ").append(qu);
        String tmpDir = a.has("tmp_dest") ? Shell.quote(a.str("tmp_dest")) : "\"$(dirname -- \"$t\")\"";
        StringBuilder s = new StringBuilder();
        s.append("t=").append(Shell.quote(target)).append("; tmp=").append(tmpDir)
                .append("/.\"$(basename -- \"$t\")\".rigger-get.$$; trap 'rm -f \"$tmp\"' EXIT\n")
                .append(fromStdin ? "cat > \"$tmp\" || exit 5; code=200\n"
                        : "if command -v curl >/dev/null 2>&1; then code=$(" + curl + ") || exit 5\n"
                        + "elif command -v wget >/dev/null 2>&1; then " + wget
                        + " </dev/null || exit 5; code=200\nelse exit 4; fi\n")
                .append("printf 'V\\tcode\\t%s\\n' \"$code\"\n")
                .append("[ \"$code\" = 304 ] && exit 0\n")
                .append("case \"$code\" in 2*|000) ;; *) exit 6;; esac\n")
                .append("[ -f \"$tmp\" ] || : > \"$tmp\"\n");
        if (want != null) {
            s.append("got=$(").append(algo).append("sum < \"$tmp\" | cut -d' ' -f1); if [ \"$got\" != ")
                    .append(Shell.quote(want)).append(" ]; then printf 'V\\tgot\\t%s\\n' \"$got\"; exit 7; fi\n");
        }
        s.append("new=$(sha1sum < \"$tmp\" | cut -d' ' -f1); old=; if [ -f \"$t\" ]; then old=$(sha1sum < \"$t\" | cut -d' ' -f1); fi\n")
                .append("printf 'V\\tsha1\\t%s\\nV\\tsize\\t%s\\n' \"$new\" \"$(wc -c < \"$tmp\")\"\n")
                .append("[ \"$new\" = \"$old\" ] && exit 0\n");
        if (a.bool("backup", false)) {
            s.append("if [ -e \"$t\" ]; then b=\"$t.$$.$(date +%Y-%m-%d@%H:%M:%S~)\"; cp -p -- \"$t\" \"$b\" || exit 1; ")
                    .append("printf 'V\\tbackup\\t%s\\n' \"$b\"; fi\n");
        }
        s.append("if [ -e \"$t\" ]; then chmod --reference=\"$t\" \"$tmp\"; chown --reference=\"$t\" \"$tmp\" 2>/dev/null; ")
                .append("else chmod $(printf '%o' $((0666 & ~$(umask)))) \"$tmp\"; fi\n");
        if (attrs.mode() != null) {
            int m = cur.exists() ? attrs.wantedMode(cur.mode(), false) : Modes.resolve(attrs.mode(), 0644, false);
            s.append("chmod ").append(Modes.format(m)).append(" \"$tmp\" || exit 1\n");
        }
        if (attrs.owner() != null) {
            s.append("chown -- ").append(Shell.quote(attrs.owner())).append(" \"$tmp\" || exit 1\n");
        }
        if (attrs.group() != null) {
            s.append("chgrp -- ").append(Shell.quote(attrs.group())).append(" \"$tmp\" || exit 1\n");
        }
        s.append("mv -f -- \"$tmp\" \"$t\" || exit 1; trap - EXIT; echo 'V\treplaced\tyes'\n");
        return new Probe().shell(s.toString()).stat("d", "\"$t\"").script();
    }

    private static Map<String, String> headers(Object raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        } else if (raw != null) {
            for (String part : String.valueOf(raw).split(",")) {
                int c = part.indexOf(':');
                if (c < 0) {
                    throw new ArgException("The string representation for the `headers` parameter requires a "
                            + "key:value,key:value syntax to be properly parsed.");
                }
                out.put(part.substring(0, c).trim(), part.substring(c + 1).trim());
            }
        }
        return out;
    }

    /**
     * The text of a checksum file ({@code checksum: sha256:URL}), fetched as Ansible does, by the host (curl, else
     * wget), or by the controller where the host has neither; also in check mode, as Ansible's module reads it
     * before it judges anything.
     */
    private static String checksumFile(Args a, ModuleContext ctx, String url, int timeout) throws IOException {
        String q = Shell.quote(url);
        String script = "if command -v curl >/dev/null 2>&1; then curl -fsSL --max-time " + timeout + " " + q
                + "; elif command -v wget >/dev/null 2>&1; then wget -q -T " + timeout + " -O - " + q
                + "; else exit 4; fi";
        ExecResult r = ctx.connection().exec(ctx.command(script).withTimeout(Duration.ofSeconds(timeout + 30L)));
        if (r.rc() == 4) {
            return new String(ControllerDownload.fetch(url, headers(a.raw("headers")), a.str("url_username"),
                    a.str("url_password"), timeout, !a.bool("validate_certs", true)), StandardCharsets.UTF_8);
        }
        if (r.rc() != 0) {
            throw new ArgException("Request failed: the checksum file " + url + " could not be fetched: "
                    + r.stderr().trim());
        }
        return r.stdout();
    }
}
