package dev.rigger.playbook;

import dev.rigger.Pos;
import dev.rigger.RiggerException;
import java.util.ArrayList;
import java.util.List;

/** The problems one load finds, each with its file:line:column; all of them are reported at once. */
final class Problems {
    private final List<RiggerException> list = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    void add(String msg, Pos at) {
        list.add(new RiggerException(msg, at));
    }

    /** Something that loads but that a run should hear about (--syntax-check lists them), with its position. */
    void warn(String msg, Pos at) {
        String w = at + ": " + msg;
        if (!warnings.contains(w)) {
            warnings.add(w);
        }
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    void add(RiggerException e) {
        list.add(e);
    }

    /** Throws a {@link PlaybookException} listing every problem found, if there is any. */
    void throwIfAny() {
        if (!list.isEmpty()) {
            throw new PlaybookException(List.copyOf(list));
        }
    }
}
