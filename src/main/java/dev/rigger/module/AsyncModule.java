package dev.rigger.module;

import dev.rigger.module.support.AsyncJob;
import java.util.Map;

/**
 * A module whose work can run on the rig detached from the connection ({@code async}), as Ansible's async_wrapper
 * runs it: command and shell, whose work is one command.
 */
public interface AsyncModule {
    /**
     * The job for these (checked, rendered) arguments.
     *
     * @throws dev.rigger.RiggerException (an ArgException) when the arguments cannot run, as the module would fail
     */
    AsyncJob.Spec job(Map<String, Object> args);
}
