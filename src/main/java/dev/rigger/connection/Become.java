package dev.rigger.connection;

/**
 * Privilege escalation through sudo. The password is a secret: never printed, logged, put into a process
 * argument list or into {@link #toString()}.
 */
public record Become(String user, String method, String password, String flags) {
    public Become {
        user = user == null || user.isBlank() ? "root" : user;
        method = method == null || method.isBlank() ? "sudo" : method;
    }

    public static Become root() {
        return new Become("root", "sudo", null, null);
    }

    @Override
    public String toString() {
        return "Become[user=" + user + ", method=" + method + ", password=" + (password == null ? "none" : "****") + "]";
    }
}
