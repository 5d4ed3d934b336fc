package dev.rigger.module.system;

import dev.rigger.connection.Shell;
import dev.rigger.module.ModuleContext;
import dev.rigger.module.support.FileInfo;
import dev.rigger.module.support.Probe;
import dev.rigger.module.support.TextFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What ansible.posix.mount reads before it acts, in one round trip: the fstab (created first when missing, as
 * the module creates it, check mode included), whether the path exists and is a mount point (Python's ismount),
 * /proc/self/mountinfo (or {@code mount -l} without it), {@code mount -v} for an ephemeral mount, and where mount
 * and umount are (get_bin_path: a value starting with a tab is "not found" followed by the paths searched).
 */
public record MountHost(String mountBin, String umountBin, boolean isMount, boolean exists,
                        Map<String, Fstab.Mount> linuxMounts, List<String> mountL, List<String> mountV,
                        FileInfo fstabInfo, String fstabReal, List<String> lines) {
    /** get_bin_path: the first executable of that name on PATH, then /sbin, /usr/sbin, /usr/local/sbin. */
    private static final String PRELUDE = "rg_bin() { P=$PATH; for d in /sbin /usr/sbin /usr/local/sbin; do "
            + "case \":$P:\" in *\":$d:\"*) ;; *) [ -e \"$d\" ] && P=\"$P:$d\";; esac; done; IFS=:; for d in $P; do "
            + "if [ -n \"$d\" ] && [ -e \"$d/$1\" ] && ! [ -d \"$d/$1\" ] && [ -x \"$d/$1\" ]; then unset IFS; "
            + "printf '%s' \"$d/$1\"; return; fi; done; unset IFS; printf '\\t%s' \"$P\"; }\n"
            // Python's ismount: not a link, and path/.. on another device or the same inode
            + "rg_ism() { if [ -L \"$1\" ] || ! [ -e \"$1\" ]; then echo 0; return; fi; "
            + "a=$(stat -c '%d %i' -- \"$1\" 2>/dev/null) && p=$(readlink -m -- \"$1/..\") "
            + "&& b=$(stat -c '%d %i' -- \"$p\" 2>/dev/null) || { echo 0; return; }; "
            + "if [ \"${a% *}\" != \"${b% *}\" ] || [ \"${a#* }\" = \"${b#* }\" ]; then echo 1; else echo 0; fi; }\n"
            + "mb=$(rg_bin mount); ub=$(rg_bin umount)\n";

    /** A fail_json: the module stops with this message. */
    public static final class Fail extends Exception {
        public Fail(String msg) {
            super(msg, null, false, false);
        }
    }

    /** Reads the host for a module call on {@code name} with {@code fstab} (created unless ephemeral). */
    public static MountHost inspect(ModuleContext ctx, String name, String fstab, String state)
            throws IOException, Fail {
        Probe p = new Probe().shell(PRELUDE + "n=" + Shell.quote(name) + "; f=" + Shell.quote(fstab));
        // the module's Solaris and BSD branches (vfstab, -F, -u) are not rigger's: refuse before touching anything
        p.shell("case $(uname -s) in Linux) ;; *) printf 'V\\tos\\t%s\\n' \"$(uname -s)\"; exit 0;; esac");
        if (!state.equals("ephemeral")) {
            // Ansible creates a missing fstab (and its folder) before anything else, in check mode too
            p.shell("if ! [ -e \"$f\" ]; then d=$(dirname -- \"$f\"); if ! [ -e \"$d\" ]; then "
                    + "e=$(mkdir -p -- \"$d\" 2>&1) || { printf 'V\\tmkdir\\t%s\\n' \"$e\"; exit 0; }; fi; "
                    + "e=$( { : >> \"$f\"; } 2>&1) || { printf 'V\\tcreate\\t%s\\n' \"$e\"; exit 0; }; fi");
        }
        p.value("mb", "printf '%s' \"$mb\"").value("ub", "printf '%s' \"$ub\"")
                .value("ism", "rg_ism \"$n\"").value("ex", "[ -e \"$n\" ] && echo 1")
                .value("mi", "if [ -r /proc/self/mountinfo ]; then printf y; tr '\\n' '\\t' < /proc/self/mountinfo; "
                        + "else printf n; case \"$mb\" in /*) \"$mb\" -l 2>/dev/null | tr '\\n' '\\t';; esac; fi");
        if (state.equals("ephemeral")) {
            p.value("mv", "case \"$mb\" in /*) \"$mb\" -v 2>/dev/null | tr '\\n' '\\t';; esac");
        }
        p.statFollow("f", "\"$f\"").realPath("real", "\"$f\"").content("\"$f\"", TextFile.MAX);
        Probe.Result r = p.inspect(ctx);
        if (r.value("os") != null) {
            throw new Fail("rigger's mount supports Linux hosts only (this host is " + r.value("os") + ")");
        }
        if (r.value("mkdir") != null) {
            throw new Fail("Failed to create the directory of " + fstab + ": " + r.value("mkdir").trim());
        }
        if (r.value("create") != null) {
            String e = r.value("create");
            throw new Fail(e.contains("Permission denied") ? "Failed to open " + fstab + " due to permission issue"
                    : "Failed to open " + fstab + " due to " + after(e));
        }
        if (r.value("mb") == null) {
            throw new Fail("could not inspect the host: " + r.stderr().trim());
        }
        String mi = r.value("mi");
        Map<String, Fstab.Mount> linux = mi.startsWith("y") ? Fstab.linuxMounts(tabbed(mi.substring(1))) : null;
        List<String> mountL = mi.startsWith("y") ? List.of() : tabbed(mi.substring(1));
        FileInfo info = r.stat("f");
        List<String> lines = List.of();
        if (!state.equals("ephemeral")) {
            if (!info.isFile() || r.content() == null) {
                throw new Fail("Failed to open " + fstab + " due to " + (info.exists() ? "it not being a readable "
                        + "regular file" : "it being absent"));
            }
            if (info.size() > TextFile.MAX) {
                throw new Fail(fstab + " is larger than " + TextFile.MAX + " bytes; rigger edits smaller files");
            }
            try {
                lines = Fstab.readlines(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(r.content())).toString());
            } catch (CharacterCodingException e) {
                throw new Fail(fstab + " is not UTF-8 text: Ansible's module cannot read it either");
            }
        }
        String real = r.value("real") == null || r.value("real").isEmpty() ? fstab : r.value("real");
        return new MountHost(r.value("mb"), r.value("ub"), "1".equals(r.value("ism")), "1".equals(r.value("ex")), linux,
                mountL, r.value("mv") == null ? List.of() : tabbed(r.value("mv")), info, real, lines);
    }

    private static List<String> tabbed(String s) {
        List<String> out = new ArrayList<>();
        for (String l : s.split("\t")) {
            if (!l.isEmpty()) {
                out.add(l);
            }
        }
        return out;
    }

    /** The text after a tool's "name: path: " prefixes (its strerror). */
    private static String after(String stderr) {
        String s = stderr.trim();
        int i = s.lastIndexOf(": ");
        return i < 0 ? s : s.substring(i + 2);
    }

    /** Python's OSError text for a failed call on {@code path}: "[Errno 39] Directory not empty: '/x'". */
    public static String osError(String stderr, String path, boolean bytes) {
        String strerror = after(stderr);
        Map<String, Integer> errno = Map.ofEntries(Map.entry("Operation not permitted", 1),
                Map.entry("No such file or directory", 2), Map.entry("Permission denied", 13),
                Map.entry("Device or resource busy", 16), Map.entry("File exists", 17),
                Map.entry("Not a directory", 20), Map.entry("Invalid argument", 22),
                Map.entry("No space left on device", 28), Map.entry("Read-only file system", 30),
                Map.entry("File name too long", 36), Map.entry("Directory not empty", 39),
                Map.entry("Too many levels of symbolic links", 40));
        Integer n = errno.get(strerror);
        if (n == null) {
            return stderr.trim();
        }
        String q = path.contains("'") && !path.contains("\"") ? "\"" : "'";
        String body = path.replace("\\", "\\\\");
        if (q.equals("'")) {
            body = body.replace("'", "\\'");
        }
        return "[Errno " + n + "] " + strerror + ": " + (bytes ? "b" : "") + q + body + q;
    }
}
