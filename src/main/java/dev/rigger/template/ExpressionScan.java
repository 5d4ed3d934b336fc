package dev.rigger.template;

/** Scanning a Jinja expression's source: which characters are quoted, where an operand starts, bracket matching. */
final class ExpressionScan {
    private ExpressionScan() {
    }

    static boolean[] quotedMask(String e) {
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
    static int operandStart(String e, int end) {
        int k = end;
        boolean sawPipe = false;
        while (k > 0) {
            int n = atomBack(e, k);
            if (n < 0) {
                return -1;
            }
            if (n != k) {
                k = n;
                continue;
            }
            char c = e.charAt(k - 1);
            if (c == '|' || Character.isWhitespace(c)) {
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

    /**
     * One step back over a postfix operand ending at {@code k}: the start of the bracketed group, string literal or
     * name character just before {@code k}; {@code k} itself when the character there is none of those; -1 when a
     * bracket or quote does not match.
     */
    static int atomBack(String e, int k) {
        char c = e.charAt(k - 1);
        if (c == ')' || c == ']' || c == '}') {
            return matchBack(e, k - 1);
        }
        if (c == '\'' || c == '"') {
            int open = k - 2;
            while (open >= 0 && (e.charAt(open) != c || (open > 0 && e.charAt(open - 1) == '\\'))) {
                open--;
            }
            return open;
        }
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' ? k - 1 : k;
    }

    static int matchBack(String e, int closeAt) {
        int depth = 0;
        char quote = 0;
        for (int i = closeAt; i >= 0; i--) {
            char c = e.charAt(i);
            if (quote != 0) {
                if (c == quote && (i == 0 || e.charAt(i - 1) != '\\')) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ')' || c == ']' || c == '}') {
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
