package dev.rigger.playbook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rigger.RiggerException;
import dev.rigger.inventory.Inventory;
import dev.rigger.module.ModuleRegistry;
import dev.rigger.yaml.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated playbooks and inventories: the loaders either succeed or throw a {@link RiggerException} with a
 * message; never another exception, never a hang.
 */
class PlaybookFuzzTest {
    private static final long SEED = 20261129L;
    private static final int CASES = 2000;
    private static final Duration PER_CASE = Duration.ofSeconds(5);

    private static final String PLAYBOOK = """
            - name: fuzz play
              hosts: all
              gather_facts: false
              vars:
                greeting: hello
                items: [1, 2, 3]
              roles: []
              tasks:
                - name: say {{ greeting }}
                  debug:
                    msg: "{{ greeting }} world"
                - name: a block
                  block:
                    - command: echo hi
                      register: out
                      when: out is not defined
                  rescue:
                    - debug: var=out
                  always:
                    - file: path=/tmp/x state=touch mode=0644
                - copy:
                    content: "x"
                    dest: /tmp/y
                  loop: "{{ items }}"
                  notify: restart
              handlers:
                - name: restart
                  service: name=foo state=restarted
            """;

    private static final String INVENTORY = """
            all:
              vars:
                ansible_user: root
              children:
                web:
                  hosts:
                    web[01:03]:
                      ansible_host: 10.0.0.1
                db:
                  hosts:
                    db1: {ansible_port: 2222}
            """;

    private static final String INI = """
            [web]
            web[1:3] ansible_host=10.0.0.1
            [db]
            db1 ansible_port=2222
            [all:vars]
            x=1
            [prod:children]
            web
            db
            """;

    private static final String[] TOKENS = {"- ", ": ", "{{", "}}", "{%", "%}", "[", "]", "{", "}", "\"", "'", "\n",
        "  ", "\t", "#", "&a", "*a", "!!python/object", "<<: *a", "---", "...", "|", ">", "?", "@", "`", ",", "=",
        "hosts", "tasks", "block", "include_tasks", "import_playbook", "roles", "when", "loop", "vars", "[a:b]",
        "[1:9999999999]", "\u0000", "\uFFFF", "é", "null", "~", "yes", "0x1F", "1e999", "%"};

    @TempDir
    Path tmp;

    @Test
    void loaders_onRandomAndMutatedInput_failCleanlyOrSucceed_neverHang() throws Exception {
        Random r = new Random(SEED);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            String seed = switch (i % 3) {
                case 0 -> PLAYBOOK;
                case 1 -> INVENTORY;
                default -> INI;
            };
            String text = i % 10 == 9 ? random(r) : mutate(seed, r);
            int n = i;
            Path dir = Files.createDirectories(tmp.resolve("c" + i));
            Path file = dir.resolve(i % 3 == 2 ? "hosts" : "case.yml");
            Files.writeString(file, text);
            try {
                assertTimeoutPreemptively(PER_CASE, () -> {
                    tryLoad(() -> YamlLoader.load(text, "case" + n + ".yml"));
                    tryLoad(() -> new PlaybookLoader(ModuleRegistry.standard(), List.of()).load(file));
                    tryLoad(() -> Inventory.load(List.of(file.toString())));
                }, () -> "case " + n + " hung:\n" + text);
            } catch (AssertionError e) {
                problems.add(e.getMessage());
            } catch (RuntimeException e) {
                problems.add("case " + n + ": " + e + "\n--- input ---\n" + text);
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " of " + CASES + " cases broke a loader; the first:\n" + problems.get(0));
        }
    }

    private interface Load {
        void run();
    }

    private static void tryLoad(Load load) {
        try {
            load.run();
        } catch (RiggerException e) {
            String msg = e.describe();
            assertFalse(msg == null || msg.isBlank(), "a RiggerException without a message");
        }
    }

    private static String mutate(String base, Random r) {
        StringBuilder b = new StringBuilder(base);
        int edits = 1 + r.nextInt(6);
        for (int e = 0; e < edits; e++) {
            int at = b.length() == 0 ? 0 : r.nextInt(b.length());
            switch (r.nextInt(5)) {
                case 0 -> b.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
                case 1 -> b.delete(at, Math.min(b.length(), at + 1 + r.nextInt(12)));
                case 2 -> b.setCharAt(Math.min(at, Math.max(0, b.length() - 1)), (char) (32 + r.nextInt(95)));
                case 3 -> {
                    int len = Math.min(b.length() - at, 1 + r.nextInt(40));
                    String piece = b.substring(at, at + len);
                    b.insert(r.nextInt(b.length() + 1), piece);
                }
                default -> {
                    int lineStart = b.lastIndexOf("\n", at) + 1;
                    b.insert(lineStart, r.nextBoolean() ? "  " : "\t");
                }
            }
        }
        return b.toString();
    }

    private static String random(Random r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(60);
        for (int i = 0; i < n; i++) {
            b.append(TOKENS[r.nextInt(TOKENS.length)]);
            if (r.nextInt(4) == 0) {
                b.append((char) ('a' + r.nextInt(26)));
            }
        }
        return b.toString();
    }
}
