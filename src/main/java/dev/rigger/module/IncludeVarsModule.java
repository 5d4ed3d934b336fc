package dev.rigger.module;

import dev.rigger.yaml.YamlLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** include_vars: loads variables from a YAML/JSON file or a folder of them on the controller. */
public final class IncludeVarsModule implements Module {
    private static final ModuleSpec SPEC = ModuleSpec.builder().freeForm()
            .args("file", "dir", "name", "files_matching", "ignore_files", "extensions")
            .choices("hash_behaviour", "merge", "replace")
            .integer("depth")
            .build();

    @Override
    public String name() {
        return "include_vars";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    public ModuleResult run(Map<String, Object> args, ModuleContext ctx) throws IOException {
        List<Path> files = new ArrayList<>();
        Object f = args.containsKey("file") ? args.get("file") : args.get("_raw_params");
        if (f != null) {
            files.add(ctx.findFile(String.valueOf(f), "vars"));
        } else if (args.get("dir") != null) {
            Path d = ctx.findFile(String.valueOf(args.get("dir")), "vars");
            try (Stream<Path> s = Files.walk(d, args.get("depth") == null ? 64
                    : Math.max(1, Integer.parseInt(String.valueOf(args.get("depth")))))) {
                s.filter(p -> Files.isRegularFile(p) && p.toString().matches(".*\\.(ya?ml|json)$")).sorted()
                        .forEach(files::add);
            }
        } else {
            return ModuleResult.failed("one of file or dir is required");
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        List<String> loaded = new ArrayList<>();
        for (Path p : files) {
            Object doc = YamlLoader.load(p, ctx.vault());
            if (doc == null) {
                continue;
            }
            if (!(doc instanceof Map<?, ?> m)) {
                return ModuleResult.failed(p + " must be stored as a dictionary/hash");
            }
            m.forEach((k, v) -> vars.put(String.valueOf(k), v));
            loaded.add(p.toString());
        }
        Map<String, Object> facts = vars;
        if (args.get("name") != null) {
            facts = new LinkedHashMap<>();
            facts.put(String.valueOf(args.get("name")), vars);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ansible_facts", facts);
        data.put("ansible_included_var_files", loaded);
        return ModuleResult.ok(data).withFacts(ModuleResult.FactScope.INCLUDE_VARS, facts);
    }
}
