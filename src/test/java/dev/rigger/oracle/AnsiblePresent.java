package dev.rigger.oracle;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Disables a test class, before the lab starts, unless asked for with -Drigger.oracle=true and ansible-playbook (the
 * oracle) is installed.
 */
public final class AnsiblePresent implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!Boolean.getBoolean("rigger.oracle") && !"1".equals(System.getenv("RIGGER_ORACLE"))) {
            return ConditionEvaluationResult.disabled("oracle tests skipped: run them with -Drigger.oracle=true");
        }
        return AnsibleSide.available() ? ConditionEvaluationResult.enabled("ansible-playbook found")
                : ConditionEvaluationResult.disabled("oracle tests skipped: ansible-playbook is not on the PATH "
                + "(install it with: apt-get install -y ansible-core)");
    }
}
