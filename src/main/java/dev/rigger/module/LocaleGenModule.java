package dev.rigger.module;

import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import dev.rigger.module.support.PyRegex;
import dev.rigger.module.support.TextFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * community.general.locale_gen (6.x), ported from its module: Debian's way (/etc/locale.gen, the locale's line
 * uncommented or commented with the module's regular expression, then {@code locale-gen}) or Ubuntu's when
 * /var/lib/locales/supported.d/ exists ({@code locale-gen NAME}; for absent the line dropped from
 * supported.d/local, then {@code locale-gen --purge}). Availability is read from /etc/locale.gen (Debian) or
 * /usr/share/i18n/SUPPORTED (Ubuntu), presence from {@code locale -a} with the module's spelling normalisation;
 * all of it in one round trip. Check mode returns only {@code changed}, as Ansible's.
 */
public final class LocaleGenModule extends BaseModule {
    private static final ModuleSpec SPEC = ModuleSpec.builder()
            .required("name")
            .choices("state", "absent", "present")
            .build();
    /** LOCALE_NORMALIZATION, in its order. */
    private static final String[][] NORMALIZATION = {{".utf8", ".UTF-8"}, {".eucjp", ".EUC-JP"},
        {".iso885915", ".ISO-8859-15"}, {".cp1251", ".CP1251"}, {".koi8r", ".KOI8-R"}, {".armscii8", ".ARMSCII-8"},
        {".euckr", ".EUC-KR"}, {".gbk", ".GBK"}, {".gb18030", ".GB18030"}, {".euctw", ".EUC-TW"}};
    private static final Pattern AVAILABLE_UBUNTU = PyRegex.compile("^(?P<locale>\\S+_\\S+) (?P<charset>\\S+)\\s*$",
            "locale_gen");
    private static final Pattern AVAILABLE_DEBIAN = PyRegex.compile(
            "^#{0,1}\\s*(?P<locale>\\S+_\\S+) (?P<charset>\\S+)\\s*$", "locale_gen");

    private final String root;

    public LocaleGenModule() {
        this("");
    }

    /** Every system path under {@code root}: for tests only, so that they never touch this machine's /etc. */
    LocaleGenModule(String root) {
        this.root = root;
    }

    @Override
    public String name() {
        return "locale_gen";
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String name = a.required("name");
        String state = a.choice("state", "present");
        String supportedDir = root + "/var/lib/locales/supported.d/";
        String localeGen = root + "/etc/locale.gen";
        String supported = root + "/usr/share/i18n/SUPPORTED";
        String local = root + "/var/lib/locales/supported.d/local";
        Map<String, String> p = probe(ctx, supportedDir, localeGen, supported, local);
        boolean ubuntu = p.containsKey("ubuntu");
        if (!ubuntu && !p.containsKey("lgexists")) {
            return ModuleResult.failed("/etc/locale.gen and /var/lib/locales/supported.d/local are missing. Is the"
                    + " package \"locales\" installed?");
        }
        String availableText = content(p, ubuntu ? "supported" : "localegen");
        if (availableText == null) {
            return ModuleResult.failed("could not read " + (ubuntu ? supported : localeGen) + " (Ansible's module"
                    + " fails with a traceback here)");
        }
        if (!available(availableText, name, ubuntu)) {
            return ModuleResult.failed("The locale you've entered is not available on your system.");
        }
        if (!"0".equals(p.get("localerc"))) {
            return ModuleResult.failed("locale -a failed (rc " + p.get("localerc") + "): " + p.get("localeerr")
                    + " (Ansible's module fails with a traceback here)");
        }
        boolean present = present(p.get("locales"), name);
        boolean changed = present != state.equals("present");
        Map<String, Object> data = new LinkedHashMap<>();
        if (ctx.checkMode()) {
            return ModuleResult.of(changed, data);
        }
        if (changed) {
            ModuleResult failed = ubuntu ? applyUbuntu(ctx, p, state, name, local)
                    : applyDebian(ctx, p, state, name, localeGen);
            if (failed != null) {
                return failed;
            }
        }
        data.put("name", name);
        data.put("msg", "OK");
        return ModuleResult.of(changed, data);
    }

    /** One round trip: which layout, the files the module reads, and {@code locale -a}. */
    private static Map<String, String> probe(ModuleContext ctx, String supportedDir, String localeGen,
                                             String supported, String local) throws IOException {
        String script = "rg_o() { printf '%s\\0%s\\0' \"$1\" \"$2\"; }\n"
                + "rg_file() { if rg_v=$(cat -- \"$2\" 2>/dev/null; rg_r=$?; echo x; exit $rg_r); then "
                + "rg_o \"$1\" \"c${rg_v%x}\"; rg_o \"real_$1\" \"$(readlink -f -- \"$2\")\"; fi; }\n"
                + "if [ -d " + Shell.quote(supportedDir) + " ]; then rg_o ubuntu 1; rg_file supported "
                + Shell.quote(supported) + "; rg_file local " + Shell.quote(local) + "; "
                + "else [ -e " + Shell.quote(localeGen) + " ] && rg_o lgexists 1; fi\n"
                + "rg_file localegen " + Shell.quote(localeGen) + "\n"
                + "rg_e=$(mktemp); rg_v=$(locale -a 2>\"$rg_e\"; rg_r=$?; echo x; exit $rg_r); rg_o localerc \"$?\"; "
                + "rg_o locales \"${rg_v%x}\"; rg_o localeerr \"$(cat -- \"$rg_e\")\"; rm -f -- \"$rg_e\"\n";
        ExecResult r = ctx.run(script);
        Map<String, String> m = new LinkedHashMap<>();
        String[] f = r.stdout().split("\0", -1);
        for (int i = 0; i + 1 < f.length; i += 2) {
            m.put(f[i], f[i + 1]);
        }
        if (!m.containsKey("localerc")) {
            throw new IOException("could not read the locale settings on " + ctx.hostName() + ": "
                    + (r.stderr() + r.stdout()).trim());
        }
        return m;
    }

