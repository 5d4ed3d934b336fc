package dev.rigger.playbook;

import dev.rigger.Pos;
import dev.rigger.RiggerException;
import dev.rigger.template.Templar;
import dev.rigger.yaml.YList;
import dev.rigger.yaml.YMap;
import java.util.List;
import java.util.Map;

/** The Jinja of a task's static strings parses (nothing is rendered): one load's checker, made per load. */
final class SyntaxChecker {
    private final Problems problems;
    /** Made on first use. */
    private Templar templar;

    SyntaxChecker(Problems problems) {
        this.problems = problems;
    }

    /** The Jinja in a task's static strings parses: name, arguments, loop and conditions (nothing is rendered). */
    void checkTask(YMap m, YMap rawArgs, Map<String, Object> args, Pos argsPos, String loopKind) {
        checkTemplates(m.get("name"), m.posOf("name"));
        for (Map.Entry<String, Object> e : args.entrySet()) {
            Pos at = rawArgs != null && rawArgs.containsKey(e.getKey()) ? rawArgs.posOf(e.getKey()) : argsPos;
            checkTemplates(e.getValue(), at == null ? argsPos : at);
        }
        if (loopKind != null) {
            checkTemplates(m.get(loopKind), m.posOf(loopKind));
        }
        for (String k : List.of("when", "failed_when", "changed_when", "until")) {
            checkConditions(m, k);
        }
    }

    private void checkConditions(YMap m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return;
        }
        List<?> items = v instanceof List<?> l ? l : List.of(v);
        for (Object o : items) {
            if (o instanceof Map<?, ?> || o instanceof List<?>) {
                problems.add("'" + key + "' must be a condition (a string such as \"x is defined\", a boolean, or a list of "
                        + "them), found " + Values.typeName(o), m.posOf(key));
                return;
            }
            if (o instanceof String s) {
                try {
                    templar().checkExpressionSyntax(s);
                } catch (RiggerException e) {
                    problems.add("in '" + key + "': " + e.getMessage(), m.posOf(key));
                    return;
                }
            }
        }
    }

    private void checkTemplates(Object v, Pos at) {
        if (v instanceof String s) {
            try {
                templar().checkSyntax(s);
            } catch (RiggerException e) {
                problems.add(e.getMessage(), at);
            }
        } else if (v instanceof Map<?, ?> mm) {
            for (Map.Entry<?, ?> e : mm.entrySet()) {
                Pos p = mm instanceof YMap ym && e.getKey() instanceof String k ? ym.posOf(k) : at;
                checkTemplates(e.getKey(), at);
                checkTemplates(e.getValue(), p == null ? at : p);
            }
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                Pos p = l instanceof YList yl ? yl.posOf(i) : at;
                checkTemplates(l.get(i), p == null ? at : p);
            }
        }
    }

    private Templar templar() {
        if (templar == null) {
            templar = new Templar();
        }
        return templar;
    }
}
