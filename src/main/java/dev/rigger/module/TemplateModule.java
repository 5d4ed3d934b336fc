package dev.rigger.module;

import dev.rigger.module.support.Args;
import dev.rigger.module.support.ArgException;
import dev.rigger.module.support.Attrs;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.Content;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ansible.builtin.template: renders a controller template ({@code templates/} of the role, then the playbook
 * folder) with the task's variables, then writes it exactly like copy (one round trip when unchanged).
 */
public final class TemplateModule extends BaseModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .required("src", "dest")
            .args("mode", "owner", "group", "validate", "output_encoding")
            .choices("newline_sequence", "\\n", "\\r", "\\r\\n")
            .bool("force", "backup", "follow", "unsafe_writes")
            .path("dest")
            .controllerPath("src")
            .build();

    @Override
    public String name() {
        return "template";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String src = a.required("src");
        String dest = a.required("dest");
        String nl = a.choice("newline_sequence", "\\n");
        String enc = a.str("output_encoding", "utf-8");
        if (!enc.equalsIgnoreCase("utf-8") && !enc.equalsIgnoreCase("utf8")) {
            throw new ArgException("output_encoding " + enc + " is not available; rigger writes templates as utf-8");
        }
        Path local = ctx.findFile(src, "templates");
        if (Files.isDirectory(local)) {
            return ModuleResult.failed("Source " + src + " is a directory; template renders single files");
        }
        Content.ControllerFile source = Content.controllerFile(ctx, local, true);
        String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(source.bytes())).toString();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("template_path", local.toString());
        extra.put("template_fullpath", local.toAbsolutePath().toString());
        extra.put("template_host", controllerHost());
        extra.put("template_uid", Files.getOwner(local).getName());
        extra.put("template_destpath", dest);
        extra.put("ansible_managed", "Ansible managed");
        String rendered = ctx.templateText(text, extra);
        if (!nl.equals("\\n")) {
            rendered = rendered.replace("\n", nl.equals("\\r") ? "\r" : "\r\n");
        }
        byte[] bytes = rendered.getBytes(StandardCharsets.UTF_8);
        Attrs attrs = Attrs.from(a);
        boolean makeDirs = dest.endsWith("/");
        if (makeDirs) {
            dest = dest + local.getFileName();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("src", local.toString());
        ModuleResult res = CopyModule.copyBytes(new CopyModule.Request(dest, bytes, local.toString(),
                local.getFileName().toString(), attrs, a.bool("force", true), a.bool("backup", false),
                a.str("validate"), a.bool("follow", false), null, data, makeDirs, null), ctx);
        return source.vaulted() ? res.withDiffsHidden(Content.VAULTED) : res;
    }

    private static String controllerHost() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h;
        }
        try {
            return Files.readString(Path.of("/etc/hostname")).trim();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
