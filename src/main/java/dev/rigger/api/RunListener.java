package dev.rigger.api;

import java.util.List;

/**
 * Receives the events of a run, in order. Calls come from the run's threads but never concurrently
 * (the runner serialises them), so an implementation needs no locking of its own.
 */
public interface RunListener {
    default void playbookStart(String path) {
    }

    default void playStart(String name, List<String> hosts) {
    }

    /** A task starts on {@code hosts}; {@code label} is what Ansible prints ("role : name", or the action). */
    default void taskStart(TaskInfo task, List<String> hosts) {
    }

    /** One loop item's outcome (the task's outcome follows with {@link #taskResult}). */
    default void itemResult(TaskInfo task, TaskOutcome outcome, String itemLabel) {
    }

    default void taskResult(TaskInfo task, TaskOutcome outcome) {
    }

    default void retrying(TaskInfo task, String host, int retriesLeft) {
    }

    default void included(String file, List<String> hosts) {
    }

    /** An error of the run that is no host's (Ansible's display.error): printed, the exit code unchanged. */
    default void error(String message) {
    }

    default void warning(String message) {
    }

    default void noHostsMatched(String pattern) {
    }

    default void noMoreHosts() {
    }

    default void runEnd(RunResult result) {
    }
}
