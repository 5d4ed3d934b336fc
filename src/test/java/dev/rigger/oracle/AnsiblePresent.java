package dev.rigger.oracle;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Disables a test class, before the lab starts, when ansible-playbook (the oracle) is not installed. */
public final class AnsiblePresent implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return AnsibleSide.available() ? ConditionEvaluationResult.enabled("ansible-playbook found")
                : ConditionEvaluationResult.disabled("oracle tests skipped: ansible-playbook is not on the PATH "
                + "(install it with: apt-get install -y ansible-core)");
    }
}
