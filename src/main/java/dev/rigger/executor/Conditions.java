package dev.rigger.executor;

import dev.rigger.RiggerException;
import dev.rigger.playbook.Task;
import dev.rigger.template.Templar;
import java.util.List;
import java.util.Map;

/** {@code when}, {@code changed_when}, {@code failed_when}, {@code until}: every condition of a list must hold. */
record Conditions(Templar templar) {
    boolean all(List<String> conds, Map<String, Object> vars, Task t) {
        for (String c : conds) {
            boolean ok;
            try {
                ok = templar.evaluate(c, vars);
            } catch (RiggerException e) {
                throw new RiggerException("the conditional check '" + c + "' failed: " + e.getMessage(), t.pos());
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
