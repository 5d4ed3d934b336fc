package dev.rigger.report;

/** Escaping for XML and HTML text (rig output may hold anything). */
final class Text {
    private Text() {
    }

    /** Escapes for XML/HTML text and attributes; characters XML 1.0 cannot hold become \xNN. */
    static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c == '\n' || c == '\t' || c == '\r' || c >= 0x20 && c != 0x7f && c < 0xfffe
                            && !Character.isSurrogate(c)) {
                        b.append(c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else {
                        b.append(String.format("\\x%02x", (int) c));
                    }
                }
            }
        }
        return b.toString();
    }

    /** Seconds as "1.234s", or minutes for long ones. */
    static String duration(long nanos) {
        double s = nanos / 1e9;
        if (s >= 60) {
            long whole = (long) s;
            return String.format("%dm%02ds", whole / 60, whole % 60);
        }
        return String.format(java.util.Locale.ROOT, "%.3fs", s);
    }
}
