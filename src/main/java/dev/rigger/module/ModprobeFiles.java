package dev.rigger.module;

import dev.rigger.module.support.TextFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of community.general.modprobe's {@code persistent}: every regular file of /etc/modules-load.d and
 * /etc/modprobe.d as Python reads them (text mode: \r\n and \r become \n), and the writes the module makes, in its
 * order, with its regular expressions (the module name inserted unescaped, as Ansible's module does).
 */
final class ModprobeFiles {
    static final String LOAD_DIR = "/etc/modules-load.d";
    static final String PARAMS_DIR = "/etc/modprobe.d";
    private final String root;
    private final Map<String, String> loadFiles;
    private final Map<String, String> paramFiles;
    private final String missingDir;

    /** What persistence does: the files it writes (path to the whole new content) and whether it changed. */
    record Plan(Map<String, String> writes, boolean changed) {
    }

    private ModprobeFiles(String root, Map<String, String> loadFiles, Map<String, String> paramFiles,
                          String missingDir) {
        this.root = root;
        this.loadFiles = loadFiles;
        this.paramFiles = paramFiles;
        this.missingDir = missingDir;
    }

    /**
     * Shell listing both folders (under {@code $rg_root}) after a NUL: {@code D\0DIR\0} and {@code F\0PATH\0CONTENT\0}
     * per regular file, or {@code M\0DIR\0} for a missing folder.
     */
    static String script() {
        return "printf '\\0'; for rg_d in \"$rg_root" + LOAD_DIR + "\" \"$rg_root" + PARAMS_DIR + "\"; do "
                + "if [ -d \"$rg_d\" ]; then "
                + "printf 'D\\0%s\\0' \"$rg_d\"; for rg_f in \"$rg_d\"/* \"$rg_d\"/.[!.]* \"$rg_d\"/..?*; do "
                + "[ -f \"$rg_f\" ] || continue; printf 'F\\0%s\\0' \"$rg_f\"; cat -- \"$rg_f\"; printf '\\0'; done; "
                + "else printf 'M\\0%s\\0' \"$rg_d\"; fi; done\n";
    }

    static ModprobeFiles parse(String out, String root) {
        Map<String, String> load = new LinkedHashMap<>();
        Map<String, String> params = new LinkedHashMap<>();
        String missing = null;
        int start = out.indexOf('\0');
        if (start < 0) {
            return new ModprobeFiles(root, load, params, root + LOAD_DIR);
        }
        String[] f = out.substring(start + 1).split("\0", -1);
        Map<String, String> into = load;
        for (int i = 0; i + 1 < f.length; i += 2) {
            switch (f[i]) {
                case "D" -> into = f[i + 1].equals(root + LOAD_DIR) ? load : params;
                case "M" -> missing = missing == null ? f[i + 1] : missing;
                case "F" -> {
                    if (i + 2 < f.length) {
                        into.put(f[i + 1], f[i + 2].replace("\r\n", "\n").replace('\r', '\n'));
                    }
                    i++;
                }
                default -> {
                }
            }
        }
        return new ModprobeFiles(root, load, params, missing);
    }

    /** The first folder os.listdir would not find (Ansible's module then fails with a traceback), or null. */
    String missingDir() {
        return missingDir;
    }

    Plan plan(String name, String params, String persistent) {
        Pattern findModule = py("^ *" + name + " *(?:[#;].*)?\\n?\\Z");
        Pattern findParams = py("^options " + name + " \\w+=\\S+ *(?:[#;].*)?\\n?\\Z");
        Pattern getParams = py("^options " + name + " (\\w+=\\S+) *(?:[#;].*)?\\n?\\Z");
        Map<String, String> writes = new LinkedHashMap<>();
        boolean changed = false;
        boolean persistently = any(loadFiles, findModule);
        Set<String> desired = new HashSet<>(words(params));
        if (persistent.equals("present") && !(persistently && desired.equals(permanent(getParams)))) {
            if (!persistently) {
                put(loadFiles, writes, root + LOAD_DIR + "/" + name + ".conf", name + "\n");
                changed = true;
            }
            if (!desired.equals(permanent(getParams))) {
                comment(paramFiles, findParams, writes);
                StringBuilder content = new StringBuilder();
                for (String p : words(params)) {
                    content.append(content.length() == 0 ? "" : "\n").append("options ").append(name).append(' ')
                            .append(p);
                }
                put(paramFiles, writes, root + PARAMS_DIR + "/" + name + ".conf", content + "\n");
                changed = true;
            }
        } else if (persistent.equals("absent") && (persistently || !permanent(getParams).isEmpty())) {
            if (persistently) {
                comment(loadFiles, findModule, writes);
                changed = true;
            }
            if (!permanent(getParams).isEmpty()) {
                comment(paramFiles, findParams, writes);
                changed = true;
            }
        }
        return new Plan(writes, changed);
    }

    private static Pattern py(String python) {
        return Pattern.compile(python.replace("\\Z", "\\z"), Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNIX_LINES);
    }

    private static boolean any(Map<String, String> files, Pattern p) {
        for (String content : files.values()) {
            for (String line : TextFile.lines(content)) {
                if (p.matcher(line).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    private Set<String> permanent(Pattern getParams) {
        Set<String> out = new HashSet<>();
        for (String content : paramFiles.values()) {
            for (String line : TextFile.lines(content)) {
                Matcher m = getParams.matcher(line);
                if (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    /** Ansible's disable_*: matching lines get a leading '#', the file is rewritten as '\n'.join(readlines()). */
    private static void comment(Map<String, String> files, Pattern p, Map<String, String> writes) {
        for (Map.Entry<String, String> e : new ArrayList<>(files.entrySet())) {
            List<String> lines = TextFile.lines(e.getValue());
            boolean edited = false;
            for (int i = 0; i < lines.size(); i++) {
                if (p.matcher(lines.get(i)).find()) {
                    lines.set(i, "#" + lines.get(i));
                    edited = true;
                }
            }
            if (edited) {
                put(files, writes, e.getKey(), String.join("\n", lines));
            }
        }
    }

    private static void put(Map<String, String> files, Map<String, String> writes, String path, String content) {
        files.put(path, content);
        writes.put(path, content);
    }

    /** Python's str.split(): whitespace-separated words, none for blank text. */
    private static List<String> words(String s) {
        String t = s.strip();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }
}
