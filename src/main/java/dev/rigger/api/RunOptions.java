package dev.rigger.api;

import dev.rigger.vault.Vault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to run: the flags of {@code rigger play}. Immutable; build with {@link #builder()}.
 *
 * @param becomePassword a secret: never printed (see {@link #toString()})
 * @param rolesPath where roles are looked for after the playbook's roles/ folder (ansible.cfg's roles_path)
 * @param collectionsPath folders holding {@code ansible_collections/<namespace>/<name>} (collections_path), after
 *        the playbook's own collections/ folder
 * @param gathering ansible.cfg's gathering: implicit (null), explicit or smart
 * @param hostKeyChecking ansible.cfg's / ANSIBLE_HOST_KEY_CHECKING's host_key_checking, null when not set
 * @param vault          the vault secrets that decrypt vaulted files and {@code !vault} values (never printed)
 * @param sshArgs        ansible.cfg's / ANSIBLE_SSH_*'s ssh_common_args and ssh_extra_args, by their connection
 *                       variable names: a host's own variable wins
 * @param connectionPassword the SSH login password of -k / --connection-password-file (never printed), or null
 * @param startAtTask    --start-at-task: the name (or fnmatch pattern) of the task the run starts at, or null
 */
public record RunOptions(boolean check, boolean diff, int forks, Set<String> tags, Set<String> skipTags, String limit,
                         Map<String, Object> extraVars, int verbosity, Boolean become, String becomeUser,
                         String becomeMethod, String becomePassword, String remoteUser, Path privateKey,
                         Duration connectTimeout, boolean forceHandlers, List<Path> rolesPath, String connection,
                         Path knownHosts, List<Path> collectionsPath, String gathering, Boolean hostKeyChecking,
                         Vault vault, Map<String, String> sshArgs,
                         String connectionPassword, String startAtTask) {

    public RunOptions {
        tags = tags == null || tags.isEmpty() ? Set.of("all") : Set.copyOf(tags);
        skipTags = skipTags == null ? Set.of() : Set.copyOf(skipTags);
        extraVars = extraVars == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(extraVars));
        rolesPath = rolesPath == null ? List.of() : List.copyOf(rolesPath);
        collectionsPath = collectionsPath == null ? List.of() : List.copyOf(collectionsPath);
        gathering = gathering == null ? "implicit" : gathering;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        vault = vault == null ? Vault.NONE : vault;
        sshArgs = sshArgs == null ? Map.of() : Map.copyOf(sshArgs);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "RunOptions[check=" + check + ", diff=" + diff + ", forks=" + forks + ", tags=" + tags + ", limit="
                + limit + ", becomePassword=" + (becomePassword == null ? "none" : "****") + ", connectionPassword="
                + (connectionPassword == null ? "none" : "****") + ", vault=" + vault + "]";
    }

    /** Fluent builder with Ansible's defaults (forks 0 = every host at once, at most 100). */
    public static final class Builder {
        private boolean check;
        private boolean diff;
        private int forks;
        private Set<String> tags = Set.of();
        private Set<String> skipTags = Set.of();
        private String limit;
        private Map<String, Object> extraVars = Map.of();
        private int verbosity;
        private Boolean become;
        private String becomeUser;
        private String becomeMethod;
        private String becomePassword;
        private String remoteUser;
        private Path privateKey;
        private Duration connectTimeout;
        private boolean forceHandlers;
        private List<Path> rolesPath = List.of();
        private String connection;
        private Path knownHosts;
        private List<Path> collectionsPath = List.of();
        private String gathering;
        private Boolean hostKeyChecking;
        private Vault vault;
        private Map<String, String> sshArgs;
        private String connectionPassword;
        private String startAtTask;

        public Builder check(boolean v) { check = v; return this; }
        public Builder diff(boolean v) { diff = v; return this; }
        public Builder forks(int v) { forks = v; return this; }
        public Builder tags(Set<String> v) { tags = v; return this; }
        public Builder skipTags(Set<String> v) { skipTags = v; return this; }
        public Builder limit(String v) { limit = v; return this; }
        public Builder extraVars(Map<String, Object> v) { extraVars = v; return this; }
        public Builder verbosity(int v) { verbosity = v; return this; }
        public Builder become(Boolean v) { become = v; return this; }
        public Builder becomeUser(String v) { becomeUser = v; return this; }
        public Builder becomeMethod(String v) { becomeMethod = v; return this; }
        public Builder becomePassword(String v) { becomePassword = v; return this; }
        public Builder remoteUser(String v) { remoteUser = v; return this; }
        public Builder privateKey(Path v) { privateKey = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder forceHandlers(boolean v) { forceHandlers = v; return this; }
        public Builder rolesPath(List<Path> v) { rolesPath = v; return this; }
        public Builder connection(String v) { connection = v; return this; }
        public Builder knownHosts(Path v) { knownHosts = v; return this; }
        public Builder collectionsPath(List<Path> v) { collectionsPath = v; return this; }
        public Builder gathering(String v) { gathering = v; return this; }
        public Builder hostKeyChecking(Boolean v) { hostKeyChecking = v; return this; }
        public Builder vault(Vault v) { vault = v; return this; }
        public Builder sshArgs(Map<String, String> v) { sshArgs = v; return this; }
        public Builder connectionPassword(String v) { connectionPassword = v; return this; }
        public Builder startAtTask(String v) { startAtTask = v; return this; }

        public RunOptions build() {
            return new RunOptions(check, diff, forks, tags, skipTags, limit, extraVars, verbosity, become, becomeUser,
                    becomeMethod, becomePassword, remoteUser, privateKey, connectTimeout, forceHandlers, rolesPath,
                    connection, knownHosts, collectionsPath, gathering, hostKeyChecking, vault, sshArgs,
                    connectionPassword, startAtTask);
        }
    }
}
