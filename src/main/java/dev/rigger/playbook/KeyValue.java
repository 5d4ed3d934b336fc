package dev.rigger.playbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Ansible's free-form argument syntax: {@code src=a dest="b c" mode=0644}, and raw text for command-like modules. */
public final class KeyValue {
    /** Keys that command/shell/raw take out of their free-form text. */
    public static final Set<String> COMMAND_KEYS = Set.of("creates", "removes", "chdir", "executable", "warn", "stdin",
            "stdin_add_newline", "strip_empty_ends");

    private KeyValue() {
    }

    /** One token with where it sits in the text. */
    record Token(String text, int start, int end) {
    }

    static List<Token> split(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            StringBuilder b = new StringBuilder();
            char quote = 0;
            int depth = 0;
            while (i < n) {
                char c = s.charAt(i);
                if (quote != 0) {
                    if (c == '\\' && i + 1 < n && s.charAt(i + 1) == quote) {
                        b.append(quote);
                        i += 2;
                        continue;
                    }
                    if (c == quote) {
                        quote = 0;
                        i++;
                        continue;
                    }
                    b.append(c);
                    i++;
                    continue;
                }
                if ((c == '"' || c == '\'') && depth == 0) {
                    quote = c;
                    i++;
                    continue;
                }
                if (c == '{' && i + 1 < n && (s.charAt(i + 1) == '{' || s.charAt(i + 1) == '%')) {
                    depth++;
                } else if ((c == '}' || c == '%') && i + 1 < n && s.charAt(i + 1) == '}' && depth > 0) {
                    depth--;
                }
                if (Character.isWhitespace(c) && depth == 0) {
                    break;
                }
                b.append(c);
                i++;
            }
            out.add(new Token(b.toString(), start, i));
        }
        return out;
    }

    /**
     * Parses free-form text. For command-like modules ({@code freeForm}), {@link #COMMAND_KEYS} are taken out and
     * the rest is kept verbatim as {@code _raw_params}; otherwise every token must be key=value, else
     * {@link IllegalArgumentException} naming the token.
     */
    public static Map<String, Object> parse(String text, boolean freeForm, Set<String> freeFormKeys) {
        Map<String, Object> args = new LinkedHashMap<>();
        List<Token> toks = split(text);
        StringBuilder raw = new StringBuilder();
        int last = 0;
        for (Token t : toks) {
            int eq = t.text.indexOf('=');
            String key = eq > 0 ? t.text.substring(0, eq) : null;
            boolean isKey = key != null && key.matches("[A-Za-z_][A-Za-z0-9_]*");
            if (freeForm) {
                if (isKey && freeFormKeys.contains(key)) {
                    args.put(key, t.text.substring(eq + 1));
                    raw.append(text, last, t.start);
                    last = t.end;
                }
            } else {
                if (!isKey) {
                    throw new IllegalArgumentException("expected key=value arguments, found '" + t.text + "'");
                }
                args.put(key, t.text.substring(eq + 1));
            }
        }
        if (freeForm) {
            raw.append(text.substring(last));
            String r = raw.toString().trim();
            if (!r.isEmpty()) {
                args.put("_raw_params", r);
            }
        }
        return args;
    }
}
