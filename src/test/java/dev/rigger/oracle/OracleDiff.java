package dev.rigger.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeSet;

/** Compares what Ansible and rigger did with the same playbook, phase by phase. */
public final class OracleDiff {
    private OracleDiff() {
    }

    /**
     * One observed difference.
     *
     * @param id      {@code playbook/phase/what}, e.g. {@code core.yml/first/task[copy a file]/status}
     * @param ansible what Ansible did
     * @param rigger  what rigger did
     */
    public record Difference(String id, String ansible, String rigger) {
        @Override
        public String toString() {
            return id + ": ansible=" + ansible + " rigger=" + rigger;
        }
    }

    public static List<Difference> compare(String prefix, OracleCase.Phase phase, Observation a, Observation r) {
        List<Difference> out = new ArrayList<>();
        String p = prefix + "/" + phase.id() + "/";
        if (a.exitCode() != r.exitCode()) {
            out.add(new Difference(p + "exit-code", Integer.toString(a.exitCode()), Integer.toString(r.exitCode())));
        }
        if (!a.recap().equals(r.recap())) {
            out.add(new Difference(p + "recap", Observation.recapText(a.recap()), Observation.recapText(r.recap())));
        }
        tasks(p, phase, a.tasks(), r.tasks(), out);
        files(p, a.files(), r.files(), out);
        return out;
    }

    private static void tasks(String p, OracleCase.Phase phase, List<Observation.TaskLine> a,
                              List<Observation.TaskLine> r, List<Difference> out) {
        int n = a.size();
        int m = r.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).task().equals(r.get(j).task()) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).task().equals(r.get(j).task())) {
                line(p + "task[" + a.get(i).task() + "]/", phase, a.get(i), r.get(j), out);
                i++;
                j++;
            } else if (j >= m || i < n && lcs[i + 1][j] >= lcs[i][j + 1]) {
                out.add(new Difference(p + "task[" + a.get(i).task() + "]/presence", "ran (" + a.get(i).status() + ")",
                        "absent"));
                i++;
            } else {
                out.add(new Difference(p + "task[" + r.get(j).task() + "]/presence", "absent",
                        "ran (" + r.get(j).status() + ")"));
                j++;
            }
        }
    }

    private static void line(String p, OracleCase.Phase phase, Observation.TaskLine a, Observation.TaskLine r,
                             List<Difference> out) {
        if (!a.status().equals(r.status())) {
            out.add(new Difference(p + "status", a.status(), r.status()));
        }
        if (!a.items().equals(r.items())) {
            out.add(new Difference(p + "items", a.items().toString(), r.items().toString()));
        }
        if (!Objects.equals(normal(a.shown()), normal(r.shown()))) {
            out.add(new Difference(p + "shown", String.valueOf(a.shown()), String.valueOf(r.shown())));
        }
        if (phase.diff() && a.diff() != r.diff() && a.status().equals(r.status())) {
            out.add(new Difference(p + "diff", a.diff() ? "diff shown" : "no diff", r.diff() ? "diff shown" : "no diff"));
        }
    }

    /** Numbers compare by value (Ansible's JSON ints vs rigger's longs), everything else by its JSON form. */
    static Object normal(Object o) {
        if (o instanceof Number num) {
            double d = num.doubleValue();
            return d == Math.rint(d) ? (Object) (long) d : (Object) d;
        }
        if (o instanceof java.util.Map<?, ?> map) {
            java.util.TreeMap<String, Object> t = new java.util.TreeMap<>();
            map.forEach((k, v) -> t.put(String.valueOf(k), normal(v)));
            return t;
        }
        if (o instanceof List<?> l) {
            return l.stream().map(OracleDiff::normal).toList();
        }
        return o;
    }

    private static void files(String p, SortedMap<String, RigFiles.Entry> a, SortedMap<String, RigFiles.Entry> r,
                              List<Difference> out) {
        TreeSet<String> paths = new TreeSet<>(a.keySet());
        paths.addAll(r.keySet());
        for (String path : paths) {
            RigFiles.Entry ea = a.get(path);
            RigFiles.Entry er = r.get(path);
            String id = p + "file[" + path + "]/";
            if (ea == null || er == null) {
                out.add(new Difference(id + "presence", ea == null ? "absent" : ea.toString(),
                        er == null ? "absent" : er.toString()));
            } else {
                check(out, id + "type", ea.type(), er.type());
                check(out, id + "mode", ea.mode(), er.mode());
                check(out, id + "owner", ea.owner(), er.owner());
                if (ea.type().equals(er.type())) {
                    check(out, id + "content", ea.hash(), er.hash());
                }
            }
        }
    }

    private static void check(List<Difference> out, String id, String a, String r) {
        if (!a.equals(r)) {
            out.add(new Difference(id, a, r));
        }
    }
}
