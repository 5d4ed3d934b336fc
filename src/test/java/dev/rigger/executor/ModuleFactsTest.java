package dev.rigger.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rigger.api.TaskOutcome;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module's ansible_facts become variables under the names the module gave them, as Ansible's namespace_facts and
 * INJECT_FACTS_AS_VARS (ansible-playbook 2.14.18 printed the same for this play): getent's {@code getent_passwd}
 * is a variable and {@code ansible_facts.getent_passwd}, with no {@code ansible_getent_passwd}.
 */
class ModuleFactsTest {
    @TempDir
    Path dir;

    @Test
    void getentsFact_isAVariableUnderItsOwnName_andInAnsibleFacts() throws Exception {
        List<TaskOutcome> o = LocalPlay.tasks(dir, """
                    - getent: {database: passwd, key: root}
                    - debug: {msg: "{{ getent_passwd.root[1] }} {{ ansible_facts.getent_passwd.root[4] }}"}
                    - debug: {msg: "{{ ansible_getent_passwd | default('undef') }}"}
                    - meta: clear_facts
                    - debug: {msg: "{{ getent_passwd | default('gone') }}"}
                """, false);
        assertEquals(List.of("ok", "0 /root", "undef", "gone"), o.stream()
                .map(t -> t.result().containsKey("msg") ? String.valueOf(t.result().get("msg")) : "ok").toList());
    }

    @Test
    void setupsFacts_stayAnsiblePrefixedVariables() throws Exception {
        List<TaskOutcome> o = LocalPlay.tasks(dir, """
                    - setup:
                    - debug: {msg: "{{ ansible_facts.hostname == ansible_hostname }} {{ hostname | default('undef') }}"}
                """, false);
        assertEquals("True undef", o.get(1).result().get("msg"));
    }
}
