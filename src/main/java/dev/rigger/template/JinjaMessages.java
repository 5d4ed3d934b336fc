package dev.rigger.template;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says Jinjava's parse errors in Jinja's terms: its EL grammar ("expected &lt;IDENTIFIER&gt;|&lt;STRING&gt;|...",
 * positions inside a wrapped expression) means nothing to someone who wrote a Jinja template.
 */
final class JinjaMessages {
    private static final Pattern EL = Pattern.compile(
            "(?s)Error parsing '(.*)': syntax error at position \\d+, encountered (.+?), expected (.+)");
    private static final Pattern EL_EOF = Pattern.compile("(?s)Error parsing '(.*)': syntax error at position \\d+,"
            + " encountered (EOF|end of input)");
    private static final Pattern RAW = Pattern.compile("Missing end tag: (end\\w+) for tag defined as: (\\{%.*?%})");

    private JinjaMessages() {
    }

    static String translate(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = EL.matcher(message);
        if (m.find()) {
            String expr = m.group(1).replaceFirst("^#\\{", "").replaceFirst("}$", "");
            return "unexpected " + token(m.group(2)) + " in '" + expr + "', " + expected(m.group(3));
        }
        m = EL_EOF.matcher(message);
        if (m.find()) {
            return "unexpected end of template in '" + m.group(1).replaceFirst("^#\\{", "").replaceFirst("}$", "")
                    + "'";
        }
        m = RAW.matcher(message);
        if (m.find()) {
            return "'" + m.group(2) + "' is never closed with '{% " + m.group(1) + " %}'";
        }
        return message;
    }

    private static String token(String t) {
        String s = t.strip();
        return s.equals("EOF") || s.isEmpty() ? "end of expression" : s.startsWith("'") ? s : "'" + s + "'";
    }

    private static String expected(String list) {
        if (list.contains("<IDENTIFIER>") && (list.contains("<STRING>") || list.contains("<INTEGER>"))) {
            return "expected an expression (a name, a number, a string, a list or a dict)";
        }
        if (list.strip().equals("<IDENTIFIER>")) {
            return "expected a name";
        }
        return "expected " + list.replace("<IDENTIFIER>", "a name").replace("<STRING>", "a string")
                .replace("<INTEGER>", "a number").replace("<FLOAT>", "a number").replace("|", " or ");
    }
}
