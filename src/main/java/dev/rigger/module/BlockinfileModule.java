package dev.rigger.module;

import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.PyRegex;
import dev.rigger.module.support.TextFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ansible.builtin.blockinfile (Ansible 2.14 algorithm): a block between marker lines is inserted, replaced or
 * removed; without markers it goes after the last line matching insertafter (or before insertbefore), else at
 * EOF. One round trip when nothing changes.
 */
public final class BlockinfileModule extends BaseModule {
    private static final String SEP = "\n";
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .required("path")
            .alias("dest", "path").alias("destfile", "path").alias("name", "path").alias("content", "block")
            .args("marker", "block", "insertafter", "insertbefore", "marker_begin", "marker_end", "validate", "mode",
                    "owner", "group")
            .choices("state", "absent", "present")
            .bool("create", "backup", "unsafe_writes")
            .mutuallyExclusive("insertbefore", "insertafter")
            .path("path")
            .build();

    @Override
    public String name() {
        return "blockinfile";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String path = a.required("path");
        boolean present = a.choice("state", "present").equals("present");
        TextFile tf = TextFile.read(ctx, path);
        Map<String, Object> data = new LinkedHashMap<>();
        if (tf.info().isDir()) {
            data.put("rc", 256);
            return ModuleResult.failed("Path " + path + " is a directory !", data);
        }
        if (!tf.exists() && !a.bool("create", false)) {
            data.put("rc", 257);
            return ModuleResult.failed("Path " + path + " does not exist !", data);
        }
        List<String> lines = TextFile.splitlinesKeep(tf.latin());
        String insertbefore = a.str("insertbefore");
        String insertafter = a.str("insertafter");
        String block = TextFile.latin(a.str("block", ""));
        String marker = TextFile.latin(a.str("marker", "# {mark} ANSIBLE MANAGED BLOCK"));
        if (!present && !tf.exists()) {
            data.put("msg", "File " + path + " not present");
            return ModuleResult.ok(data);
        }
        if (insertbefore == null && insertafter == null) {
            insertafter = "EOF";
        }
        Pattern insertre = null;
        if (insertafter != null && !insertafter.equals("EOF")) {
            insertre = PyRegex.compile(TextFile.latin(insertafter), "insertafter");
        } else if (insertbefore != null && !insertbefore.equals("BOF")) {
            insertre = PyRegex.compile(TextFile.latin(insertbefore), "insertbefore");
        }
        String marker0 = marker.replace("{mark}", TextFile.latin(a.str("marker_begin", "BEGIN"))) + SEP;
        String marker1 = marker.replace("{mark}", TextFile.latin(a.str("marker_end", "END"))) + SEP;
        List<String> blocklines = new ArrayList<>();
        if (present && !block.isEmpty()) {
            if (!block.endsWith(SEP)) {
                block += SEP;
            }
            blocklines.add(marker0);
            blocklines.addAll(TextFile.splitlinesKeep(block));
            blocklines.add(marker1);
        }
        Integer n0 = null;
        Integer n1 = null;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals(marker0)) {
                n0 = i;
            }
            if (lines.get(i).equals(marker1)) {
                n1 = i;
            }
        }
        if (n0 == null || n1 == null) {
            n0 = null;
            if (insertre != null) {
                for (int i = 0; i < lines.size(); i++) {
                    if (insertre.matcher(lines.get(i)).find()) {
                        n0 = i;
                    }
                }
                if (n0 == null) {
                    n0 = lines.size();
                } else if (insertafter != null) {
                    n0 += 1;
                }
            } else if (insertbefore != null) {
                n0 = 0;
            } else {
                n0 = lines.size();
            }
        } else if (n0 < n1) {
            lines.subList(n0, n1 + 1).clear();
        } else {
            lines.subList(n1, n0 + 1).clear();
            n0 = n1;
        }
        if (n0 > 0 && !lines.get(n0 - 1).endsWith(SEP)) {
            lines.set(n0 - 1, lines.get(n0 - 1) + SEP);
        }
        lines.addAll(n0, blocklines);
        String result = String.join("", lines);
        String original = tf.exists() ? tf.latin() : null;
        String msg;
        boolean changed;
        if (result.equals(original)) {
            msg = "";
            changed = false;
        } else if (original == null) {
            msg = "File created";
            changed = true;
        } else if (blocklines.isEmpty()) {
            msg = "Block removed";
            changed = true;
        } else {
            msg = "Block inserted";
            changed = true;
        }
        return tf.commit(ctx, result, changed, msg, a, data);
    }
}
