package dev.rigger.module;

import dev.rigger.connection.Become;
import dev.rigger.connection.Command;
import dev.rigger.connection.Connection;
import dev.rigger.connection.ExecResult;
import dev.rigger.Pos;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** What a module may use while it runs on one host. Given by the executor; one per task execution. */
public interface ModuleContext {

    /** The host's connection (one per host, reused by every task). */
    Connection connection();

    /** Inventory name of the host. */
    String hostName();

    boolean checkMode();

    boolean diffMode();

    /** become settings of the task, or null when the task does not become. */
    Become become();

    /** The task's {@code environment:} (already templated). */
    Map<String, String> environment();

    /** Every variable visible to the task (read-only), including hostvars, facts and magic variables. */
    Map<String, Object> vars();

    /** Renders Jinja in a string (recursively in maps and lists) with the task's variables. */
    Object template(Object value);

    /** Renders a template file's text (the template module); trim_blocks on, as Ansible. */
    String templateText(String text, Map<String, Object> extraVars);

    /** Evaluates a bare Jinja expression (when / assert that) to a boolean. */
    boolean evaluate(String expression);

    /**
     * Finds a controller-side file for {@code src}: absolute paths as they are; relative ones in the role's
     * {@code kind} folder ("files" or "templates"), the role folder, then the playbook folder.
     *
     * @throws dev.rigger.RiggerException naming the places searched when absent
     */
    Path findFile(String src, String kind);

    /**
     * The run's vault secrets: a controller file that is vaulted (copy/template {@code src}, include_vars) is
     * decrypted with them. Without secrets, vaulted content is an error, never used as it is.
     */
    default dev.rigger.vault.Vault vault() {
        return dev.rigger.vault.Vault.NONE;
    }

    /** Position of the task in its file, for messages. */
    Pos pos();

    /** A command with the task's become and environment applied. */
    default Command command(String script) {
        return Command.of(script).withBecome(become()).withEnv(environment());
    }

    /** Runs a script with the task's become and environment. */
    default ExecResult run(String script) throws IOException {
        return connection().exec(command(script));
    }
}
