package dev.rigger.template;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Source rewrites for Jinja2 syntax Jinjava parses differently: a filter followed by a test
 * ({@code x | length is divisibleby 2}) gets parentheses around the filtered operand, since Jinjava
 * would otherwise fail to parse it.
 */
final class Preprocessor {
    private Preprocessor() {
    }

    private static final Pattern IS = Pattern.compile("\\sis\\s");
    private static final Pattern TAGS = Pattern.compile("\\{\\{(.*?)\\}\\}|\\{%(.*?)%\\}", Pattern.DOTALL);
    private static final Pattern RAW = Pattern.compile("\\{%-?\\s*raw\\s*-?%\\}");
    private static final Pattern ENDRAW = Pattern.compile("\\{%-?\\s*endraw\\s*-?%\\}");

    static String template(String t) {
        if (!t.contains(" is ") || !t.contains("|")) {
            return t;
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < t.length()) {
            Matcher raw = RAW.matcher(t);
            int rawAt = raw.find(at) ? raw.start() : t.length();
            String chunk = t.substring(at, rawAt);
            Matcher m = TAGS.matcher(chunk);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String body = m.group(1) != null ? m.group(1) : m.group(2);
                String open = m.group(1) != null ? "{{" : "{%";
                String close = m.group(1) != null ? "}}" : "%}";
                m.appendReplacement(sb, Matcher.quoteReplacement(open + expression(body) + close));
            }
            m.appendTail(sb);
            out.append(sb);
            if (rawAt >= t.length()) {
                break;
            }
            Matcher end = ENDRAW.matcher(t);
            int endAt = end.find(rawAt) ? end.end() : t.length();
            out.append(t, rawAt, endAt);
            at = endAt;
        }
        return out.toString();
    }

    static String expression(String e) {
        if (!e.contains("|") || !e.contains(" is ")) {
            return e;
        }
        int from = 0;
        for (int guard = 0; guard < 50; guard++) {
            boolean[] quoted = quotedMask(e);
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
            int start = operandStart(e, isAt);
            from = isAt + 3;
            if (start >= 0) {
                e = e.substring(0, start) + "(" + e.substring(start, isAt) + ")" + e.substring(isAt);
                from += 2;
            }
        }
        return e;
    }

    private static boolean[] quotedMask(String e) {
        boolean[] q = new boolean[e.length() + 1];
        char quote = 0;
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            if (quote != 0) {
                q[i] = true;
                if (c == '\\') {
                    if (i + 1 < e.length()) {
                        q[++i] = true;
                    }
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                q[i] = true;
            }
        }
        return q;
    }

    /** Start of the filtered unary operand ending at {@code end}, or -1 when it has no filter. */
    private static int operandStart(String e, int end) {
        int k = end;
        boolean sawPipe = false;
        while (k > 0) {
            char c = e.charAt(k - 1);
            if (c == ')' || c == ']' || c == '}') {
                int open = matchBack(e, k - 1);
                if (open < 0) {
                    return -1;
                }
                k = open;
            } else if (c == '\'' || c == '"') {
                int open = e.lastIndexOf(c, k - 2);
                if (open < 0) {
                    return -1;
                }
                k = open;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                k--;
            } else if (c == '|' || Character.isWhitespace(c)) {
                int m = k;
                while (m > 0 && Character.isWhitespace(e.charAt(m - 1))) {
                    m--;
                }
                if (m > 0 && e.charAt(m - 1) == '|' && (m < 2 || e.charAt(m - 2) != '|')) {
                    sawPipe = true;
                    m--;
                    while (m > 0 && Character.isWhitespace(e.charAt(m - 1))) {
                        m--;
                    }
                    k = m;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        while (k < end && Character.isWhitespace(e.charAt(k))) {
            k++;
        }
        return sawPipe && k < end ? k : -1;
    }

    private static int matchBack(String e, int closeAt) {
        int depth = 0;
        for (int i = closeAt; i >= 0; i--) {
            char c = e.charAt(i);
            if (c == ')' || c == ']' || c == '}') {
                depth++;
            } else if (c == '(' || c == '[' || c == '{') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }
}
