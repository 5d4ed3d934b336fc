package dev.rigger.playbook;

import dev.rigger.RiggerException;
import java.util.List;
import java.util.stream.Collectors;

/** Every problem found while loading a playbook, each with its file:line:column. Nothing has touched a host. */
public final class PlaybookException extends RiggerException {
    private final transient List<RiggerException> problems;

    public PlaybookException(List<RiggerException> problems) {
        super(problems.stream().map(RiggerException::describe).collect(Collectors.joining("\n")),
                problems.isEmpty() ? null : problems.get(0).pos());
        this.problems = List.copyOf(problems);
    }

    public List<RiggerException> problems() {
        return problems;
    }

    @Override
    public String describe() {
        return getMessage();
    }
}
