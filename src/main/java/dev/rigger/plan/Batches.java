package dev.rigger.plan;

import dev.rigger.RiggerException;
import dev.rigger.template.Templar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code serial}: N, "30%", or a list of those (the last repeats), as Ansible splits a play's hosts. */
public final class Batches {
    private Batches() {
    }

    public static List<List<String>> split(List<String> hosts, Object serial, Templar templar, Map<String, Object> vars) {
        if (serial == null) {
            return List.of(hosts);
        }
        Object s = templar.render(serial, vars);
        List<Object> sizes = s instanceof List<?> l ? new ArrayList<>(l) : List.of(s);
        if (sizes.isEmpty()) {
            return List.of(hosts);
        }
        List<List<String>> out = new ArrayList<>();
        int i = 0;
        int k = 0;
        while (i < hosts.size()) {
            Object spec = sizes.get(Math.min(k, sizes.size() - 1));
            int n = size(spec, hosts.size());
            if (n <= 0) {
                n = hosts.size();
            }
            out.add(List.copyOf(hosts.subList(i, Math.min(hosts.size(), i + n))));
            i += n;
            k++;
        }
        return out;
    }

    private static int size(Object spec, int total) {
        String t = String.valueOf(spec).trim();
        try {
            if (t.endsWith("%")) {
                double pct = Double.parseDouble(t.substring(0, t.length() - 1));
                return Math.max(1, (int) (total * pct / 100.0));
            }
            return (int) Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new RiggerException("serial: '" + spec + "' is not a number or percentage");
        }
    }
}
