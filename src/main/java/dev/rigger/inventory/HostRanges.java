package dev.rigger.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Host name ranges and {@code host:port} splitting, as Ansible's inventory plugins do them
 * ({@code ansible/plugins/inventory/__init__.py}, {@code ansible/inventory/helpers}):
 * {@code web[01:20]} (zero padding kept, begin and end the same width), {@code db-[a:f]}, a step
 * {@code [1:10:2]}, several ranges in one name.
 */
final class HostRanges {
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final Pattern BRACKETED_V6 = Pattern.compile("^\\[([0-9A-Fa-f:.]+)](?::([0-9]+))?$");
    private static final int MAX_HOSTS = 1_000_000;

    private HostRanges() {
    }

    /** A host pattern split from its optional port. */
    record HostPort(String host, Integer port, boolean endsWithColon) {
    }

    /** Splits {@code name:port} (also {@code [v6]:port}); an IPv6 literal without brackets has no port. */
    static HostPort splitPort(String text) {
        String t = text.strip();
        Matcher m = BRACKETED_V6.matcher(t);
        if (m.matches() && m.group(1).contains(":")) {
            return new HostPort(m.group(1), m.group(2) == null ? null : Integer.valueOf(m.group(2)), false);
        }
        int depth = 0;
        int colons = 0;
        int last = -1;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (c == ':' && depth == 0) {
                colons++;
                last = i;
            }
        }
        if (colons != 1) {
            return new HostPort(t, null, false);
        }
        String port = t.substring(last + 1);
        if (port.isEmpty()) {
            return new HostPort(t.substring(0, last), null, true);
        }
        if (port.matches("[0-9]{1,5}")) {
            return new HostPort(t.substring(0, last), Integer.valueOf(port), false);
        }
        return new HostPort(t, null, false);
    }

    /**
     * Expands every {@code [begin:end(:step)]} in {@code name}.
     *
     * @throws IllegalArgumentException with a user-facing reason when a range is malformed
     */
    static List<String> expand(String name) {
        List<String> out = new ArrayList<>();
        expandInto(name, out);
        return out;
    }

    private static void expandInto(String name, List<String> out) {
        int open = name.indexOf('[');
        if (open < 0) {
            out.add(name);
            return;
        }
        int close = name.indexOf(']', open);
        if (close < 0) {
            throw new IllegalArgumentException("host range '" + name + "' has no closing ']'");
        }
        String head = name.substring(0, open);
        String tail = name.substring(close + 1);
        String[] bounds = name.substring(open + 1, close).split(":", -1);
        if (bounds.length != 2 && bounds.length != 3) {
            throw new IllegalArgumentException("host range '" + name
                    + "' must be [begin:end] or [begin:end:step], e.g. web[01:10] or db-[a:f]");
        }
        String beg = bounds[0].isEmpty() ? "0" : bounds[0];
        String end = bounds[1];
        if (end.isEmpty()) {
            throw new IllegalArgumentException("host range '" + name + "' must specify an end value");
        }
        int step = 1;
        if (bounds.length == 3) {
            try {
                step = Integer.parseInt(bounds[2]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("host range '" + name + "' has a step that is not a number: '"
                        + bounds[2] + "'");
            }
            if (step <= 0) {
                throw new IllegalArgumentException("host range '" + name + "' needs a step of at least 1");
            }
        }
        List<String> seq = new ArrayList<>();
        int ib = beg.length() == 1 ? LETTERS.indexOf(beg) : -1;
        int ie = end.length() == 1 ? LETTERS.indexOf(end) : -1;
        if (ib >= 0 && ie >= 0) {
            if (ib > ie) {
                throw new IllegalArgumentException("host range '" + name + "' must have begin <= end");
            }
            for (int k = ib; k <= ie; k += step) {
                seq.add(String.valueOf(LETTERS.charAt(k)));
            }
        } else {
            long b;
            long e;
            try {
                b = Long.parseLong(beg);
                e = Long.parseLong(end);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("host range '" + name
                        + "' must use two numbers or two letters, e.g. [1:9], [01:20] or [a:f]");
            }
            if (b < 0 || e < 0) {
                throw new IllegalArgumentException("host range '" + name + "' cannot use negative numbers");
            }
            if (b > e) {
                throw new IllegalArgumentException("host range '" + name + "' must have begin <= end");
            }
            int width = 0;
            if (beg.length() > 1 && beg.charAt(0) == '0') {
                if (beg.length() != end.length()) {
                    throw new IllegalArgumentException("host range '" + name
                            + "' must have begin and end of the same width when zero-padded, e.g. [01:16]");
                }
                width = beg.length();
            }
            if ((e - b) / step + 1 > MAX_HOSTS) {
                throw new IllegalArgumentException("host range '" + name + "' expands to more than " + MAX_HOSTS
                        + " hosts");
            }
            for (long k = b; k <= e; k += step) {
                String n = Long.toString(k);
                seq.add(width > n.length() ? "0".repeat(width - n.length()) + n : n);
            }
        }
        for (String part : seq) {
            expandInto(head + part + tail, out);
            if (out.size() > MAX_HOSTS) {
                throw new IllegalArgumentException("host name '" + name + "' expands to more than " + MAX_HOSTS
                        + " hosts");
            }
        }
    }
}
