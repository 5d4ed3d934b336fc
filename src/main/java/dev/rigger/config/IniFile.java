package dev.rigger.config;

import dev.rigger.Pos;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ansible.cfg as Python's {@code configparser.ConfigParser(inline_comment_prefixes=(';',))} reads it (what
 * ansible-core 2.14's config manager uses): {@code [section]} headers, {@code key = value} and {@code key: value}
 * (keys lower-cased), whole-line comments starting with {@code #} or {@code ;}, inline comments after a {@code ;}
 * that follows white space, continuation lines (indented deeper than their key, joined with a newline), a
 * {@code [DEFAULT]} section whose keys every section sees, and configparser's errors (a duplicate section or key,
 * a line before any section, a line that is no {@code key = value}). Values are read raw, without interpolation,
 * as Ansible reads them.
 *
 * @param file where it was read from (for messages)
 */
public record IniFile(Path file, Map<String, Map<String, Entry>> sections, Map<String, Entry> defaults) {
    private static final Pattern SECTION = Pattern.compile("\\[(?<header>.+)]");
    private static final Pattern OPTION = Pattern.compile("(?<option>.*?)\\s*(?<vi>[=:])\\s*(?<value>.*)$");

    /** A key's value and the line it was set on. */
    public record Entry(String value, int line) {
    }

    public IniFile {
        Map<String, Map<String, Entry>> copy = new LinkedHashMap<>();
        sections.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        sections = Collections.unmodifiableMap(copy);
        defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
    }

    /** The raw value of {@code key} in {@code section} (or in [DEFAULT]), or null, as {@code get(raw=True)}. */
    public Entry get(String section, String key) {
        Map<String, Entry> s = sections.get(section);
        if (s == null) {
            return null; // configparser: NoSectionError, which Ansible takes as "not set"
        }
        String k = key.toLowerCase(Locale.ROOT);
        Entry e = s.get(k);
        return e != null ? e : defaults.get(k);
    }

    /** Reads and parses {@code file} (UTF-8, as Ansible requires). */
    public static IniFile read(Path file) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException("Error reading config file(" + file + ") because the config file was not utf8 "
                    + "encoded", new Pos(file.toString(), 0, 0));
        } catch (IOException e) {
            throw new ConfigException("cannot read the config file " + file + ": " + e.getMessage(), null);
        }
        return parse(text, file);
    }

    /** Parses ini text; {@code file} names it in messages. */
    public static IniFile parse(String text, Path file) {
        Map<String, Map<String, List<String>>> raw = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> lines = new LinkedHashMap<>();
        Map<String, List<String>> defaults = new LinkedHashMap<>();
        Map<String, Integer> defaultLines = new LinkedHashMap<>();
        java.util.Set<String> added = new java.util.HashSet<>();
        List<String> problems = new ArrayList<>();
        int firstProblem = 0;
        Map<String, List<String>> cursect = null;
        Map<String, Integer> curlines = null;
        String sectname = null;
        String optname = null;
        int indentLevel = 0;
        String[] all = text.split("\r\n|\n|\r", -1);
        for (int i = 0; i < all.length; i++) {
            int lineno = i + 1;
            String line = all[i];
            if (i == all.length - 1 && line.isEmpty()) {
                break;
            }
            int commentStart = Integer.MAX_VALUE;
            int idx = -1;
            while (commentStart == Integer.MAX_VALUE) {
                idx = line.indexOf(';', idx + 1);
                if (idx == -1) {
                    break;
                }
                if (idx == 0 || Character.isWhitespace(line.charAt(idx - 1))) {
                    commentStart = idx;
                }
            }
            String stripped = line.strip();
            if (stripped.startsWith("#") || stripped.startsWith(";")) {
                commentStart = 0;
            }
            boolean noComment = commentStart == Integer.MAX_VALUE;
            String value = (noComment ? line : line.substring(0, commentStart)).strip();
            if (value.isEmpty()) {
                // empty_lines_in_values: an empty line belongs to the value above (if there was no comment)
                if (noComment && cursect != null && optname != null && cursect.get(optname) != null) {
                    cursect.get(optname).add("");
                }
                continue;
            }
            int curIndent = 0;
            while (curIndent < line.length() && Character.isWhitespace(line.charAt(curIndent))) {
                curIndent++;
            }
            if (cursect != null && optname != null && curIndent > indentLevel) {
                cursect.get(optname).add(value);
                continue;
            }
            indentLevel = curIndent;
            Matcher sm = SECTION.matcher(value);
            if (sm.lookingAt()) {
                sectname = sm.group("header");
                if (sectname.equals("DEFAULT")) {
                    cursect = defaults;
                    curlines = defaultLines;
                } else if (raw.containsKey(sectname)) {
                    throw error(file, lineno, "While reading from '<string>' [line " + pad(lineno)
                            + "]: section '" + sectname + "' already exists");
                } else {
                    cursect = new LinkedHashMap<>();
                    curlines = new LinkedHashMap<>();
                    raw.put(sectname, cursect);
                    lines.put(sectname, curlines);
                }
                optname = null;
            } else if (cursect == null) {
                throw error(file, lineno, "File contains no section headers.\nfile: '<string>', line: " + lineno
                        + "\n" + PyRepr.repr(line + "\n"));
            } else {
                Matcher om = OPTION.matcher(value);
                if (om.matches() && !om.group("option").isEmpty()) {
                    optname = om.group("option").stripTrailing().toLowerCase(Locale.ROOT);
                    if (!added.add(sectname + "\0" + optname)) {
                        throw error(file, lineno, "While reading from '<string>' [line " + pad(lineno)
                                + "]: option '" + optname + "' in section '" + sectname + "' already exists");
                    }
                    List<String> v = new ArrayList<>();
                    v.add(om.group("value").strip());
                    cursect.put(optname, v);
                    curlines.put(optname, lineno);
                } else {
                    // configparser collects these and raises one ParsingError at the end
                    if (firstProblem == 0) {
                        firstProblem = lineno;
                    }
                    problems.add("\t[line " + pad(lineno) + "]: " + PyRepr.repr(line + "\n"));
                    optname = null;
                }
            }
        }
        if (!problems.isEmpty()) {
            throw error(file, firstProblem, "Source contains parsing errors: '<string>'\n"
                    + String.join("\n", problems));
        }
        Map<String, Map<String, Entry>> sections = new LinkedHashMap<>();
        raw.forEach((s, m) -> {
            Map<String, Entry> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, new Entry(join(v), lines.get(s).get(k))));
            sections.put(s, out);
        });
        Map<String, Entry> defs = new LinkedHashMap<>();
        defaults.forEach((k, v) -> defs.put(k, new Entry(join(v), defaultLines.get(k))));
        return new IniFile(file, sections, defs);
    }

    private static String join(List<String> parts) {
        return String.join("\n", parts).stripTrailing();
    }

    private static String pad(int n) {
        return String.format(Locale.ROOT, "%2d", n);
    }

    private static ConfigException error(Path file, int line, String what) {
        return new ConfigException("Error reading config file (" + file + "): " + what,
                new Pos(String.valueOf(file), line, 1));
    }
}
