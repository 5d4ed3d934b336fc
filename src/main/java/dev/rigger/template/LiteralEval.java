package dev.rigger.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Python's ast.literal_eval for what Ansible re-parses: lists, dicts, tuples, strings, numbers, True/False/None. */
final class LiteralEval {
    /** Marks a literal None inside the Optional returned by {@link #parse}. */
    static final Object NONE = new Object();

    private final String s;
    private int i;

    /** The value {@code s} spells, {@link #NONE} for None; empty if it is not one literal. */
    static Optional<Object> parse(String s) {
        try {
            LiteralEval p = new LiteralEval(s);
            Object v = p.value();
            p.ws();
            if (p.i != s.length()) {
                return Optional.empty();
            }
            return Optional.ofNullable(v).or(() -> Optional.of(NONE));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private LiteralEval(String s) {
        this.s = s;
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private Object value() {
        ws();
        char c = s.charAt(i);
        if (c == '[' || c == '(') {
            char close = c == '[' ? ']' : ')';
            i++;
            List<Object> out = new ArrayList<>();
            ws();
            while (s.charAt(i) != close) {
                out.add(value());
                ws();
                if (s.charAt(i) == ',') {
                    i++;
                    ws();
                } else if (s.charAt(i) != close) {
                    throw new IllegalArgumentException("expected ,");
                }
            }
            i++;
            return out;
        }
        if (c == '{') {
            i++;
            Map<String, Object> out = new LinkedHashMap<>();
            ws();
            while (s.charAt(i) != '}') {
                Object k = value();
                ws();
                if (s.charAt(i++) != ':') {
                    throw new IllegalArgumentException("expected :");
                }
                out.put(k == null ? "None" : Py.str(k), value());
                ws();
                if (s.charAt(i) == ',') {
                    i++;
                    ws();
                } else if (s.charAt(i) != '}') {
                    throw new IllegalArgumentException("expected ,");
                }
            }
            i++;
            return out;
        }
        if (c == '\'' || c == '"') {
            return string();
        }
        if (s.startsWith("True", i)) {
            i += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("False", i)) {
            i += 5;
            return Boolean.FALSE;
        }
        if (s.startsWith("None", i)) {
            i += 4;
            return null;
        }
        int start = i;
        if (c == '-' || c == '+') {
            i++;
        }
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.'
                || ((s.charAt(i) == '-' || s.charAt(i) == '+') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')))) {
            i++;
        }
        String num = s.substring(start, i).replace("_", "");
        if (num.isEmpty() || num.equals("-") || num.equals("+")) {
            throw new IllegalArgumentException("bad literal");
        }
        try {
            return Long.parseLong(num);
        } catch (NumberFormatException e) {
            if (!num.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                throw new IllegalArgumentException("bad number");
            }
            return Double.parseDouble(num);
        }
    }

    private String string() {
        char q = s.charAt(i++);
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = s.charAt(i++);
            if (c == q) {
                break;
            }
            if (c == '\\') {
                char n = s.charAt(i++);
                switch (n) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '0' -> sb.append('\0');
                    case 'x' -> {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 2), 16));
                        i += 2;
                    }
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    case '\\', '\'', '"' -> sb.append(n);
                    default -> sb.append('\\').append(n);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
