package dev.rigger.engine;

import dev.rigger.RiggerException;
import dev.rigger.api.ConnectionProvider;
import dev.rigger.api.FactSource;
import dev.rigger.api.RunListener;
import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.executor.Runner;
import dev.rigger.facts.FactGatherer;
import dev.rigger.inventory.Inventory;
import dev.rigger.module.ModuleRegistry;
import dev.rigger.plan.ConnectionCheck;
import dev.rigger.playbook.Playbook;
import dev.rigger.playbook.PlaybookException;
import dev.rigger.playbook.PlaybookLoader;
import dev.rigger.template.Templar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * rigger's public face: load an inventory and playbooks, run them, get a structured result.
 *
 * <pre>{@code
 * RunResult r = Rigger.builder()
 *         .inventory("inventory/example.yml")
 *         .playbook(Path.of("playbooks/dl-rig.yml"))
 *         .options(RunOptions.builder().check(true).diff(true).build())
 *         .listener(myListener)
 *         .build()
 *         .run();
 * }</pre>
 *
 * Everything is loaded and validated before any host is contacted: a YAML, template-syntax or inventory mistake
 * throws {@link dev.rigger.RiggerException} (with file:line:column) from {@link #run()} or {@link #load()}.
 */
public final class Rigger {
    private final List<String> inventorySources;
    private final List<Path> playbooks;
    private final RunOptions options;
    private final List<RunListener> listeners;
    private final ConnectionProvider connections;
    private final FactSource facts;
    private final AtomicReference<Runner> current = new AtomicReference<>();

    private Rigger(Builder b) {
        this.inventorySources = List.copyOf(b.inventory);
        this.playbooks = List.copyOf(b.playbooks);
        this.options = b.options;
        this.listeners = List.copyOf(b.listeners);
        this.connections = b.connections != null ? b.connections : new DefaultConnections(b.options);
        this.facts = b.facts != null ? b.facts : FactGatherer::gather;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The inventory, loaded from the sources given (an empty inventory when none). */
    public Inventory loadInventory() {
        return inventorySources.isEmpty() ? Inventory.empty() : Inventory.load(inventorySources, options.vault());
    }

    /** Loads and validates the playbooks (the --syntax-check). */
    public List<Playbook> load() {
        ModuleRegistry registry = ModuleRegistry.standard();
        List<Playbook> out = new ArrayList<>();
        for (Path p : playbooks) {
            out.add(new PlaybookLoader(registry, options.rolesPath(), options.collectionsPath(),
                    options.vault()).load(p));
        }
        return out;
    }

    /** Loads everything, then runs the playbooks against the inventory. */
    public RunResult run() {
        Inventory inv = loadInventory();
        List<Playbook> pbs = load();
        return run(inv, pbs);
    }

    /**
     * Checks what can be checked of the hosts before any is contacted: their literal connection settings and the
     * command line's connection type.
     *
     * @throws PlaybookException listing every problem (each naming the inventory file and host)
     */
    public void check(Inventory inventory, List<Playbook> pbs) {
        List<RiggerException> problems = ConnectionCheck.problems(inventory, pbs, options.connection(),
                options.limit());
        if (!problems.isEmpty()) {
            throw new PlaybookException(problems);
        }
    }

    /** Runs already loaded playbooks (after {@link #check}: nothing is run when it finds a problem). */
    public RunResult run(Inventory inventory, List<Playbook> pbs) {
        check(inventory, pbs);
        ModuleRegistry registry = ModuleRegistry.standard();
        Runner runner = new Runner(options, inventory, new Templar(), registry,
                new PlaybookLoader(registry, options.rolesPath(), options.collectionsPath(),
                    options.vault()), listeners, connections, facts);
        current.set(runner);
        try {
            return runner.run(pbs);
        } finally {
            current.set(null);
        }
    }

    /** Stops a run in progress (Ctrl-C): in-flight commands are ended and the recap is still produced. */
    public void cancel() {
        Runner r = current.get();
        if (r != null) {
            r.cancel();
        }
    }

    /** Builds a {@link Rigger}. */
    public static final class Builder {
        private final List<String> inventory = new ArrayList<>();
        private final List<Path> playbooks = new ArrayList<>();
        private RunOptions options = RunOptions.builder().build();
        private final List<RunListener> listeners = new ArrayList<>();
        private ConnectionProvider connections;
        private FactSource facts;

        /** An inventory source: a file, a folder, or a comma list of hosts ("h1,h2,"). */
        public Builder inventory(String... sources) {
            inventory.addAll(List.of(sources));
            return this;
        }

        public Builder playbook(Path... files) {
            playbooks.addAll(List.of(files));
            return this;
        }

        public Builder options(RunOptions o) {
            options = o;
            return this;
        }

        public Builder listener(RunListener l) {
            listeners.add(l);
            return this;
        }

        /** Replaces how connections are opened (tests, custom transports). */
        public Builder connections(ConnectionProvider p) {
            connections = p;
            return this;
        }

        /** Replaces the fact gatherer. */
        public Builder facts(FactSource f) {
            facts = f;
            return this;
        }

        public Rigger build() {
            return new Rigger(this);
        }
    }
}
