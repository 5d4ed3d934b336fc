package dev.rigger.module.support;

import dev.rigger.connection.Shell;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds one inspection script that reports everything a module needs in a single round trip: {@code stat} of
 * paths, their SHA-1, small values, and optionally one file's content (last). Output lines are tagged
 * ({@code S} stat, {@code L} link target, {@code H} sha1, {@code V} value); a line {@code C} starts raw content.
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
    private final StringBuilder script = new StringBuilder(PRELUDE);

    /** Adds raw shell text (e.g. {@code d=...} assignments used by later words). */
    public Probe shell(String text) {
        script.append(text).append('\n');
        return this;
    }

    /** lstat of {@code word} (a shell word: quoted path or "$var") reported under {@code key}. */
    public Probe stat(String key, String word) {
        script.append("rg_st ").append(key).append(' ').append(word).append('\n');
        return this;
    }

    /**
     * lstat of {@code word} under {@code key} and stat following symlinks under {@code followKey}: the same
     * report as {@link #stat} then {@link #statFollow}, with one {@code stat} process instead of two when the path
     * is not a symlink.
     */
    public Probe statBoth(String key, String followKey, String word) {
        script.append("rg_st2 ").append(key).append(' ').append(followKey).append(' ').append(word).append('\n');
        return this;
    }

    /** stat following symlinks. */
    public Probe statFollow(String key, String word) {
        script.append("rg_st ").append(key).append(' ').append(word).append(" -L\n");
        return this;
    }

    public Probe sha1(String key, String word) {
        script.append("rg_h ").append(key).append(' ').append(word).append('\n');
        return this;
    }

    /** Reports the output (first line) of {@code shellExpr} under {@code key}. */
    public Probe value(String key, String shellExpr) {
        script.append("printf 'V\\t%s\\t%s\\n' ").append(key).append(" \"$(").append(shellExpr).append(")\"\n");
        return this;
    }

    /** Ends with the content of a regular file (at most {@code max} bytes); must be the last item. */
    public Probe content(String word, long max) {
        script.append("if [ -f ").append(word).append(" ] && [ -r ").append(word).append(" ]; then echo C; head -c ")
                .append(max).append(' ').append(word).append("; fi\n");
        return this;
    }

    public static String q(String path) {
        return Shell.quote(path);
    }

    public String script() {
        return script.toString();
    }

    /** What the script reported. */
    public record Result(Map<String, FileInfo> stats, Map<String, String> values, byte[] content) {
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
        return new Result(stats, values, content);
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
