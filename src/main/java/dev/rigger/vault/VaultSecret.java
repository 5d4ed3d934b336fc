package dev.rigger.vault;

import java.util.Arrays;

/**
 * One vault secret: a vault id label ({@code default} when none was given) and the password's bytes. The password
 * is never printed: {@link #toString()} names only the label and where the secret came from.
 */
public final class VaultSecret {
    /** Ansible's {@code DEFAULT_VAULT_IDENTITY}. */
    public static final String DEFAULT_ID = "default";

    private final String label;
    private final byte[] password;
    private final String source;

    /**
     * @param label    the vault id ({@code null} or empty: {@link #DEFAULT_ID})
     * @param password the password's bytes (copied); must not be empty
     * @param source   where it came from, for messages ("prompt", a file name); never the password
     */
    public VaultSecret(String label, byte[] password, String source) {
        if (password == null || password.length == 0) {
            throw new VaultException("Invalid vault password was provided" + (source == null ? "" : " from " + source));
        }
        this.label = label == null || label.isEmpty() ? DEFAULT_ID : label;
        this.password = password.clone();
        this.source = source == null ? "" : source;
    }

    public String label() {
        return label;
    }

    /** A copy of the password's bytes. */
    public byte[] password() {
        return password.clone();
    }

    public String source() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VaultSecret s && s.label.equals(label) && Arrays.equals(s.password, password);
    }

    @Override
    public int hashCode() {
        return label.hashCode();
    }

    @Override
    public String toString() {
        return "VaultSecret[" + label + (source.isEmpty() ? "" : " from " + source) + ", password=****]";
    }
}
