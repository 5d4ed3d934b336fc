package dev.rigger;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * rigger's one JSON writer. {@link #PYTHON} is Python's {@code json.dumps} with its default arguments; a
 * {@link Format} changes what a caller's JSON differs in (json.dumps's indent, separators, sort_keys, ensure_ascii,
 * allow_nan, and what rigger's reports print: Java's float digits, escapes, Jackson's pretty layout).
 *
 * <p>A map is an object (its keys as {@code String.valueOf} gives them), a list, any other iterable or an object
 * array is an array, a boolean, a number and null are themselves; anything else is written as its text.
 */
public final class Json {
    /** Python's {@code json.dumps(obj)}: one line, {@code ", "} and {@code ": "}, insertion order, ASCII only. */
    public static final Format PYTHON = new Format();

    private Json() {
    }

    /** {@code value} as JSON text in {@code format}. */
    public static String write(Object value, Format format) {
        StringBuilder sb = new StringBuilder();
        new Writer(format, sb).value(value, 0, 0);
        return sb.toString();
    }

    /**
     * Python's {@code repr()} of a float, which json.dumps writes too: the shortest digits that read back, positional
     * from 1e-4 to below 1e16, else {@code 1e+16} style.
     */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(d);
        if (a == 0 || (a >= 1e-4 && a < 1e16)) {
            String s = new BigDecimal(Double.toString(d)).toPlainString();
            if (!s.contains(".")) {
                s += ".0";
            }
            if (d == 0 && 1 / d < 0) {
                return "-0.0";
            }
            return s;
        }
        String s = Double.toString(d); // like 1.0E16 or 1.234E-5
        int e = s.indexOf('E');
        String mant = s.substring(0, e);
        if (mant.endsWith(".0")) {
            mant = mant.substring(0, mant.length() - 2);
        }
        int exp = Integer.parseInt(s.substring(e + 1));
        return mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /** The text grew past {@link Format#limit(long)}. */
    public static final class TooLong extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLong(long limit) {
            super("the JSON text is longer than " + limit + " characters");
        }
    }

    /** How to write; immutable: each option returns a changed copy. Start from {@link #PYTHON}. */
    public static final class Format {
        private int indent;
        private String itemSeparator = ", ";
        private String keySeparator = ": ";
        private boolean sortKeys;
        private boolean ensureAscii = true;
        private boolean allowNan = true;
        private boolean pythonFloats = true;
        private boolean shortEscapes = true;
        private boolean upperHex;
        private boolean terminalSafe;
        private boolean arraysOnOneLine;
        private String bracketPadding = "";
        private int depthLimit = Integer.MAX_VALUE;
        private long limit = Long.MAX_VALUE;

        private Format() {
        }

        private Format with(Consumer<Format> change) {
            Format f = new Format();
            f.indent = indent;
            f.itemSeparator = itemSeparator;
            f.keySeparator = keySeparator;
            f.sortKeys = sortKeys;
            f.ensureAscii = ensureAscii;
            f.allowNan = allowNan;
            f.pythonFloats = pythonFloats;
            f.shortEscapes = shortEscapes;
            f.upperHex = upperHex;
            f.terminalSafe = terminalSafe;
            f.arraysOnOneLine = arraysOnOneLine;
            f.bracketPadding = bracketPadding;
            f.depthLimit = depthLimit;
            f.limit = limit;
            change.accept(f);
            return f;
        }

        /**
         * json.dumps's indent: above 0, each item on its own line, {@code n} spaces a level, and (as json.dumps) the
         * item separator {@code ","}; 0 or less, one line with {@code ", "}. Set {@link #separators} after this.
         */
        public Format indent(int n) {
            return with(f -> {
                f.indent = Math.max(0, n);
                f.itemSeparator = n > 0 ? "," : ", ";
            });
        }

        /** json.dumps's separators: between items, and between a key and its value. */
        public Format separators(String item, String key) {
            return with(f -> {
                f.itemSeparator = item;
                f.keySeparator = key;
            });
        }

        /** json.dumps's sort_keys: objects in the order of their keys' text. */
        public Format sortKeys(boolean on) {
            return with(f -> f.sortKeys = on);
        }

        /** json.dumps's ensure_ascii: every character above U+007E as its four-hex-digit escape. */
        public Format ensureAscii(boolean on) {
            return with(f -> f.ensureAscii = on);
        }

        /** json.dumps's allow_nan: NaN and the infinities as {@code NaN}, {@code Infinity}; off, as {@code null}. */
        public Format allowNan(boolean on) {
            return with(f -> f.allowNan = on);
        }

        /** Floats as Python's repr ({@code 1e+16}); off, as Java's {@code Double.toString} ({@code 1.0E16}). */
        public Format pythonFloats(boolean on) {
            return with(f -> f.pythonFloats = on);
        }

        /** Backspace and form feed as {@code \b} and {@code \f}; off, as their four-hex-digit escapes. */
        public Format shortEscapes(boolean on) {
            return with(f -> f.shortEscapes = on);
        }

        /** Escapes' hex digits in upper case ({@code 001B} rather than {@code 001b}). */
        public Format upperHex(boolean on) {
            return with(f -> f.upperHex = on);
        }

        /**
         * Also escapes what could drive a terminal or break a line: DEL, the C1 controls (U+009B is a terminal's
         * CSI), U+2028, U+2029 and unpaired surrogates.
         */
        public Format terminalSafe(boolean on) {
            return with(f -> f.terminalSafe = on);
        }

        /** With an indent, arrays still on one line (objects inside them are indented): Jackson's pretty layout. */
        public Format arraysOnOneLine(boolean on) {
            return with(f -> f.arraysOnOneLine = on);
        }

        /** Text just inside the brackets of an empty container and of one on a line ({@code " "}: {@code [ 1 ]}). */
        public Format bracketPadding(String padding) {
            return with(f -> f.bracketPadding = padding);
        }

        /** A value nested deeper than {@code levels} containers is written as the string {@code "..."}. */
        public Format depthLimit(int levels) {
            return with(f -> f.depthLimit = levels);
        }

        /** Stops with {@link TooLong} once the text is longer than {@code chars}. */
        public Format limit(long chars) {
            return with(f -> f.limit = chars);
        }
    }

    /** One write: {@code depth} counts the containers around a value, {@code level} the indented ones. */
    private record Writer(Format f, StringBuilder sb) {
        void value(Object o, int depth, int level) {
            if (depth > f.depthLimit) {
                string("...");
            } else if (o == null) {
                sb.append("null");
            } else if (o instanceof String s) {
                string(s);
            } else if (o instanceof Boolean b) {
                sb.append(b ? "true" : "false");
            } else if (o instanceof Double || o instanceof Float) {
                number(((Number) o).doubleValue(), o);
            } else if (o instanceof Number) {
                sb.append(o);
            } else if (o instanceof Map<?, ?> m) {
                object(m, depth, level);
            } else if (o instanceof Iterable<?> it) {
                array(it, depth, level);
            } else if (o instanceof Object[] arr) {
                array(Arrays.asList(arr), depth, level);
            } else {
                string(String.valueOf(o));
            }
        }

        private void number(double d, Object o) {
            if (!Double.isFinite(d)) {
                sb.append(!f.allowNan ? "null" : Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
            } else {
                sb.append(f.pythonFloats ? floatRepr(d) : String.valueOf(o));
            }
        }

        private void object(Map<?, ?> m, int depth, int level) {
            if (m.isEmpty()) {
                sb.append('{').append(f.bracketPadding).append('}');
                return;
            }
            Map<?, ?> entries = m;
            if (f.sortKeys) {
                Map<String, Object> sorted = new TreeMap<>();
                m.forEach((k, v) -> sorted.put(String.valueOf(k), v));
                entries = sorted;
            }
            boolean wrap = f.indent > 0;
            int inner = wrap ? level + 1 : level;
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : entries.entrySet()) {
                if (!first) {
                    sb.append(f.itemSeparator);
                }
                first = false;
                space(wrap, inner);
                string(String.valueOf(e.getKey()));
                sb.append(f.keySeparator);
                value(e.getValue(), depth + 1, inner);
                checkLength();
            }
            space(wrap, level);
            sb.append('}');
        }

        private void array(Iterable<?> items, int depth, int level) {
            if (!items.iterator().hasNext()) {
                sb.append('[').append(f.bracketPadding).append(']');
                return;
            }
            boolean wrap = f.indent > 0 && !f.arraysOnOneLine;
            int inner = wrap ? level + 1 : level;
            sb.append('[');
            boolean first = true;
            for (Object x : items) {
                if (!first) {
                    sb.append(f.itemSeparator);
                }
                first = false;
                space(wrap, inner);
                value(x, depth + 1, inner);
                checkLength();
            }
            space(wrap, level);
            sb.append(']');
        }

        /** Before an item or a closing bracket: a new line indented to {@code level}, or the padding. */
        private void space(boolean wrap, int level) {
            if (wrap) {
                sb.append('\n').append(" ".repeat(f.indent * level));
            } else {
                sb.append(f.bracketPadding);
            }
        }

        private void checkLength() {
            if (sb.length() > f.limit) {
                throw new TooLong(f.limit);
            }
        }

        private void string(String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    case '\b' -> escape(c, f.shortEscapes ? "\\b" : null);
                    case '\f' -> escape(c, f.shortEscapes ? "\\f" : null);
                    default -> {
                        if (c < 0x20 || f.ensureAscii && c > 0x7e || f.terminalSafe && terminalUnsafe(s, i)) {
                            escape(c, null);
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }

        /** {@code shortForm}, or the four-hex-digit escape. */
        private void escape(char c, String shortForm) {
            if (shortForm != null) {
                sb.append(shortForm);
                return;
            }
            String hex = Integer.toHexString(c);
            sb.append("\\u").append("0".repeat(4 - hex.length()))
                    .append(f.upperHex ? hex.toUpperCase(Locale.ROOT) : hex);
        }

        private static boolean terminalUnsafe(String s, int i) {
            char c = s.charAt(i);
            if (c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029) {
                return true;
            }
            if (!Character.isSurrogate(c)) {
                return false;
            }
            boolean paired = Character.isHighSurrogate(c)
                    ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                    : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
            return !paired;
        }
    }
}
