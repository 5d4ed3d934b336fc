package dev.rigger.module;

import dev.rigger.api.Diff;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a module returns: its status, Ansible's result keys (msg, rc, stdout, path, ...), diffs, and facts to set.
 *
 * @param status    ok / changed / failed / skipped
 * @param data      result keys as Ansible's module would return them (without changed/failed; the executor adds them)
 * @param diffs     content diffs (shown with --diff when changed)
 * @param facts     variables the module sets on the host (set_fact, include_vars, setup): merged by the executor
 * @param uncertain true when check mode could not predict the outcome (e.g. a command without creates/removes)
 * @param factScope where {@code facts} go on the host
 */
public record ModuleResult(Status status, Map<String, Object> data, List<Diff> diffs, Map<String, Object> facts,
                           boolean uncertain, FactScope factScope) {

    public enum Status { OK, CHANGED, FAILED, SKIPPED }

    /**
     * Where a result's facts go. FACTS: the host's {@code ansible_facts} (setup and other gathering modules; data
     * from the rig), named as the module's {@code ansible_facts} names them ({@code ansible_distribution},
     * {@code getent_passwd}); the executor strips the {@code ansible_} prefix as Ansible's namespace_facts. SET_FACT: host variables at set_fact's precedence. INCLUDE_VARS: host variables at
     * include_vars' precedence. The two variable scopes keep the marks their rendering gave them; facts are data.
     */
    public enum FactScope {
        FACTS, SET_FACT, INCLUDE_VARS;

        /** True for the scopes that define variables (set_fact, include_vars) rather than report facts. */
        public boolean variables() {
            return this != FACTS;
        }
    }

    public ModuleResult {
        data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
        diffs = diffs == null ? List.of() : List.copyOf(diffs);
        facts = facts == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        factScope = factScope == null ? FactScope.FACTS : factScope;
    }

    /** A result whose facts (if any) are {@code ansible_facts}. */
    public ModuleResult(Status status, Map<String, Object> data, List<Diff> diffs, Map<String, Object> facts,
                        boolean uncertain) {
        this(status, data, diffs, facts, uncertain, FactScope.FACTS);
    }

    public static ModuleResult ok(Map<String, Object> data) {
        return new ModuleResult(Status.OK, data, null, null, false);
    }

    public static ModuleResult changed(Map<String, Object> data) {
        return new ModuleResult(Status.CHANGED, data, null, null, false);
    }

    /** ok or changed depending on {@code changed}. */
    public static ModuleResult of(boolean changed, Map<String, Object> data) {
        return new ModuleResult(changed ? Status.CHANGED : Status.OK, data, null, null, false);
    }

    public static ModuleResult failed(String msg, Map<String, Object> data) {
        Map<String, Object> d = new LinkedHashMap<>(data == null ? Map.of() : data);
        d.put("msg", msg);
        return new ModuleResult(Status.FAILED, d, null, null, false);
    }

    public static ModuleResult failed(String msg) {
        return failed(msg, null);
    }

    public static ModuleResult skipped(String msg) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("msg", msg);
        return new ModuleResult(Status.SKIPPED, d, null, null, false);
    }

    public ModuleResult withDiff(Diff diff) {
        if (diff == null) {
            return this;
        }
        List<Diff> all = new java.util.ArrayList<>(diffs);
        all.add(diff);
        return new ModuleResult(status, data, all, facts, uncertain, factScope);
    }

    /**
     * This result with its diffs replaced by one line saying why they are hidden (a vaulted source: its decrypted
     * content never reaches a diff).
     */
    public ModuleResult withDiffsHidden(String why) {
        if (diffs.isEmpty()) {
            return this;
        }
        return new ModuleResult(status, data, List.of(Diff.prepared("(diff hidden: " + why + ")\n")), facts, uncertain,
                factScope);
    }

    /** This result with {@code newFacts} as host facts ({@link FactScope#FACTS}). */
    public ModuleResult withFacts(Map<String, Object> newFacts) {
        return withFacts(FactScope.FACTS, newFacts);
    }

    /** This result with {@code newFacts}, going to {@code scope}. */
    public ModuleResult withFacts(FactScope scope, Map<String, Object> newFacts) {
        return new ModuleResult(status, data, diffs, newFacts, uncertain, scope);
    }

    public ModuleResult asUncertain() {
        return new ModuleResult(status, data, diffs, facts, true, factScope);
    }

    public boolean changed() {
        return status == Status.CHANGED;
    }

    public boolean failed() {
        return status == Status.FAILED;
    }
}
