package dev.rigger.playbook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's free-form argument syntax: {@code src=a dest="b c" mode=0644}, and raw text for command-like modules.
 * A port of ansible-core 2.14's {@code ansible/parsing/splitter.py} ({@code parse_kv}, {@code split_args},
 * {@code _decode_escapes}, {@code join_args}) and {@code quoting.unquote}, quirks included, so that rigger reads
 * {@code copy: content='a\nb'} as the same two lines Ansible writes.
 */
public final class KeyValue {
    /** Keys that command/shell/raw take out of their free-form text (parse_kv's check_raw list). */
    public static final Set<String> COMMAND_KEYS = Set.of("creates", "removes", "chdir", "executable", "warn", "stdin",
            "stdin_add_newline", "strip_empty_ends");

    private static final String HEX = "[a-fA-F0-9]";
    /** splitter._ESCAPE_SEQUENCE_RE. */
    private static final Pattern ESCAPE_SEQUENCE = Pattern.compile("\\\\U" + HEX + "{8}|\\\\u" + HEX + "{4}|\\\\x"
            + HEX + "{2}|\\\\N\\{[^}]+\\}|\\\\[\\\\'\"abfnrtv]");
    private static final Pattern CJK_NAME = Pattern.compile("CJK UNIFIED IDEOGRAPH-([0-9A-F]{4,5})");

    private KeyValue() {
    }

