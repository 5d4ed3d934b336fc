package dev.rigger.executor;

import dev.rigger.api.RunListener;
import dev.rigger.api.RunResult;
import dev.rigger.api.TaskInfo;
import dev.rigger.api.TaskOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands events to every listener, one event at a time (listeners need no locking of their own), and keeps every
 * task outcome for the run's result.
 */
final class EventBus implements RunListener {
    private final List<RunListener> listeners;
    private final List<RunResult.Record> outcomes = new ArrayList<>();

    EventBus(List<RunListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public synchronized void playbookStart(String path) {
        listeners.forEach(l -> l.playbookStart(path));
    }

    @Override
    public synchronized void playStart(String name, List<String> hosts) {
        listeners.forEach(l -> l.playStart(name, hosts));
    }

    @Override
    public synchronized void taskStart(TaskInfo task, List<String> hosts) {
        listeners.forEach(l -> l.taskStart(task, hosts));
    }

    @Override
    public synchronized void itemResult(TaskInfo task, TaskOutcome outcome, String itemLabel) {
        listeners.forEach(l -> l.itemResult(task, outcome, itemLabel));
    }

    @Override
    public synchronized void taskResult(TaskInfo task, TaskOutcome outcome) {
        listeners.forEach(l -> l.taskResult(task, outcome));
    }

    /** A task's outcome on one host: to the listeners, and into the run's result. */
    synchronized void result(TaskInfo task, TaskOutcome outcome) {
        taskResult(task, outcome);
        outcomes.add(new RunResult.Record(task, outcome));
    }

    synchronized List<RunResult.Record> outcomes() {
        return List.copyOf(outcomes);
    }

    @Override
    public synchronized void retrying(TaskInfo task, String host, int retriesLeft) {
        listeners.forEach(l -> l.retrying(task, host, retriesLeft));
    }

    @Override
    public synchronized void included(String file, List<String> hosts) {
        listeners.forEach(l -> l.included(file, hosts));
    }

    @Override
    public synchronized void warning(String message) {
        listeners.forEach(l -> l.warning(message));
    }

    @Override
    public synchronized void error(String message) {
        listeners.forEach(l -> l.error(message));
    }

    @Override
    public synchronized void noHostsMatched(String pattern) {
        listeners.forEach(l -> l.noHostsMatched(pattern));
    }

    @Override
    public synchronized void noMoreHosts() {
        listeners.forEach(RunListener::noMoreHosts);
    }

    @Override
    public synchronized void runEnd(RunResult result) {
        listeners.forEach(l -> l.runEnd(result));
    }
}
