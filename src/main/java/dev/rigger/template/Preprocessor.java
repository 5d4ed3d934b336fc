package dev.rigger.template;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Source rewrites so Jinjava parses what Jinja2 parses, the way Ansible 2.14 feeds it:
 * <ul>
 *   <li>string literals are re-spelled for Jinjava's scanner: Python escapes ({@code \n}, {@code \x41}) decoded,
 *       unknown escapes ({@code \d}) kept literally as Python does; inside {@code {{ }}} of a templated value
 *       (not template files, not conditionals) backslashes are literal, as Ansible's {@code _escape_backslashes}
 *       makes them;</li>
 *   <li>a filter followed by a test ({@code x | length is divisibleby 2}) gets parentheses around the filtered
 *       operand;</li>
 *   <li>{@code }}} closing nested dict literals inside {@code {{ }}} is split so Jinjava's tokenizer does not end
 *       the expression early.</li>
 * </ul>
 */
final class Preprocessor {
    private Preprocessor() {
    }

    private static final Pattern IS = Pattern.compile("\\sis\\s");
    private static final Pattern RAW = Pattern.compile("([-+]?)\\s*raw\\s*(-?)");
    private static final Pattern ENDRAW = Pattern.compile("\\{%([-+]?)\\s*endraw\\s*([-+]?)%\\}");
    /** The function a raw block becomes: {@code {{ __rigger_raw('base64 of the text') }}}; see {@link #raw}. */
    static final String RAW_FUNCTION = "__rigger_raw";

    /** Rewrites every expression and tag of a template; {@code rawVarStrings}: Ansible's escape_backslashes. */
    static String template(String t, boolean rawVarStrings) {
        if (t.indexOf('{') < 0) {
            return t;
        }
        StringBuilder out = new StringBuilder(t.length() + 16);
        int i = 0;
        int n = t.length();
        while (i < n) {
            int j = nextOpen(t, i);
            if (j < 0) {
                out.append(t, i, n);
                break;
            }
            out.append(t, i, j);
            char kind = t.charAt(j + 1);
            if (kind == '#') {
                int e = t.indexOf("#}", j + 2);
                int end = e < 0 ? n : e + 2;
                out.append(t, j, end);
                i = end;
            } else if (kind == '%') {
                int e = findClose(t, j + 2, '%');
                if (e < 0) {
                    out.append(t, j, n);
                    break;
                }
                String body = t.substring(j + 2, e);
                Matcher rm = RAW.matcher(body);
                if (rm.matches()) {
                    Matcher m = ENDRAW.matcher(t);
                    if (!m.find(e + 2)) {
                        out.append(t, j, n); // Jinjava reports the unclosed block
                        break;
                    }
                    i = rawBlock(t, out, rm, e + 2, m);
                    continue;
                }
                String unpacked = setUnpack(body);
                out.append(unpacked != null ? unpacked : "{%" + expression(body, false) + "%}");
                i = e + 2;
            } else {
                int e = findClose(t, j + 2, '}');
                if (e < 0) {
                    out.append(t, j, n);
                    break;
                }
                String raw = t.substring(j + 2, e);
                // Jinjava 2.8.3 ignores {{- and -}}: apply the whitespace control here
                if (raw.startsWith("-")) {
                    raw = raw.substring(1);
                    stripTrailingWhitespace(out);
                }
                boolean stripAfter = raw.endsWith("-");
                if (stripAfter) {
                    raw = raw.substring(0, raw.length() - 1);
                }
                String body = splitBraces(expression(raw, rawVarStrings));
                if (body.strip().startsWith("-")) {
                    body = "(" + body + ")"; // {{ -1 }}: Jinjava would read the sign as whitespace control
                }
                out.append("{{").append(body).append("}}");
                i = e + 2;
                if (stripAfter) {
                    while (i < n && Character.isWhitespace(t.charAt(i))) {
                        i++;
                    }
                }
            }
        }
        return out.toString();
    }

    private static final Pattern SET_UNPACK = Pattern.compile(
            "([-+]?)(\\s*set\\s+)([A-Za-z_]\\w*(?:\\s*,\\s*[A-Za-z_]\\w*)+)\\s*=(.+?)([-+]?)", Pattern.DOTALL);

