package dev.rigger.module.support;

/** File modes: octal strings/ints as Ansible takes them, and chmod's symbolic syntax (u+x,g-w,o=r). */
public final class Modes {
    private static final java.util.regex.Pattern OCTAL = java.util.regex.Pattern.compile("0?[0-7]{1,4}|0o[0-7]{1,4}");
    private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("[0-7]{1,4}");

    private Modes() {
    }

    public static String format(int mode) {
        return String.format("%04o", mode & 07777);
    }

    /** Whether {@code mode} is an octal mode (or int) rather than symbolic text. */
    public static boolean isOctal(Object mode) {
        if (mode instanceof Number) {
            return true;
        }
        return mode != null && OCTAL.matcher(String.valueOf(mode).trim()).matches();
    }

    /**
     * The mode that {@code spec} gives a file whose current mode is {@code current}. An int is taken as the mode
     * bits themselves (YAML 0644 is already 420), octal text is parsed as octal, anything else as chmod symbolic.
     */
    public static int resolve(Object spec, int current, boolean isDir) {
        if (spec instanceof Number n) {
            return n.intValue() & 07777;
        }
        String s = String.valueOf(spec).trim();
        if (s.startsWith("0o")) {
            s = s.substring(2);
        }
        if (DIGITS.matcher(s).matches()) {
            return Integer.parseInt(s, 8);
        }
        return symbolic(s, current, isDir);
    }

    private static int symbolic(String spec, int current, boolean isDir) {
        int mode = current & 07777;
        for (String clause : spec.split(",")) {
            int i = 0;
            int who = 0;
            while (i < clause.length() && "ugoa".indexOf(clause.charAt(i)) >= 0) {
                switch (clause.charAt(i)) {
                    case 'u' -> who |= 04700;
                    case 'g' -> who |= 02070;
                    case 'o' -> who |= 01007;
                    default -> who |= 07777;
                }
                i++;
            }
            if (who == 0) {
                who = 07777;
            }
            if (i >= clause.length()) {
                throw bad(spec);
            }
            while (i < clause.length()) {
                char op = clause.charAt(i++);
                if (op != '+' && op != '-' && op != '=') {
                    throw bad(spec);
                }
                int perm = 0;
                while (i < clause.length() && "rwxXst".indexOf(clause.charAt(i)) >= 0) {
                    switch (clause.charAt(i)) {
                        case 'r' -> perm |= 0444;
                        case 'w' -> perm |= 0222;
                        case 'x' -> perm |= 0111;
                        case 'X' -> perm |= (isDir || (mode & 0111) != 0) ? 0111 : 0;
                        case 's' -> perm |= 06000;
                        default -> perm |= 01000;
                    }
                    i++;
                }
                int bits = perm & who;
                switch (op) {
                    case '+' -> mode |= bits;
                    case '-' -> mode &= ~bits;
                    default -> mode = (mode & ~((who & 0777) | (isDir ? 0 : who & 07000))) | bits;
                }
            }
        }
        return mode;
    }

    private static ArgException bad(String spec) {
        return new ArgException("mode must be in octal or symbolic form: bad symbolic permission for mode: " + spec);
    }
}
