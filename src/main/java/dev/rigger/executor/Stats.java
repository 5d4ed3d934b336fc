package dev.rigger.executor;

import dev.rigger.AnsibleBool;
import dev.rigger.api.HostStats;
import dev.rigger.api.TaskOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The recap counters, per host; a host appears once something is counted for it, as in Ansible. Thread-safe. */
final class Stats {
    private final Map<String, int[]> counts = new TreeMap<>();

    enum Kind { OK, CHANGED, UNREACHABLE, FAILED, SKIPPED, RESCUED, IGNORED }

    synchronized void add(String host, Kind kind) {
        counts.computeIfAbsent(host, h -> new int[Kind.values().length])[kind.ordinal()]++;
    }

    synchronized void remove(String host, Kind kind) {
        int[] c = counts.get(host);
        if (c != null && c[kind.ordinal()] > 0) {
            c[kind.ordinal()]--;
        }
    }

    synchronized int get(String host, Kind kind) {
        int[] c = counts.get(host);
        return c == null ? 0 : c[kind.ordinal()];
    }

    /** Counts one task outcome as Ansible's recap does. */
    synchronized void count(TaskOutcome o) {
        String h = o.host();
        if (o instanceof TaskOutcome.Changed) {
            add(h, Kind.OK);
            add(h, Kind.CHANGED);
        } else if (o instanceof TaskOutcome.Skipped) {
            add(h, Kind.SKIPPED);
        } else if (o instanceof TaskOutcome.Failed f) {
            if (f.ignored()) {
                add(h, Kind.OK);
                add(h, Kind.IGNORED);
                if (AnsibleBool.isTrue(f.result().get("changed"))) {
                    add(h, Kind.CHANGED); // as Ansible 2.14: an ignored failure that changed counts
                }
            } else {
                add(h, Kind.FAILED);
            }
        } else if (o instanceof TaskOutcome.Unreachable) {
            add(h, Kind.UNREACHABLE);
        } else {
            add(h, Kind.OK);
        }
    }

    synchronized List<HostStats> recap() {
        List<HostStats> out = new ArrayList<>();
        counts.forEach((h, c) -> out.add(new HostStats(h, c[0], c[1], c[2], c[3], c[4], c[5], c[6])));
        return out;
    }
}
