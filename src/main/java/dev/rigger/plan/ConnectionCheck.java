package dev.rigger.plan;

import dev.rigger.RiggerException;
import dev.rigger.connection.ConnectionVar;
import dev.rigger.inventory.Inventory;
import dev.rigger.playbook.Play;
import dev.rigger.playbook.Playbook;
import dev.rigger.template.Templar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The connection settings of every host a run will touch, checked before any host is contacted: a connection type
 * rigger does not have ({@code -c docker}, {@code ansible_connection: local2}) or a port that is no number is a
 * load-time error naming where it was set. Templated values are checked when the host connects.
 */
public final class ConnectionCheck {
    private ConnectionCheck() {
    }

    /** Every problem found, each naming the inventory source (or command-line option) and the host. */
    public static List<RiggerException> problems(Inventory inventory, List<Playbook> playbooks, String cliConnection,
                                                 String limit) {
        List<RiggerException> out = new ArrayList<>();
        if (cliConnection != null) {
            String p = ConnectionVar.CONNECTION.problem("--connection", cliConnection);
            if (p != null) {
                out.add(new RiggerException(p));
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Playbook pb : playbooks) {
            Path dir = pb.file().getParent();
            for (Play play : pb.plays()) {
                for (String p : ConnectionVar.problems(play.connectionVars(), Templar::hasTemplate)) {
                    out.add(new RiggerException("play '" + play.displayName() + "': " + p, play.pos()));
                }
                for (String h : HostSelection.of(inventory, play, limit).hosts()) {
                    if (!seen.add(h + "\0" + dir)) {
                        continue;
                    }
                    Map<String, Object> vars = inventory.varsFor(h, dir);
                    String where = inventory.sourceOf(h).map(s -> s + ": ").orElse("") + "host " + h + ": ";
                    for (String p : ConnectionVar.problems(vars, Templar::hasTemplate)) {
                        out.add(new RiggerException(where + p));
                    }
                }
            }
        }
        return out;
    }
}
