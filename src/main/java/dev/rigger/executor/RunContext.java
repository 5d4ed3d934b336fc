package dev.rigger.executor;

import dev.rigger.api.ConnectionProvider;
import dev.rigger.api.FactSource;
import dev.rigger.api.RunOptions;
import dev.rigger.inventory.Inventory;
import dev.rigger.module.ModuleRegistry;
import dev.rigger.playbook.PlaybookLoader;
import dev.rigger.template.Templar;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * What one run hands down to every play, host and task: the options, the inventory, the templar, the modules, the
 * loader for includes, the events (with the outcomes they record), the recap counters, how connections are opened
 * and facts gathered, the forks, every host's state, and the run's control (interrupt, failures seen). Immutable
 * itself; the parts that change are thread-safe objects of their own.
 */
record RunContext(RunOptions options, Inventory inventory, Templar templar, ModuleRegistry registry,
                  PlaybookLoader loader, EventBus bus, Stats stats, ConnectionProvider connections, FactSource facts,
                  Semaphore forks, Map<String, HostState> hosts, RunControl control) {
}