    /** A file's text as Python's text mode reads it (universal newlines), or null when it could not be read. */
    private static String content(Map<String, String> p, String key) {
        String v = p.get(key);
        return v == null ? null : v.substring(1).replace("\r\n", "\n").replace('\r', '\n');
    }

    /** is_available: a line of the list names the locale. */
    static boolean available(String text, String name, boolean ubuntu) {
        Pattern re = ubuntu ? AVAILABLE_UBUNTU : AVAILABLE_DEBIAN;
        for (String line : TextFile.lines(text)) {
            Matcher m = re.matcher(line);
            if (m.lookingAt() && m.group("locale").equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** is_present: {@code locale -a} lists the locale, both spellings normalised by fix_case. */
    static boolean present(String localeA, String name) {
        String want = fixCase(name);
        for (String line : localeA.split("\r\n|[\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029]", -1)) {
            if (fixCase(line).equals(want)) {
                return true;
            }
        }
        return false;
    }

    static String fixCase(String name) {
        for (String[] n : NORMALIZATION) {
            name = name.replace(n[0], n[1]);
        }
        return name;
    }

    /** set_locale: every line's match of {@code #{0,1}\s*NAME (?P<charset>.+)} rewritten, enabled or commented. */
    static String setLocale(String text, String name, boolean enabled) {
        Pattern search = PyRegex.compile("#{0,1}\\s*" + name + " (?P<charset>.+)", "name");
        String template = (enabled ? "" : "# ") + name + " \\g<charset>";
        StringBuilder out = new StringBuilder();
        for (String line : TextFile.lines(text)) {
            Matcher m = search.matcher(line);
            int last = 0;
            while (m.find()) {
                out.append(line, last, m.start()).append(PyRegex.expand(m, template));
                last = m.end();
            }
            out.append(line.substring(last));
        }
        return out.toString();
    }

    private static ModuleResult applyDebian(ModuleContext ctx, Map<String, String> p, String state, String name,
                                            String localeGen) throws IOException {
        String text = content(p, "localegen");
        String after = setLocale(text, name, state.equals("present"));
        write(ctx, p, "localegen", localeGen, after);
        return localeGen(ctx, "locale-gen");
    }

    private static ModuleResult applyUbuntu(ModuleContext ctx, Map<String, String> p, String state, String name,
                                            String local) throws IOException {
        if (state.equals("present")) {
            return localeGen(ctx, "locale-gen " + Shell.quote(name));
        }
        String text = content(p, "local");
        if (text == null) {
            return ModuleResult.failed("could not read " + local + " (Ansible's module fails with a traceback here)");
        }
        StringBuilder kept = new StringBuilder();
        for (String line : TextFile.lines(text)) {
            String[] words = line.split(" ", -1);
            if (words.length != 2) {
                return ModuleResult.failed("a line of " + local + " is not \"locale charset\": " + line.strip()
                        + " (Ansible's module fails with a traceback here, leaving the file truncated)");
            }
            if (!words[0].equals(name)) {
                kept.append(line);
            }
        }
        write(ctx, p, "local", local, kept.toString());
        return localeGen(ctx, "locale-gen --purge");
    }

    private static void write(ModuleContext ctx, Map<String, String> p, String key, String path, String text)
            throws IOException {
        String real = p.get("real_" + key);
        ctx.connection().writeFileAtomic(real == null || real.isEmpty() ? path : real,
                text.getBytes(StandardCharsets.UTF_8), null, ctx.become());
    }

    /** call("locale-gen", ...): a non-zero exit fails with the module's EnvironmentError text and exitValue. */
    private static ModuleResult localeGen(ModuleContext ctx, String command) throws IOException {
        ExecResult r = ctx.run("command -v locale-gen >/dev/null 2>&1 || exit 199; " + command + " </dev/null");
        if (r.rc() == 0) {
            return null;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        if (r.rc() == 199) {
            d.put("exitValue", 2);
            return ModuleResult.failed("[Errno 2] No such file or directory: 'locale-gen'", d);
        }
        d.put("exitValue", r.rc());
        return ModuleResult.failed("[Errno " + r.rc() + "] locale.gen failed to execute, it returned " + r.rc(), d);
    }
}