    /**
     * {@code {% set a, b = pair %}}: Jinja unpacks one sequence into the names; Jinjava takes only as many values as
     * names ({@code set a, b = 1, 2}). One value becomes a hidden variable and a set per name, indexed; the
     * whitespace markers stay on the first and last tag. Null when the tag is not such a set.
     */
    static String setUnpack(String body) {
        Matcher m = SET_UNPACK.matcher(body);
        if (!m.matches() || topLevelComma(m.group(4))) {
            return null;
        }
        String[] names = m.group(3).split("\\s*,\\s*");
        String tmp = "__rigger_unpack";
        StringBuilder sb = new StringBuilder("{%").append(m.group(1)).append(m.group(2)).append(tmp).append(" =")
                .append(expression(m.group(4), false)).append("%}");
        for (int k = 0; k < names.length; k++) {
            sb.append("{% set ").append(names[k].strip()).append(" = ").append(tmp).append('[').append(k).append("] ")
                    .append(k == names.length - 1 ? m.group(5) : "").append("%}");
        }
        return sb.toString();
    }

    private static boolean topLevelComma(String e) {
        boolean[] quoted = ExpressionScan.quotedMask(e);
        int depth = 0;
        for (int k = 0; k < e.length(); k++) {
            char c = e.charAt(k);
            if (quoted[k]) {
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * A raw block, as Jinja's lexer reads it with Ansible's trim_blocks: {@code {%- raw} strips the whitespace before
     * it, {@code raw -%}} the whitespace after it; the newline after {@code {% raw %}} is kept (trim_blocks does not
     * apply there); {@code {%- endraw} strips the text's trailing whitespace, {@code endraw -%}} all whitespace after
     * it, and a plain {@code endraw %}} one newline after it ({@code endraw +%}} none). The text becomes a call
     * printing it verbatim, so Jinjava neither parses it nor trims around it. Returns the index after the block.
     */
    private static int rawBlock(String t, StringBuilder out, Matcher begin, int textStart, Matcher end) {
        if (begin.group(1).equals("-")) {
            stripTrailingWhitespace(out);
        }
        int from = textStart;
        if (begin.group(2).equals("-")) {
            while (from < end.start() && Character.isWhitespace(t.charAt(from))) {
                from++;
            }
        }
        int to = end.start();
        if (end.group(1).equals("-")) {
            while (to > from && Character.isWhitespace(t.charAt(to - 1))) {
                to--;
            }
        }
        String text = t.substring(from, to);
        if (!text.isEmpty()) {
            out.append("{{ ").append(RAW_FUNCTION).append("('").append(java.util.Base64.getEncoder().encodeToString(
                    text.getBytes(java.nio.charset.StandardCharsets.UTF_8))).append("') }}");
        }
        int i = end.end();
        if (end.group(2).equals("-")) {
            while (i < t.length() && Character.isWhitespace(t.charAt(i))) {
                i++;
            }
        } else if (end.group(2).isEmpty()) {
            if (t.startsWith("\r\n", i)) {
                i += 2;
            } else if (i < t.length() && (t.charAt(i) == '\n' || t.charAt(i) == '\r')) {
                i++;
            }
        }
        return i;
    }

    /** A raw block's text, from {@link #rawBlock}'s encoding. */
    public static String raw(String encoded) {
        return new String(java.util.Base64.getDecoder().decode(encoded), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void stripTrailingWhitespace(StringBuilder out) {
        int k = out.length();
        while (k > 0 && Character.isWhitespace(out.charAt(k - 1))) {
            k--;
        }
        out.setLength(k);
    }

    private static int nextOpen(String t, int from) {
        for (int i = t.indexOf('{', from); i >= 0 && i + 1 < t.length(); i = t.indexOf('{', i + 1)) {
            char c = t.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
        }
        return -1;
    }

    /** Index of the closing {@code }}} or {@code %}} for a block whose body starts at {@code from}. */
    static int findClose(String t, int from, char close) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < t.length() - 1; i++) {
            char c = t.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == close && t.charAt(i + 1) == '}' && (close == '%' || depth == 0)) {
                return i;
            } else if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if (c == '}' || c == ']' || c == ')') {
                depth--;
            }
        }
        return -1;
    }

    private static String splitBraces(String body) {
        if (!body.contains("}}")) {
            return body;
        }
        StringBuilder sb = new StringBuilder(body.length() + 4);
        char quote = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            sb.append(c);
            if (quote != 0) {
                if (c == '\\' && i + 1 < body.length()) {
                    sb.append(body.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '}' && i + 1 < body.length() && body.charAt(i + 1) == '}') {
                sb.append(' ');
            }
        }
        return sb.toString();
    }

    /** Words Jinjava's EL scanner reserves that are ordinary names in Jinja2. */
    private static final Pattern EL_WORDS = Pattern.compile("\\b(empty|div|mod|instanceof|eq|ne|lt|gt|le|ge)\\b");
    /** A variable spelled like an EL keyword is renamed to this prefix plus its name; see {@link Templar}. */
    static final String KEYWORD_VAR = "__rigger_kw_";

    /** Rewrites one expression (or tag body): string literals, then filter-before-test parentheses. */
    static String expression(String e, boolean rawStrings) {
        if (e.indexOf('\'') >= 0 || e.indexOf('"') >= 0) {
            e = strings(e, rawStrings);
        }
        if (e.contains("ansible.builtin.")) {
            e = fqcn(e);
        }
        if (EL_WORDS.matcher(e).find()) {
            e = elWords(e);
        }
        if (e.indexOf('.') >= 0 && DOT_INDEX.matcher(e).find()) {
            e = dotIndex(e);
        }
        if (e.indexOf("::") >= 0 || e.indexOf(':') >= 0 && e.indexOf('[') >= 0) {
            e = Slices.steppedSlices(e);
        }
        if (e.contains("|") && e.contains(" is ")) {
            e = filterThenTest(e);
        }
        if (e.indexOf('+') >= 0) {
            e = plusDigit(e);
        }
        return e;
    }

    /**
     * {@code n+1}, {@code n +1}, {@code (n)+1}: Jinjava's scanner reads {@code +1} as a signed number and then
     * finds no operator; a binary plus before a digit gets a space after it ({@code n+ 1}). A sign at the start of
     * an operand ({@code [+1]}) and an exponent ({@code 1e+5}) stay as written.
     */
    private static String plusDigit(String e) {
        boolean[] quoted = ExpressionScan.quotedMask(e);
        StringBuilder sb = null;
        for (int i = 0; i < e.length() - 1; i++) {
            if (e.charAt(i) != '+' || quoted[i] || !Character.isDigit(e.charAt(i + 1))) {
                continue;
            }
            int p = i - 1;
            while (p >= 0 && e.charAt(p) == ' ') {
                p--;
            }
            if (p < 0) {
                continue;
            }
            char c = e.charAt(p);
            boolean exponent = p == i - 1 && (c == 'e' || c == 'E') && p > 0 && Character.isDigit(e.charAt(p - 1));
            boolean operandEnd = Character.isLetterOrDigit(c) || c == '_' || c == ')' || c == ']' || c == '\''
                    || c == '"';
            if (operandEnd && !exponent) {
                if (sb == null) {
                    sb = new StringBuilder(e);
                }
                sb.insert(i + 1 + (sb.length() - e.length()), ' ');
            }
        }
        return sb == null ? e : sb.toString();
    }

    /** {@code item.0} (Jinja2 indexes lists by dotted numbers; Jinjava reads {@code .0} as a float). */
    private static final Pattern DOT_INDEX = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*|[\\])])\\.(\\d+)(?![\\w.]*\\()(?![A-Za-z_])");

    private static String dotIndex(String e) {
        for (int guard = 0; guard < 20; guard++) {
            boolean[] quoted = ExpressionScan.quotedMask(e);
            Matcher m = DOT_INDEX.matcher(e);
            StringBuilder sb = new StringBuilder();
            boolean changed = false;
            while (m.find()) {
                if (quoted[m.start()]) {
                    continue;
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + "[" + m.group(2) + "]"));
                changed = true;
            }
            m.appendTail(sb);
            e = sb.toString();
            if (!changed) {
                break;
            }
        }
        return e;
    }

    /** {@code x | ansible.builtin.to_json}, {@code is ansible.builtin.version}: the short names. */
    private static String fqcn(String e) {
        boolean[] quoted = ExpressionScan.quotedMask(e);
        StringBuilder sb = new StringBuilder();
        int at = 0;
        for (int i = e.indexOf("ansible.builtin."); i >= 0; i = e.indexOf("ansible.builtin.", i + 1)) {
            if (!quoted[i] && (i == 0 || !Character.isLetterOrDigit(e.charAt(i - 1)))) {
                sb.append(e, at, i);
                at = i + "ansible.builtin.".length();
            }
        }
        return sb.append(e.substring(at)).toString();
    }

    private static String elWords(String e) {
        boolean[] quoted = ExpressionScan.quotedMask(e);
        Matcher m = EL_WORDS.matcher(e);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            if (quoted[m.start()]) {
                continue;
            }
            int p = m.start() - 1;
            while (p >= 0 && Character.isWhitespace(e.charAt(p))) {
                p--;
            }
            int q = m.end();
            while (q < e.length() && Character.isWhitespace(e.charAt(q))) {
                q++;
            }
            String before = e.substring(0, p + 1);
            boolean afterIs = before.endsWith(" is") || before.endsWith(" is not") || before.equals("is");
            boolean call = q < e.length() && e.charAt(q) == '(';
            boolean kwarg = q < e.length() && e.charAt(q) == '=' && (q + 1 >= e.length() || e.charAt(q + 1) != '=');
            boolean identChar = p >= 0 && (Character.isLetterOrDigit(e.charAt(p)) || e.charAt(p) == '_');
            if (afterIs || call || kwarg || (identChar && p == m.start() - 1)) {
                continue;
            }
            sb.append(e, last, p >= 0 && e.charAt(p) == '.' ? p : m.start());
            if (p >= 0 && e.charAt(p) == '.') {
                sb.append("['").append(m.group(1)).append("']");
            } else {
                sb.append(KEYWORD_VAR).append(m.group(1));
            }
            last = m.end();
        }
        sb.append(e.substring(last));
        return sb.toString();
    }

    private static String strings(String e, boolean raw) {
        StringBuilder sb = new StringBuilder(e.length() + 8);
        int i = 0;
        while (i < e.length()) {
            char c = e.charAt(i);
            if (c != '\'' && c != '"') {
                sb.append(c);
                i++;
                continue;
            }
            char q = c;
            StringBuilder content = new StringBuilder();
            int k = i + 1;
            boolean closed = false;
            while (k < e.length()) {
                char x = e.charAt(k);
                if (x == q) {
                    closed = true;
                    break;
                }
                if (x == '\\' && k + 1 < e.length()) {
                    char y = e.charAt(k + 1);
                    if (y == q) {
                        content.append(q);
                    } else if (raw) {
                        content.append('\\');
                        k++;
                        continue;
                    } else {
                        k = pyEscape(e, k, content);
                        continue;
                    }
                    k += 2;
                    continue;
                }
                content.append(x);
                k++;
            }
            if (!closed) {
                sb.append(e, i, e.length());
                return sb.toString();
            }
            sb.append('\'').append(content.toString().replace("\\", "\\\\").replace("'", "\\'")).append('\'');
            i = k + 1;
        }
        return sb.toString();
    }

    /** Decodes the Python escape at {@code e[k]} (a backslash) into {@code out}; returns the index after it. */
    private static int pyEscape(String e, int k, StringBuilder out) {
        char y = e.charAt(k + 1);
        switch (y) {
            case '\\' -> out.append('\\');
            case 'n' -> out.append('\n');
            case 't' -> out.append('\t');
            case 'r' -> out.append('\r');
            case '\'' -> out.append('\'');
            case '"' -> out.append('"');
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'v' -> out.append('\u000b');
            case '0' -> out.append('\0');
            case 'x', 'u', 'U' -> {
                int len = y == 'x' ? 2 : y == 'u' ? 4 : 8;
                if (k + 2 + len <= e.length() && e.substring(k + 2, k + 2 + len).matches("[0-9a-fA-F]+")) {
                    out.appendCodePoint(Integer.parseInt(e.substring(k + 2, k + 2 + len), 16));
                    return k + 2 + len;
                }
                out.append('\\').append(y);
            }
            case '\n' -> {
                // a backslash-newline continues the literal
            }
            default -> out.append('\\').append(y);
        }
        return k + 2;
    }

    private static String filterThenTest(String e) {
        int from = 0;
        for (int guard = 0; guard < 50; guard++) {
            boolean[] quoted = ExpressionScan.quotedMask(e);
            Matcher m = IS.matcher(e);
            int isAt = -1;
            while (m.find(from)) {
                if (!quoted[m.start()]) {
                    isAt = m.start();
                    break;
                }
                from = m.end() - 1;
            }
            if (isAt < 0) {
                return e;
            }
            int start = ExpressionScan.operandStart(e, isAt);
            from = isAt + 3;
            if (start >= 0) {
                e = e.substring(0, start) + "(" + e.substring(start, isAt) + ")" + e.substring(isAt);
                from += 2;
            }
        }
        return e;
    }

}
