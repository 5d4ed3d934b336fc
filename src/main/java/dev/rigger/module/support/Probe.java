package dev.rigger.module.support;

import dev.rigger.connection.ExecResult;
import dev.rigger.connection.FileAccess;
import dev.rigger.connection.Shell;
import dev.rigger.module.ModuleContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one inspection script that reports everything a module needs in a single round trip: {@code stat} of
 * paths, their SHA-1, small values, and optionally one file's content (last). Output lines are tagged
 * ({@code S} stat, {@code L} link target, {@code H} sha1, {@code V} value); a line {@code C} starts raw content.
 *
 * <p>A probe made only of stats, checksums and content of literal paths can also be answered without the shell:
 * {@link #inspect} asks the connection's {@link FileAccess} (SFTP: no process started on the host) and falls back
 * to the script whenever that cannot answer.
 */
public final class Probe {
    private static final String PRELUDE = "rg_st() { if [ -e \"$2\" ] || [ -L \"$2\" ]; then "
            + "stat $3 --printf=\"S\\t$1\\t%F\\t%a\\t%u\\t%g\\t%U\\t%G\\t%s\\t%Y\\t%X\\t%Z\\t%i\\t%h\\t%d\\n\" -- \"$2\" "
            + "|| printf 'S\\t%s\\tabsent\\n' \"$1\"; "
            + "if [ -z \"$3\" ] && [ -L \"$2\" ]; then printf 'L\\t%s\\t%s\\n' \"$1\" \"$(readlink -- \"$2\")\"; fi; "
            + "else printf 'S\\t%s\\tabsent\\n' \"$1\"; fi; }\n"
            + "rg_st2() { if [ -L \"$3\" ]; then rg_st \"$1\" \"$3\"; rg_st \"$2\" \"$3\" -L; "
            + "elif [ -e \"$3\" ] && rg_s=$(stat --printf=\"%F\\t%a\\t%u\\t%g\\t%U\\t%G\\t%s\\t%Y\\t%X\\t%Z\\t%i\\t%h\\t%d\" -- \"$3\"); "
            + "then printf 'S\\t%s\\t%s\\nS\\t%s\\t%s\\n' \"$1\" \"$rg_s\" \"$2\" \"$rg_s\"; "
            + "else printf 'S\\t%s\\tabsent\\nS\\t%s\\tabsent\\n' \"$1\" \"$2\"; fi; }\n"
            + "rg_h() { if [ -f \"$2\" ] && [ -r \"$2\" ]; then "
            + "printf 'H\\t%s\\t%s\\n' \"$1\" \"$(sha1sum < \"$2\")\"; fi; }\n";
    /** Largest file whose checksum is computed from its content read over {@link FileAccess}. */
    static final long MAX_DIRECT_SHA1 = 4L << 20;
    private final StringBuilder script = new StringBuilder(PRELUDE);
    /** What the script asks, for {@link FileAccess}; null once the probe uses shell logic. */
    private List<Op> ops = new ArrayList<>();

    private enum Kind { STAT, STAT_FOLLOW, STAT_BOTH, SHA1, CONTENT, REAL_PATH }

    private record Op(Kind kind, String key, String key2, String path, long max) {
    }

    private void op(Kind kind, String key, String key2, String word, long max) {
        if (ops == null) {
            return;
        }
        String path = literal(word);
        if (path == null || !path.startsWith("/")) {
            ops = null;
        } else {
            ops.add(new Op(kind, key, key2, path, max));
        }
    }

    /** The path a shell word stands for when it is a literal made by {@link Shell#quote}, else null. */
    static String literal(String word) {
        if (Shell.SAFE.matcher(word).matches()) {
            return word;
        }
        if (word.length() >= 2 && word.startsWith("'") && word.endsWith("'")) {
            String inner = word.substring(1, word.length() - 1);
            String path = inner.replace("'\"'\"'", "'");
            return Shell.quote(path).equals(word) ? path : null;
        }
        return null;
    }

    /** Adds raw shell text (e.g. {@code d=...} assignments used by later words). */
    public Probe shell(String text) {
        script.append(text).append('\n');
        ops = null;
        return this;
    }

    /** lstat of {@code word} (a shell word: quoted path or "$var") reported under {@code key}. */
    public Probe stat(String key, String word) {
        script.append("rg_st ").append(key).append(' ').append(word).append('\n');
        op(Kind.STAT, key, null, word, 0);
        return this;
    }

    /**
     * lstat of {@code word} under {@code key} and stat following symlinks under {@code followKey}: the same
     * report as {@link #stat} then {@link #statFollow}, with one {@code stat} process instead of two when the path
     * is not a symlink.
     */
    public Probe statBoth(String key, String followKey, String word) {
        script.append("rg_st2 ").append(key).append(' ').append(followKey).append(' ').append(word).append('\n');
        op(Kind.STAT_BOTH, key, followKey, word, 0);
        return this;
    }

    /** stat following symlinks. */
    public Probe statFollow(String key, String word) {
        script.append("rg_st ").append(key).append(' ').append(word).append(" -L\n");
        op(Kind.STAT_FOLLOW, key, null, word, 0);
        return this;
    }

    public Probe sha1(String key, String word) {
        script.append("rg_h ").append(key).append(' ').append(word).append('\n');
        op(Kind.SHA1, key, null, word, 0);
        return this;
    }

    /** Reports the output (first line) of {@code shellExpr} under {@code key}. */
    public Probe value(String key, String shellExpr) {
        script.append("printf 'V\\t%s\\t%s\\n' ").append(key).append(" \"$(").append(shellExpr).append(")\"\n");
        ops = null;
        return this;
    }

    /** Ends with the content of a regular file (at most {@code max} bytes); must be the last item. */
    public Probe content(String word, long max) {
        script.append("if [ -f ").append(word).append(" ] && [ -r ").append(word).append(" ]; then echo C; head -c ")
                .append(max).append(' ').append(word).append("; fi\n");
        op(Kind.CONTENT, null, null, word, max);
        return this;
    }

    /**
     * Reports under value {@code key} the path with symbolic links resolved ({@code readlink -f}) when it is a
     * link, else the path as given.
     */
    public Probe realPath(String key, String word) {
        script.append("if [ -L ").append(word).append(" ]; then printf 'V\\t").append(key)
                .append("\\t%s\\n' \"$(readlink -f -- ").append(word).append(")\"; else printf 'V\\t").append(key)
                .append("\\t%s\\n' ").append(word).append("; fi\n");
        op(Kind.REAL_PATH, key, null, word, 0);
        return this;
    }

    /** Makes {@link #inspect} use the shell (for what SFTP does not report, such as a file's link count). */
    public Probe viaShell() {
        ops = null;
        return this;
    }

    /** Whether {@link #inspect} may answer without the shell (only stats, checksums, content of literal paths). */
    public boolean direct() {
        return ops != null;
    }

    /**
     * Runs the probe for the task: through {@link FileAccess} when the probe and the connection allow it (no
     * process on the host), else as one shell round trip. Either way the same {@link Result}.
     */
    public Result inspect(ModuleContext ctx) throws IOException {
        if (ops != null) {
            FileAccess fa = ctx.connection().files(ctx.become());
            if (fa != null) {
                try {
                    return direct(fa);
                } catch (FileAccess.Unsupported e) {
                    // the shell below answers what SFTP could not (permissions, special files, large files)
                }
            }
        }
        ExecResult r = ctx.run(script());
        return parse(r.stdoutBytes()).withExec(r);
    }

    private Result direct(FileAccess fa) throws IOException {
        // every stat the ops need, asked at once (one round trip over SFTP), each path and kind once
        Map<String, Integer> index = new LinkedHashMap<>();
        List<String> paths = new ArrayList<>();
        List<Boolean> follow = new ArrayList<>();
        for (Op op : ops) {
            boolean lstat = op.kind() == Kind.STAT || op.kind() == Kind.STAT_BOTH || op.kind() == Kind.REAL_PATH;
            boolean stat = op.kind() != Kind.STAT;
            for (boolean f : new boolean[] {false, true}) {
                if ((f ? stat : lstat) && index.putIfAbsent((f ? "F" : "L") + op.path(), paths.size()) == null) {
                    paths.add(op.path());
                    follow.add(f);
                }
            }
        }
        List<FileAccess.RemoteStat> got = fa.stats(paths, follow);
        Map<String, FileInfo> stats = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        byte[] content = null;
        for (Op op : ops) {
            FileAccess.RemoteStat l = index.containsKey("L" + op.path()) ? got.get(index.get("L" + op.path())) : null;
            FileAccess.RemoteStat f = index.containsKey("F" + op.path()) ? got.get(index.get("F" + op.path())) : null;
            switch (op.kind()) {
                case STAT -> {
                    FileInfo i = info(fa, op.key(), l);
                    stats.put(op.key(), i.isLink() ? i.withLinkTarget(fa.readlink(op.path())) : i);
                }
                case STAT_FOLLOW -> stats.put(op.key(), info(fa, op.key(), f));
                case STAT_BOTH -> {
                    FileInfo i = info(fa, op.key(), l);
                    stats.put(op.key(), i.isLink() ? i.withLinkTarget(fa.readlink(op.path())) : i);
                    stats.put(op.key2(), i.isLink() ? info(fa, op.key2(), f) : rename(i, op.key2()));
                }
                case SHA1 -> {
                    byte[] bytes = regularFile(fa, op.path(), f, MAX_DIRECT_SHA1);
                    FileInfo i = stats.get(op.key());
                    if (bytes != null && i != null) {
                        stats.put(op.key(), i.withSha1(Content.sha1(bytes)));
                    }
                }
                case CONTENT -> content = regularFile(fa, op.path(), f, op.max());
                case REAL_PATH -> {
                    if (l != null && "link".equals(l.type())) {
                        if (f == null) { // dangling: readlink -f's rules for what does not exist are the shell's
                            throw new FileAccess.Unsupported("dangling link " + op.path());
                        }
                        values.put(op.key(), fa.realpath(op.path()));
                    } else {
                        values.put(op.key(), op.path());
                    }
                }
                default -> throw new IllegalStateException(op.kind().name());
            }
        }
        return new Result(stats, values, content, 0, "", "");
    }

    /** Contents read by {@link #regularFile}: a checksum and a diff of one file read it once. */
    private final Map<String, byte[]> read = new LinkedHashMap<>();

    /** A regular file's content (following links), or null when it is absent or not a regular file. */
    private byte[] regularFile(FileAccess fa, String path, FileAccess.RemoteStat st, long max) throws IOException {
        if (st == null || !"file".equals(st.type())) {
            return null;
        }
        if (st.size() > max) {
            throw new FileAccess.Unsupported(path + " is larger than " + max + " bytes");
        }
        byte[] b = read.get(path);
        if (b == null) {
            b = fa.read(path, max, st.size());
            if (b == null) {
                return null;
            }
            read.put(path, b);
        }
        return b.length > max ? Arrays.copyOf(b, (int) max) : b;
    }

    private static FileInfo rename(FileInfo f, String key) {
        return new FileInfo(key, f.type(), f.mode(), f.uid(), f.gid(), f.owner(), f.group(), f.size(), f.mtime(),
                f.atime(), f.ctime(), f.inode(), f.nlink(), f.dev(), f.linkTarget(), f.sha1());
    }

    private static FileInfo info(FileAccess fa, String key, FileAccess.RemoteStat st) throws IOException {
        if (st == null) {
            return FileInfo.absent(key);
        }
        String owner = fa.userName(st.uid());
        String group = fa.groupName(st.gid());
        if (owner == null || group == null) {
            throw new FileAccess.Unsupported("uid " + st.uid() + " or gid " + st.gid() + " is not in /etc/passwd"
                    + " or /etc/group (NSS): stat decides");
        }
        return new FileInfo(key, st.type(), st.mode(), st.uid(), st.gid(), owner, group, st.size(), st.mtime(),
                st.atime(), 0, 0, st.nlink(), 0, null, null);
    }

    public static String q(String path) {
        return Shell.quote(path);
    }

    public String script() {
        return script.toString();
    }

    /** What the script reported. */
    public record Result(Map<String, FileInfo> stats, Map<String, String> values, byte[] content, int rc,
                         String stdout, String stderr) {
        Result withExec(ExecResult r) {
            return new Result(stats, values, content, r.rc(), r.stdout(), r.stderr());
        }

        public FileInfo stat(String key) {
            FileInfo f = stats.get(key);
            return f == null ? FileInfo.absent(key) : f;
        }

        public String value(String key) {
            return values.get(key);
        }
    }

    public static Result parse(byte[] out) {
        Map<String, FileInfo> stats = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> sha = new LinkedHashMap<>();
        Map<String, String> links = new LinkedHashMap<>();
        byte[] content = null;
        int pos = 0;
        while (pos < out.length) {
            int nl = pos;
            while (nl < out.length && out[nl] != '\n') {
                nl++;
            }
            String line = new String(out, pos, nl - pos, StandardCharsets.UTF_8);
            pos = Math.min(nl + 1, out.length);
            if (line.equals("C")) {
                content = Arrays.copyOfRange(out, pos, out.length);
                break;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 3) {
                continue;
            }
            switch (f[0]) {
                case "S" -> stats.put(f[1], parseStat(f));
                case "L" -> links.put(f[1], f[2]);
                case "H" -> sha.put(f[1], f[2].indexOf(' ') >= 0 ? f[2].substring(0, f[2].indexOf(' ')) : f[2]);
                case "V" -> values.put(f[1], line.substring(f[0].length() + f[1].length() + 2));
                default -> {
                }
            }
        }
        for (Map.Entry<String, FileInfo> e : stats.entrySet()) {
            FileInfo fi = e.getValue();
            if (sha.containsKey(e.getKey())) {
                fi = fi.withSha1(sha.get(e.getKey()));
            }
            if (links.containsKey(e.getKey())) {
                fi = fi.withLinkTarget(links.get(e.getKey()));
            }
            e.setValue(fi);
        }
        return new Result(stats, values, content, 0, "", "");
    }

    private static FileInfo parseStat(String[] f) {
        if (f[2].equals("absent") || f.length < 15) {
            return FileInfo.absent(f[1]);
        }
        return new FileInfo(f[1], FileInfo.typeOf(f[2]), Integer.parseInt(f[3], 8), Long.parseLong(f[4]),
                Long.parseLong(f[5]), f[6], f[7], Long.parseLong(f[8]), Long.parseLong(f[9]), Long.parseLong(f[10]),
                Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14]), null,
                null);
    }
}
