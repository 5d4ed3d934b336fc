package dev.rigger.inventory;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Ansible's INI inventory does with a value: Python's {@code ast.literal_eval}, falling back to the text itself.
 * Ints (also 0x/0o/0b, underscores), floats, quoted strings (with escapes, adjacent ones joined), True/False/None,
 * lists, tuples (as lists), dicts and sets (as lists), unary +/-; a trailing {@code # comment} is allowed.
 * Anything else, including {@code true} and {@code 01}, stays the original string.
 */
final class PyLiteral {
    private final String s;
    private int i;

    private PyLiteral(String s) {
        this.s = s;
    }

    static Object eval(String text) {
        PyLiteral p = new PyLiteral(text);
        try {
            p.ws();
            Object v = p.value(0);
            p.ws();
            if (p.i < p.s.length()) {
                return text;
            }
            return v;
        } catch (Bad e) {
            return text;
        }
    }

    private static final class Bad extends Exception {
        Bad() {
            super(null, null, false, false);
        }
    }

    private void ws() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '#') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                return;
            }
        }
    }

    private boolean eat(char c) {
        ws();
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private Object value(int depth) throws Bad {
        if (depth > 100) {
            throw new Bad();
        }
        ws();
        if (i >= s.length()) {
            throw new Bad();
        }
        char c = s.charAt(i);
        if (c == '-' || c == '+') {
            i++;
            ws();
            Object n = number();
            if (c == '+') {
                return n;
            }
            if (n instanceof Integer x) {
                return x == Integer.MIN_VALUE ? (Object) (-(long) x) : (Object) (-x);
            }
            if (n instanceof Long x) {
                return narrow(BigInteger.valueOf(x).negate());
            }
            if (n instanceof BigInteger x) {
                return narrow(x.negate());
            }
            return -(Double) n;
        }
        if (c == '[') {
            i++;
            List<Object> out = new ArrayList<>();
            seq(']', out, depth);
            return out;
        }
        if (c == '(') {
            i++;
            if (eat(')')) {
                return new ArrayList<>();
            }
            Object first = value(depth + 1);
            if (eat(')')) {
                return first; // parenthesised expression, not a tuple
            }
            if (!eat(',')) {
                throw new Bad();
            }
            List<Object> out = new ArrayList<>();
            out.add(first);
            seq(')', out, depth);
            return out;
        }
        if (c == '{') {
            i++;
            if (eat('}')) {
                return new LinkedHashMap<String, Object>();
            }
            Object k = value(depth + 1);
            if (eat(':')) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put(key(k), value(depth + 1));
                while (eat(',')) {
                    if (eat('}')) {
                        return out;
                    }
                    Object k2 = value(depth + 1);
                    if (!eat(':')) {
                        throw new Bad();
                    }
                    out.put(key(k2), value(depth + 1));
                }
                if (!eat('}')) {
                    throw new Bad();
                }
                return out;
            }
            List<Object> set = new ArrayList<>();
            set.add(k);
            if (eat('}')) {
                return set;
            }
            if (!eat(',')) {
                throw new Bad();
            }
            seq('}', set, depth);
            List<Object> dedup = new ArrayList<>();
            for (Object o : set) {
                if (!dedup.contains(o)) {
                    dedup.add(o);
                }
            }
            return dedup;
        }
        if (Character.isDigit(c) || c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
            return number();
        }
        if (quoteAhead()) {
            StringBuilder sb = new StringBuilder();
            do {
                sb.append(string());
                ws();
            } while (i < s.length() && quoteAhead());
            return sb.toString();
        }
        if (Character.isLetter(c) || c == '_') {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            switch (s.substring(start, i)) {
                case "True":
                    return Boolean.TRUE;
                case "False":
                    return Boolean.FALSE;
                case "None":
                    return null;
                default:
                    throw new Bad();
            }
        }
        throw new Bad();
    }

    private static String key(Object k) {
        if (k instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return k == null ? "None" : String.valueOf(k);
    }

    /** Elements up to {@code close}; the opening bracket (and possibly some elements) already consumed. */
    private void seq(char close, List<Object> out, int depth) throws Bad {
        if (eat(close)) {
            return;
        }
        while (true) {
            out.add(value(depth + 1));
            if (eat(close)) {
                return;
            }
            if (!eat(',')) {
                throw new Bad();
            }
            if (eat(close)) {
                return;
            }
        }
    }

    private boolean quoteAhead() {
        int j = i;
        while (j < s.length() && j - i < 2 && "rRbBuU".indexOf(s.charAt(j)) >= 0) {
            j++;
        }
        return j < s.length() && (s.charAt(j) == '\'' || s.charAt(j) == '"');
    }

    private String string() throws Bad {
        boolean raw = false;
        while ("rRbBuU".indexOf(s.charAt(i)) >= 0) {
            raw |= s.charAt(i) == 'r' || s.charAt(i) == 'R';
            i++;
        }
        char q = s.charAt(i);
        boolean triple = s.startsWith(String.valueOf(q).repeat(3), i);
        i += triple ? 3 : 1;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw new Bad();
            }
            char c = s.charAt(i);
            if (triple ? s.startsWith(String.valueOf(q).repeat(3), i) : c == q) {
                i += triple ? 3 : 1;
                return sb.toString();
            }
            if (c == '\n' && !triple) {
                throw new Bad();
            }
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                if (raw) {
                    sb.append(c).append(n);
                    i += 2;
                    continue;
                }
                i += 2;
                switch (n) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                        int start = i - 1;
                        while (i < s.length() && i - start < 3 && s.charAt(i) >= '0' && s.charAt(i) <= '7') {
                            i++;
                        }
                        sb.append((char) Integer.parseInt(s.substring(start, i), 8));
                    }
                    case 'x' -> sb.appendCodePoint(hex(2));
                    case 'u' -> sb.appendCodePoint(hex(4));
                    case 'U' -> sb.appendCodePoint(hex(8));
                    case 'a' -> sb.append('\u0007');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'v' -> sb.append('\u000b');
                    case '\\', '\'', '"' -> sb.append(n);
                    case '\n' -> {
                    }
                    default -> sb.append('\\').append(n);
                }
                continue;
            }
            sb.append(c);
            i++;
        }
    }

    private int hex(int len) throws Bad {
        if (i + len > s.length()) {
            throw new Bad();
        }
        try {
            int cp = Integer.parseInt(s.substring(i, i + len), 16);
            i += len;
            if (!Character.isValidCodePoint(cp)) {
                throw new Bad();
            }
            return cp;
        } catch (NumberFormatException e) {
            throw new Bad();
        }
    }

    private Object number() throws Bad {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '.'
                || (s.charAt(i) == '+' || s.charAt(i) == '-') && i > start
                && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E') && !isRadix(s, start))) {
            i++;
        }
        String t = s.substring(start, i);
        if (t.isEmpty()) {
            throw new Bad();
        }
        if (t.startsWith("_") || t.endsWith("_") || t.contains("__")) {
            throw new Bad();
        }
        String lower = t.toLowerCase();
        try {
            if (lower.length() > 2 && lower.charAt(0) == '0' && "xob".indexOf(lower.charAt(1)) >= 0) {
                int radix = lower.charAt(1) == 'x' ? 16 : lower.charAt(1) == 'o' ? 8 : 2;
                String digits = lower.substring(2);
                if (digits.startsWith("_")) {
                    digits = digits.substring(1);
                }
                return narrow(new BigInteger(digits.replace("_", ""), radix));
            }
            if (lower.matches("[0-9_]+")) {
                String d = lower.replace("_", "");
                if (d.length() > 1 && d.charAt(0) == '0' && !d.matches("0+")) {
                    throw new Bad(); // Python 3: leading zeros are a syntax error
                }
                return narrow(new BigInteger(d));
            }
            if (lower.matches("([0-9_]+\\.?[0-9_]*|\\.[0-9_]+)(e[+-]?[0-9_]+)?")) {
                return Double.parseDouble(lower.replace("_", ""));
            }
        } catch (NumberFormatException e) {
            throw new Bad();
        }
        throw new Bad();
    }

    private static boolean isRadix(String s, int start) {
        return s.length() > start + 1 && s.charAt(start) == '0' && "xXoObB".indexOf(s.charAt(start + 1)) >= 0;
    }

    private static Object narrow(BigInteger v) {
        if (v.bitLength() < 32) {
            return v.intValue();
        }
        if (v.bitLength() < 64) {
            return v.longValue();
        }
        return v;
    }
}