    /**
     * Parses key=value text as parse_kv does. With {@code freeForm} (parse_kv's check_raw) only the keys in
     * {@code freeFormKeys} are taken out and every other token goes, as written, to {@code _raw_params} (rebuilt as
     * join_args does); without it every token must be key=value, else {@link IllegalArgumentException} naming the
     * token (where Ansible would put it under {@code _raw_params} and have the module refuse it). Unbalanced quotes
     * or jinja2 blocks, and escapes Python cannot decode, are {@link IllegalArgumentException}s too.
     */
    public static Map<String, Object> parse(String text, boolean freeForm, Set<String> freeFormKeys) {
        Map<String, Object> options = new LinkedHashMap<>();
        List<String> rawParams = new ArrayList<>();
        for (String origX : splitArgs(text)) {
            String x = decodeEscapes(origX);
            String raw = null;
            if (x.indexOf('=') >= 0) {
                int pos = 0;
                boolean found = false;
                while (true) {
                    pos = x.indexOf('=', pos + 1);
                    if (pos < 0) {
                        break;
                    }
                    if (x.charAt(pos - 1) != '\\') {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    // only escaped equals: unescape them and keep the token as a raw param
                    raw = x.replace("\\=", "=");
                } else {
                    String k = x.substring(0, pos);
                    String v = x.substring(pos + 1);
                    if (freeForm && !freeFormKeys.contains(k)) {
                        raw = origX;
                    } else {
                        options.put(pyStrip(k), unquote(pyStrip(v)));
                    }
                }
            } else {
                raw = origX;
            }
            if (raw != null) {
                if (!freeForm) {
                    throw new IllegalArgumentException("expected key=value arguments, found '" + raw + "'");
                }
                rawParams.add(raw);
            }
        }
        if (!rawParams.isEmpty()) {
            options.put("_raw_params", joinArgs(rawParams));
        }
        return options;
    }

    /** splitter.join_args: the tokens put back together, keeping their newlines. */
    static String joinArgs(List<String> parts) {
        StringBuilder result = new StringBuilder();
        for (String p : parts) {
            if (result.length() == 0 || result.charAt(result.length() - 1) == '\n') {
                result.append(p);
            } else {
                result.append(' ').append(p);
            }
        }
        return result.toString();
    }

    /** quoting.unquote: drops a matching pair of outer quotes unless the closing one is escaped. */
    static String unquote(String data) {
        int n = data.length();
        if (n > 1 && data.charAt(0) == data.charAt(n - 1) && (data.charAt(0) == '"' || data.charAt(0) == '\'')
                && data.charAt(n - 2) != '\\') {
            return data.substring(1, n - 1);
        }
        return data;
    }

    /**
     * splitter.split_args: splits on spaces and newlines, then puts back together what was split inside quotes or
     * a jinja2 {{ }}, {% %} or {# #} block.
     */
    static List<String> splitArgs(String args) {
        List<String> params = new ArrayList<>();
        String[] items = args.split("\n", -1);
        char quoteChar = 0;
        boolean insideQuotes = false;
        int printDepth = 0;
        int blockDepth = 0;
        int commentDepth = 0;
        for (int itemIdx = 0; itemIdx < items.length; itemIdx++) {
            String[] tokens = items[itemIdx].split(" ", -1);
            boolean lineContinuation = false;
            for (int idx = 0; idx < tokens.length; idx++) {
                String token = tokens[idx];
                if (token.isEmpty() && idx != 0) {
                    appendToLast(params, " ");
                    continue;
                }
                if (token.equals("\\") && !insideQuotes) {
                    lineContinuation = true;
                    continue;
                }
                boolean wasInsideQuotes = insideQuotes;
                quoteChar = quoteState(token, quoteChar);
                insideQuotes = quoteChar != 0;
                boolean appended = false;
                boolean inBlock = printDepth != 0 || blockDepth != 0 || commentDepth != 0;
                if (insideQuotes && !wasInsideQuotes && !inBlock) {
                    params.add(token);
                    appended = true;
                } else if (inBlock || insideQuotes || wasInsideQuotes) {
                    if (idx == 0 && wasInsideQuotes) {
                        appendToLast(params, token);
                    } else if (tokens.length > 1) {
                        appendToLast(params, (idx > 0 ? " " : "") + token);
                    } else {
                        appendToLast(params, "\n" + token);
                    }
                    appended = true;
                }
                int prev = printDepth;
                printDepth = jinjaDepth(token, printDepth, "{{", "}}");
                if (printDepth != prev && !appended) {
                    params.add(token);
                    appended = true;
                }
                prev = blockDepth;
                blockDepth = jinjaDepth(token, blockDepth, "{%", "%}");
                if (blockDepth != prev && !appended) {
                    params.add(token);
                    appended = true;
                }
                prev = commentDepth;
                commentDepth = jinjaDepth(token, commentDepth, "{#", "#}");
                if (commentDepth != prev && !appended) {
                    params.add(token);
                    appended = true;
                }
                if (printDepth == 0 && blockDepth == 0 && commentDepth == 0 && !insideQuotes && !appended
                        && !token.isEmpty()) {
                    params.add(token);
                }
            }
            if (items.length > 1 && itemIdx != items.length - 1 && !lineContinuation) {
                appendToLast(params, "\n");
            }
        }
        if (printDepth != 0 || blockDepth != 0 || commentDepth != 0 || insideQuotes) {
            throw new IllegalArgumentException(
                    "failed at splitting arguments, either an unbalanced jinja2 block or quotes: " + args);
        }
        return params;
    }

    /** Python's {@code params[-1] += s}; on an empty list parse_kv's IndexError. */
    private static void appendToLast(List<String> params, String s) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("Unable to parse argument string. list index out of range");
        }
        params.set(params.size() - 1, params.get(params.size() - 1) + s);
    }

    /** splitter._get_quote_state: the quote still open after {@code token}, or 0. */
    private static char quoteState(String token, char quoteChar) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if ((c == '"' || c == '\'') && (i == 0 || token.charAt(i - 1) != '\\')) {
                if (quoteChar != 0) {
                    if (c == quoteChar) {
                        quoteChar = 0;
                    }
                } else {
                    quoteChar = c;
                }
            }
        }
        return quoteChar;
    }

    /** splitter._count_jinja2_blocks. */
    private static int jinjaDepth(String token, int depth, String open, String close) {
        int opens = count(token, open);
        int closes = count(token, close);
        if (opens != closes) {
            depth += opens - closes;
            if (depth < 0) {
                depth = 0;
            }
        }
        return depth;
    }

    /** Python's str.count: non-overlapping occurrences. */
    private static int count(String s, String sub) {
        int n = 0;
        int i = s.indexOf(sub);
        while (i >= 0) {
            n++;
            i = s.indexOf(sub, i + sub.length());
        }
        return n;
    }

    /** splitter._decode_escapes: each escape sequence decoded as Python's 'unicode-escape' codec does. */
    static String decodeEscapes(String s) {
        Matcher m = ESCAPE_SEQUENCE.matcher(s);
        if (!m.find()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int last = 0;
        do {
            out.append(s, last, m.start());
            decode(m.group(), out);
            last = m.end();
        } while (m.find());
        return out.append(s, last, s.length()).toString();
    }

    private static void decode(String esc, StringBuilder out) {
        char c = esc.charAt(1);
        switch (c) {
            case 'U' -> {
                long cp = Long.parseLong(esc.substring(2), 16);
                if (cp > Character.MAX_CODE_POINT) {
                    throw new IllegalArgumentException("cannot decode '" + esc + "': illegal Unicode character");
                }
                out.appendCodePoint((int) cp);
            }
            case 'u', 'x' -> out.append((char) Integer.parseInt(esc.substring(2), 16));
            case 'N' -> out.appendCodePoint(codePointOf(esc.substring(3, esc.length() - 1), esc));
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            default -> out.append(c); // \\ \' \"
        }
    }

    /**
     * The code point Python's {@code \N{name}} names: Unicode character names, any case, with the algorithmic CJK
     * unified ideograph and Hangul syllable names, and LF, FF, CR and NEL's aliases. Java's own extras (block-and-hex
     * names, Unicode 1 names, trimming) are refused; Python's other aliases (NBSP, BOM, ALERT...) are not known.
     */
    private static int codePointOf(String name, String esc) {
        String upper = name.toUpperCase(Locale.ROOT);
        Matcher cjk = CJK_NAME.matcher(upper);
        if (cjk.matches()) {
            int cp = Integer.parseInt(cjk.group(1), 16);
            if (Character.isIdeographic(cp) && Character.getName(cp) != null
                    && Character.getName(cp).equals(blockName(cp))) {
                return cp;
            }
        } else if (upper.startsWith("HANGUL SYLLABLE ")) {
            Integer cp = Hangul.NAMES.get(upper);
            if (cp != null) {
                return cp;
            }
        } else if (Controls.NAMES.containsKey(upper)) {
            return Controls.NAMES.get(upper);
        } else if (name.strip().equals(name)) {
            try {
                int cp = Character.codePointOf(name);
                String real = Character.getName(cp);
                if (real != null && !real.equals(blockName(cp))
                        && !(Character.getType(cp) == Character.CONTROL && real.endsWith(")"))) {
                    return cp;
                }
            } catch (IllegalArgumentException e) {
                // unknown: below
            }
        }
        throw new IllegalArgumentException("cannot decode '" + esc + "': unknown Unicode character name");
    }

    /** The name Java makes up for a character UnicodeData gives none. */
    private static String blockName(int cp) {
        Character.UnicodeBlock b = Character.UnicodeBlock.of(cp);
        return b == null ? null
                : b.toString().replace('_', ' ') + " " + Integer.toHexString(cp).toUpperCase(Locale.ROOT);
    }

    /**
     * Java names LF, FF, CR and NEL with Unicode 1's "LINE FEED (LF)"; Python knows the aliases "LINE FEED" and
     * "LF" instead.
     */
    private static final class Controls {
        static final Map<String, Integer> NAMES = new HashMap<>();

        static {
            Pattern unicode1 = Pattern.compile("(.*) \\((.*)\\)");
            for (int cp = 0; cp < 0xA0; cp++) {
                String name = Character.getName(cp);
                Matcher m = name == null || Character.getType(cp) != Character.CONTROL ? null : unicode1.matcher(name);
                if (m != null && m.matches()) {
                    NAMES.put(m.group(1), cp);
                    NAMES.put(m.group(2), cp);
                }
            }
        }
    }

    /** Hangul syllable names, made as the Unicode standard (and Python's unicodedata) makes them. */
    private static final class Hangul {
        static final Map<String, Integer> NAMES = new HashMap<>();

        static {
            String[] l = {"G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T",
                "P", "H"};
            String[] v = {"A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO",
                "WE", "WI", "YU", "EU", "YI", "I"};
            String[] t = {"", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH",
                "M", "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H"};
            for (int i = 0; i < l.length; i++) {
                for (int j = 0; j < v.length; j++) {
                    for (int k = 0; k < t.length; k++) {
                        NAMES.put("HANGUL SYLLABLE " + l[i] + v[j] + t[k], 0xAC00 + (i * v.length + j) * t.length + k);
                    }
                }
            }
        }
    }

    /** Python's str.strip(): Java's whitespace and also NEL, no-break spaces. */
    static String pyStrip(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && isPySpace(s.charAt(a))) {
            a++;
        }
        while (b > a && isPySpace(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }

    private static boolean isPySpace(char c) {
        return Character.isWhitespace(c) || c == '\u0085' || c == '\u00a0' || c == '\u2007' || c == '\u202f';
    }
}
