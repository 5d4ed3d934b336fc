package dev.rigger.module;

import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.ArgException;
import dev.rigger.module.support.Attrs;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.Modes;
import dev.rigger.module.support.Probe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ansible.builtin.unarchive for .tar, .tar.gz/.tgz, .tar.xz, .tar.bz2 (GNU tar) and .zip (unzip). A controller
 * archive is sent to a temp file on the host; the host compares it with dest (tar: {@code tar --diff} ignoring
 * mode/mtime/owner lines; zip: every member exists) and extracts only when something differs, in one script.
 */
public final class UnarchiveModule extends BaseModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .required("src", "dest")
            .args("creates", "extra_opts", "exclude", "include", "mode", "owner", "group")
            .checkMode(ModuleSpec.CheckMode.PARTIAL)
            .bool("remote_src", "copy", "list_files", "keep_newer", "unsafe_writes")
            .integer("io_buffer_size")
            .list("include", "exclude", "extra_opts")
            .mutuallyExclusive("include", "exclude")
            .path("dest", "creates")
            .controllerPath("src")
            .build();

    /** A case pattern for stat's "%a:%U:%G:%u:%g" that matches members already as asked (symbolic modes: any). */
    private static String attrPattern(Attrs w) {
        String mode = w.mode() == null || !Modes.isOctal(w.mode()) ? "*"
                : Integer.toOctalString(Modes.resolve(w.mode(), 0, false));
        String on = "*";
        String oid = "*";
        if (w.owner() != null) {
            if (w.owner().matches("\\d+")) {
                oid = Shell.quote(w.owner());
            } else {
                on = Shell.quote(w.owner());
            }
        }
        String gn = "*";
        String gid = "*";
        if (w.group() != null) {
            if (w.group().matches("\\d+")) {
                gid = Shell.quote(w.group());
            } else {
                gn = Shell.quote(w.group());
            }
        }
        return mode + ":" + on + ":" + gn + ":" + oid + ":" + gid;
    }

    @Override
    public String name() {
        return "unarchive";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String src = a.required("src");
        String dest = a.required("dest");
        boolean remote = a.bool("remote_src", false) || !a.bool("copy", true);
        if (a.has("remote_src") && a.has("copy")) {
            throw new ArgException("parameters are mutually exclusive: copy|remote_src");
        }
        if (src.contains("://")) {
            throw new ArgException("src " + src + " is a URL: download it with get_url first, then unarchive the "
                    + "file with remote_src: true");
        }
        String lower = src.toLowerCase(Locale.ROOT);
        boolean zip = lower.endsWith(".zip");
        boolean tar = lower.matches(".*\\.(tar|tar\\.gz|tgz|tar\\.xz|txz|tar\\.bz2|tbz2|tar\\.zst)$");
        if (!zip && !tar) {
            return ModuleResult.failed("Failed to find handler for \"" + src + "\". Make sure the required command "
                    + "to extract the file is installed. rigger handles .tar, .tar.gz, .tgz, .tar.xz, .tar.bz2 and .zip");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("dest", dest);
        data.put("src", src);
        data.put("handler", zip ? "ZipArchive" : "TgzArchive");
        String creates = a.str("creates");
        if (creates != null) {
            ExecResult r = ctx.run("[ -e " + Shell.quote(creates) + " ]");
            if (r.rc() == 0) {
                return ModuleResult.skipped("skipped, since " + creates + " exists");
            }
        }
        String archive = src;
        String cleanup = "";
        if (!remote) {
            Path local = ctx.findFile(src, "files");
            archive = "/tmp/.rigger-unarchive." + Long.toHexString(System.nanoTime()) + "." + local.getFileName();
            ctx.connection().writeFileAtomic(archive, Files.readAllBytes(local), "0600", ctx.become());
            cleanup = "trap 'rm -f " + Shell.quote(archive).replace("'", "'\\''") + "' EXIT\n";
            data.put("src", local.toString());
        }
        List<String> extra = a.list("extra_opts");
        if (a.raw("extra_opts") instanceof String s && !s.isBlank()) {
            extra = List.of(s.trim().split("\\s+"));
        }
        List<String> exclude = a.list("exclude");
        List<String> include = a.list("include");
        String qa = Shell.quote(archive);
        String qd = Shell.quote(dest);
        StringBuilder s = new StringBuilder(cleanup);
        s.append("a=").append(qa).append("; d=").append(qd).append("\n")
                .append("[ -f \"$a\" ] || { echo \"Source '$a' does not exist\" >&2; exit 3; }\n")
                .append("[ -d \"$d\" ] || { echo \"dest '$d' must be an existing dir\" >&2; exit 3; }\n")
                .append("export LC_ALL=C\n")
                .append("case \"$a\" in /*) ;; *) a=\"$PWD/$a\";; esac\n");
        String extraW = extra.isEmpty() ? "" : " " + Shell.join(extra);
        String incW = include.isEmpty() ? "" : " " + Shell.join(include);
        StringBuilder excW = new StringBuilder();
        if (tar) {
            for (String e : exclude) {
                excW.append(" --exclude=").append(Shell.quote(e));
            }
            s.append("command -v tar >/dev/null 2>&1 || { echo 'tar is missing on the host' >&2; exit 3; }\n")
                    .append("lst=$(mktemp) || exit 3\n")
                    .append("trap 'rm -f \"$lst\"").append(remote ? "" : " \"$a\"").append("' EXIT\n")
                    .append("tar -tf \"$a\"").append(extraW).append(excW).append(incW)
                    .append(" > \"$lst\" || exit 3\n")
                    .append("while IFS= read -r m; do printf 'M\\t%s\\n' \"$m\"; done < \"$lst\"\n")
                    .append("n=$(cd \"$d\" && tar -d -f \"$a\"").append(extraW).append(excW).append(incW)
                    .append(" 2>&1 | grep -v -e ': Mode differs' -e ': Mod time differs' -e ': Uid differs'")
                    .append(" -e ': Gid differs' | grep -c .)\n");
        } else {
            for (String e : exclude) {
                excW.append(' ').append(Shell.quote(e));
            }
            s.append("command -v unzip >/dev/null 2>&1 || { echo 'unzip is missing on the host' >&2; exit 3; }\n")
                    .append("lst=$(mktemp) || exit 3\n")
                    .append("trap 'rm -f \"$lst\"").append(remote ? "" : " \"$a\"").append("' EXIT\n")
                    .append("unzip -Z1 \"$a\"").append(incW).append(" > \"$lst\" || exit 3\n")
                    .append("n=0\nwhile IFS= read -r m; do :");
            for (String e : exclude) {
                s.append("; case \"$m\" in ").append(Shell.quote(e)).append(") continue;; esac");
            }
            s.append("; printf 'M\\t%s\\n' \"$m\"; [ -e \"$d/$m\" ] || n=$((n+1)); done < \"$lst\"\n");
        }
        Attrs wanted = Attrs.from(a);
        if (!wanted.isEmpty()) {
            s.append("rg_attr=0\nwhile IFS= read -r m; do p=\"$d/$m\"; [ -e \"$p\" ] || continue; ")
                    .append("[ -L \"$p\" ] && continue; case \"$(stat -c '%a:%U:%G:%u:%g' -- \"$p\")\" in ")
                    .append(attrPattern(wanted)).append(") ;; *) rg_attr=$((rg_attr+1));; esac; done < \"$lst\"\n")
                    .append("n=$((n + rg_attr))\n");
        }
        s.append("printf 'V\\tdiffs\\t%s\\n' \"$n\"\n");
        if (!ctx.checkMode()) {
            s.append("[ \"$n\" = 0 ] && exit 0\n");
            if (tar) {
                s.append("tar -xf \"$a\" -C \"$d\"").append(a.bool("keep_newer", false) ? " --keep-newer-files" : "")
                        .append(extraW).append(excW).append(incW).append(" 2>&1 || exit 5\n");
            } else {
                s.append("unzip ").append(a.bool("keep_newer", false) ? "-u" : "-o").append(extraW)
                        .append(" -q \"$a\"").append(incW).append(excW.length() > 0 ? " -x" + excW : "")
                        .append(" -d \"$d\" 2>&1 || exit 5\n");
            }
            Attrs attrs = Attrs.from(a);
            if (!attrs.isEmpty()) {
                s.append("cd \"$d\" && ").append(tar ? "tar -tf \"$a\"" + extraW + excW + incW
                        : "unzip -Z1 \"$a\"" + incW).append(" | while IFS= read -r m; do ");
                if (attrs.owner() != null) {
                    s.append("chown -h -- ").append(Shell.quote(attrs.owner())).append(" \"$m\" || exit 6; ");
                }
                if (attrs.group() != null) {
                    s.append("chgrp -h -- ").append(Shell.quote(attrs.group())).append(" \"$m\" || exit 6; ");
                }
                if (attrs.mode() != null) {
                    String m = Modes.isOctal(attrs.mode()) ? Modes.format(Modes.resolve(attrs.mode(), 0, false))
                            : String.valueOf(attrs.mode());
                    s.append("[ -L \"$m\" ] || chmod -- ").append(Shell.quote(m)).append(" \"$m\" || exit 6; ");
                }
                s.append("done || exit 6\n");
            }
            s.append("echo 'V\textracted\tyes'\n");
        }
        ExecResult r = ctx.run(s.toString());
        String out = r.stdout();
        List<String> members = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("M\t")) {
                members.add(line.substring(2));
            }
        }
        Probe.Result pr = Probe.parse(r.stdoutBytes());
        if (a.bool("list_files", false)) {
            data.put("files", members);
        }
        if (r.rc() == 3) {
            return ModuleResult.failed(r.stderr().trim().isEmpty() ? "cannot read archive " + src
                    : r.stderr().trim(), data);
        }
        if (r.rc() != 0) {
            Map<String, Object> er = new LinkedHashMap<>();
            er.put("rc", r.rc());
            er.put("out", out.lines().filter(l -> !l.startsWith("M\t") && !l.startsWith("V\t")).reduce("",
                    (x, y) -> x + y + "\n"));
            er.put("err", r.stderr());
            data.put("extract_results", er);
            return ModuleResult.failed(r.rc() == 6 ? "could not set owner/group/mode on extracted files"
                    : "failed to unpack " + src + " to " + dest, data);
        }
        boolean differs = !"0".equals(pr.value("diffs"));
        return ModuleResult.of(differs, data);
    }
}
