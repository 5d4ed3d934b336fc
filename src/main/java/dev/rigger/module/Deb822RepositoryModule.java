package dev.rigger.module;

import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.system.SourcesFile;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ansible.builtin.deb822_repository (ansible-core 2.15+): writes {@code /etc/apt/sources.list.d/SLUG.sources} in
 * deb822 format, fields in the order Ansible writes them (its argument order), booleans as yes/no.
 */
public final class Deb822RepositoryModule extends BaseModule {
    /** argument -> deb822 field, in the order Ansible emits them. */
    private static final Map<String, String> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("allow_downgrade_to_insecure", "Allow-Downgrade-To-Insecure");
        FIELDS.put("allow_insecure", "Allow-Insecure");
        FIELDS.put("allow_weak", "Allow-Weak");
        FIELDS.put("architectures", "Architectures");
        FIELDS.put("by_hash", "By-Hash");
        FIELDS.put("check_date", "Check-Date");
        FIELDS.put("check_valid_until", "Check-Valid-Until");
        FIELDS.put("components", "Components");
        FIELDS.put("date_max_future", "Date-Max-Future");
        FIELDS.put("enabled", "Enabled");
        FIELDS.put("inrelease_path", "InRelease-Path");
        FIELDS.put("languages", "Languages");
        FIELDS.put("name", "X-Repolib-Name");
        FIELDS.put("pdiffs", "PDiffs");
        FIELDS.put("signed_by", "Signed-By");
        FIELDS.put("suites", "Suites");
        FIELDS.put("targets", "Targets");
        FIELDS.put("trusted", "Trusted");
        FIELDS.put("types", "Types");
        FIELDS.put("uris", "URIs");
    }

    private static final List<String> BOOLS = List.of("allow_downgrade_to_insecure", "allow_insecure", "allow_weak",
            "by_hash", "check_date", "check_valid_until", "enabled", "pdiffs", "trusted");
    private static final List<String> LISTS = List.of("architectures", "components", "languages", "suites",
            "targets", "types", "uris");

    @Override
    public String name() {
        return "deb822_repository";
    }

    @Override
    public ModuleSpec spec() {
        ModuleSpec.Builder b = ModuleSpec.builder().required("name").args("mode", "_sources_dir");
        FIELDS.keySet().forEach(b::args);
        return b.alias("arch", "architectures").alias("component", "components").alias("suite", "suites")
                .alias("uri", "uris")
                .choices("state", "absent", "present")
                .bool("allow_downgrade_to_insecure", "allow_insecure", "allow_weak", "by_hash", "check_date",
                        "check_valid_until", "enabled", "pdiffs", "trusted", "install_python_debian")
                .build();
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String name = a.required("name");
        String state = a.choice("state", "present");
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[_\\s]+", "-").replaceAll("[^a-z0-9-]+", "");
        String path = a.str("_sources_dir", SourcesFile.DIR) + "/" + slug + ".sources";
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("dest", path);
        data.put("key_filename", null);
        String content = null;
        if (state.equals("present")) {
            if (a.list("uris").isEmpty() || a.list("suites").isEmpty()) {
                return ModuleResult.failed("deb822_repository: " + name + " needs uris and suites");
            }
            for (String t : a.list("types")) {
                if (!t.equals("deb") && !t.equals("deb-src")) {
                    return ModuleResult.failed("deb822_repository: types must be deb and/or deb-src, got '" + t + "'");
                }
            }
            StringBuilder s = new StringBuilder();
            for (Map.Entry<String, String> f : FIELDS.entrySet()) {
                String k = f.getKey();
                String v;
                if (k.equals("types") && !a.has(k)) {
                    v = "deb";
                } else if (!a.has(k)) {
                    continue;
                } else if (BOOLS.contains(k)) {
                    v = a.bool(k, false) ? "yes" : "no";
                } else if (LISTS.contains(k)) {
                    v = String.join(" ", a.list(k));
                } else {
                    v = a.str(k);
                }
                if (k.equals("signed_by") && v.contains("-----BEGIN")) {
                    StringBuilder block = new StringBuilder();
                    for (String line : v.strip().split("\n")) {
                        block.append("\n ").append(line.strip().isEmpty() ? "." : line.strip());
                    }
                    s.append(f.getValue()).append(':').append(block).append('\n');
                    continue;
                }
                if (k.equals("signed_by") && v.matches("^https?://.*")) {
                    return ModuleResult.failed("deb822_repository: signed_by as a URL is not supported by rigger; "
                            + "fetch the key with get_url to /etc/apt/keyrings and give its path");
                }
                s.append(f.getValue()).append(": ").append(v).append('\n');
            }
            content = s.toString();
            data.put("repo", content);
        }
        String before = SourcesFile.read(ctx, path);
        return SourcesFile.converge(ctx, path, before, content, a.str("mode", "0644"), false, data);
    }
}
