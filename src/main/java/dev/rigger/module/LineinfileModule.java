package dev.rigger.module;

import dev.rigger.module.support.Args;
import dev.rigger.module.support.ArgException;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.PyRegex;
import dev.rigger.module.support.TextFile;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ansible.builtin.lineinfile, a faithful port of lineinfile.py's present()/absent() (Ansible 2.14): the last
 * match wins unless firstmatch, insertafter/insertbefore fall back to EOF, a missing final newline is added
 * before appending. The file and its stat are read in one round trip; it is written only if the text changes.
 */
public final class LineinfileModule extends BaseModule {
    private static final String SEP = "\n";
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .required("path")
            .alias("dest", "path").alias("destfile", "path").alias("name", "path")
            .alias("regex", "regexp").alias("value", "line")
            .args("regexp", "search_string", "line", "insertafter", "insertbefore", "validate", "mode", "owner",
                    "group")
            .choices("state", "absent", "present")
            .bool("backrefs", "create", "backup", "firstmatch", "unsafe_writes")
            .mutuallyExclusive("insertbefore", "insertafter")
            .mutuallyExclusive("regexp", "search_string")
            .mutuallyExclusive("backrefs", "search_string")
            .path("path")
            .build();

    @Override
    public String name() {
        return "lineinfile";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String path = a.required("path");
        String state = a.choice("state", "present");
        boolean backrefs = a.bool("backrefs", false);
        String regexp = a.str("regexp");
        String search = a.str("search_string");
        String line = a.str("line");
        boolean present = state.equals("present");
        if (present) {
            if (backrefs && regexp == null) {
                throw new ArgException("regexp is required with backrefs=true");
            }
            if (line == null) {
                throw new ArgException("line is required with state=present");
            }
        } else if (regexp == null && search == null && line == null) {
            throw new ArgException("one of line, search_string, or regexp is required with state=absent");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        if ("".equals(regexp) || "".equals(search)) {
            String msg = "The " + ("".equals(regexp) ? "regular expression" : "search string") + " is an empty string, "
                    + "which will match every line in the file. This may have unintended consequences, such as "
                    + "replacing the last line in the file rather than appending.";
            if ("".equals(regexp)) {
                msg += " If this is desired, use '^' to match every line in the file and avoid this warning.";
            }
            data.put("warnings", List.of(msg));
        }
        Pattern re = regexp == null ? null : PyRegex.compile(TextFile.latin(regexp), "regexp");
        TextFile tf = TextFile.read(ctx, path);
        if (tf.info().isDir()) {
            data.put("rc", 256);
            return ModuleResult.failed("Path " + path + " is a directory !", data);
        }
        if (present) {
            String insAfter = a.str("insertafter");
            String insBefore = a.str("insertbefore");
            if (insAfter == null && insBefore == null) {
                insAfter = "EOF";
            }
            if (!tf.exists() && !a.bool("create", false)) {
                data.put("rc", 257);
                return ModuleResult.failed("Destination " + path + " does not exist !", data);
            }
            return present(ctx, tf, a, re, TextFile.latin(search), TextFile.latin(line), insAfter, insBefore,
                    backrefs, a.bool("firstmatch", false), data);
        }
        if (!tf.exists()) {
            data.put("msg", "file not present");
            return ModuleResult.ok(data);
        }
        return absent(ctx, tf, a, re, TextFile.latin(search), TextFile.latin(line), data);
    }

    private static String rstripNl(String s) {
        int e = s.length();
        while (e > 0 && (s.charAt(e - 1) == '\n' || s.charAt(e - 1) == '\r')) {
            e--;
        }
        return s.substring(0, e);
    }

    private static boolean endsWithNl(String s) {
        return s.endsWith("\n") || s.endsWith("\r");
    }

    private ModuleResult present(ModuleContext ctx, TextFile tf, Args a, Pattern re, String search, String line,
                                 String insertafter, String insertbefore, boolean backrefs, boolean firstmatch,
                                 Map<String, Object> data) throws IOException {
        List<String> lines = TextFile.lines(tf.latin());
        Pattern ins = null;
        if (insertafter != null && !insertafter.equals("BOF") && !insertafter.equals("EOF")) {
            ins = PyRegex.compile(TextFile.latin(insertafter), "insertafter");
        } else if (insertbefore != null && !insertbefore.equals("BOF")) {
            ins = PyRegex.compile(TextFile.latin(insertbefore), "insertbefore");
        }
        int[] index = {-1, -1};
        Matcher match = null;
        boolean searchMatched = false;
        boolean exactLineMatch = false;
        if (re != null) {
            for (int n = 0; n < lines.size(); n++) {
                Matcher m = re.matcher(lines.get(n));
                if (m.find()) {
                    index[0] = n;
                    match = m;
                    if (firstmatch) {
                        break;
                    }
                }
            }
        }
        if (search != null) {
            for (int n = 0; n < lines.size(); n++) {
                if (lines.get(n).contains(search)) {
                    index[0] = n;
                    searchMatched = true;
                    if (firstmatch) {
                        break;
                    }
                }
            }
        }
        boolean matched = match != null || searchMatched;
        if (!matched) {
            for (int n = 0; n < lines.size(); n++) {
                String cur = lines.get(n);
                if (line.equals(rstripNl(cur))) {
                    index[0] = n;
                    exactLineMatch = true;
                } else if (ins != null && ins.matcher(cur).find()) {
                    if (insertafter != null) {
                        index[1] = n + 1;
                        if (firstmatch) {
                            break;
                        }
                    }
                    if (insertbefore != null) {
                        index[1] = n;
                        if (firstmatch) {
                            break;
                        }
                    }
                }
            }
        }
        String msg = "";
        boolean changed = false;
        if (index[0] != -1) {
            String newLine = backrefs && match != null ? PyRegex.expand(match, line) : line;
            if (!newLine.endsWith(SEP)) {
                newLine += SEP;
            }
            if (!lines.get(index[0]).equals(newLine)) {
                lines.set(index[0], newLine);
                msg = "line replaced";
                changed = true;
            }
        } else if (backrefs) {
            // lineinfile.py: no match with backrefs -> leave the file alone
            changed = false;
        } else if (Objects.equals(insertbefore, "BOF") || Objects.equals(insertafter, "BOF")) {
            lines.add(0, line + SEP);
            msg = "line added";
            changed = true;
        } else if (Objects.equals(insertafter, "EOF") || index[1] == -1) {
            if (!lines.isEmpty() && !endsWithNl(lines.get(lines.size() - 1))) {
                lines.add(SEP);
            }
            lines.add(line + SEP);
            msg = "line added";
            changed = true;
        } else if (insertafter != null && index[1] != -1) {
            if (lines.size() == index[1]) {
                if (!rstripNl(lines.get(index[1] - 1)).equals(line)) {
                    lines.add(line + SEP);
                    msg = "line added";
                    changed = true;
                }
            } else if (!line.equals(rstripNl(lines.get(index[1])))) {
                lines.add(index[1], line + SEP);
                msg = "line added";
                changed = true;
            }
        } else {
            lines.add(index[1], line + SEP);
            msg = "line added";
            changed = true;
        }
        return tf.commit(ctx, String.join("", lines), changed, msg, a, data);
    }

    private ModuleResult absent(ModuleContext ctx, TextFile tf, Args a, Pattern re, String search, String line,
                                Map<String, Object> data) throws IOException {
        List<String> lines = TextFile.lines(tf.latin());
        StringBuilder kept = new StringBuilder();
        int found = 0;
        for (String cur : lines) {
            boolean hit;
            if (re != null) {
                hit = re.matcher(cur).find();
            } else if (search != null) {
                hit = cur.contains(search);
            } else {
                hit = line.equals(rstripNl(cur));
            }
            if (hit) {
                found++;
            } else {
                kept.append(cur);
            }
        }
        boolean changed = found > 0;
        data.put("found", found);
        return tf.commit(ctx, kept.toString(), changed, changed ? found + " line(s) removed" : "", a, data);
    }
}
