package dev.rigger.api;

/**
 * What reporters know of a task.
 *
 * @param label    the banner text: "name", "role : name", or the action when unnamed
 * @param action   the module or keyword (command, copy, meta ...)
 * @param location file:line:column of the task
 * @param handler  true for RUNNING HANDLER
 * @param noLog    the task's results must not be shown
 * @param verbose  results are always shown (debug)
 */
public record TaskInfo(String label, String action, String location, boolean handler, boolean noLog, boolean verbose) {
}
