package dev.rigger.connection;

import java.io.IOException;

/**
 * Privilege escalation failed: wrong or missing sudo password, user not in sudoers, sudo missing. The host is
 * reachable; the task fails. The message never contains the password.
 */
public class BecomeException extends IOException {
    public BecomeException(String message) {
        super(message);
    }
}
