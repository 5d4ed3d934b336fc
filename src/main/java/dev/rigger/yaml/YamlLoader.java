package dev.rigger.yaml;

import dev.rigger.Pos;
import dev.rigger.RiggerException;
import dev.rigger.vault.Vault;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Loads YAML (1.1 rules, like Ansible: yes/no are booleans) into plain Java values: {@link YMap} for mappings,
 * {@link YList} for sequences, String/Integer/Long/Double/Boolean/null for scalars. Every collection keeps its
 * file:line:column. Errors are {@link RiggerException}s with the position. Thread-safe (a new parser per call).
 * Vaulted content is decrypted with the {@link Vault} handed in, as Ansible's DataLoader: a whole vaulted file, and
 * inline {@code !vault} / {@code !vault-encrypted} scalars; without a secret that is an error, never the ciphertext.
 */
public final class YamlLoader {
    private static final int MAX_ALIASES = 200;

    private YamlLoader() {
    }

    /** Loads a file that holds no vaulted content (vaulted content in it is an error: no vault secrets). */
    public static Object load(Path file) {
        return load(file, Vault.NONE);
    }

    /** Loads a file, decrypting it when it is vaulted and its inline {@code !vault} values, with {@code vault}. */
    public static Object load(Path file, Vault vault) {
        String text = readText(file, vault);
        Object doc = load(text, file.toString(), vault);
        if (vault.hasSecrets() && isVaulted(file)) {
            remember(doc, vault, 0);
        }
        return doc;
    }

    private static boolean isVaulted(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(dev.rigger.vault.VaultFormat.HEADER.length());
            return dev.rigger.vault.VaultFormat.isEncrypted(head);
        } catch (IOException e) {
            return false;
        }
    }

    /** The strings of a vaulted file are secrets: the vault remembers them. */
    private static void remember(Object value, Vault vault, int depth) {
        if (depth > 200) {
            return;
        }
        if (value instanceof String s) {
            vault.remember(s);
        } else if (value instanceof Map<?, ?> m) {
            m.values().forEach(v -> remember(v, vault, depth + 1));
        } else if (value instanceof java.util.List<?> l) {
            l.forEach(v -> remember(v, vault, depth + 1));
        }
    }

    /**
     * A file's text, decrypted when the file is vaulted (Ansible's {@code DataLoader._get_file_contents}).
     *
     * @throws RiggerException for an unreadable or non-UTF-8 file, or one that cannot be decrypted
     */
    public static String readText(Path file, Vault vault) {
        Pos where = new Pos(file.toString(), 0, 0);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RiggerException("cannot read file: " + e.getMessage(), where);
        }
        if (dev.rigger.vault.VaultFormat.isEncrypted(bytes)) {
            bytes = vault.decrypt(new String(bytes, StandardCharsets.US_ASCII), where);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new RiggerException("file is not valid UTF-8 text", where);
        }
    }

    /** Parses {@code text} named {@code fileName} (used in positions). An empty document gives null. */
    public static Object load(String text, String fileName) {
        return load(text, fileName, Vault.NONE);
    }

    /** Parses {@code text}, decrypting inline {@code !vault} values with {@code vault}. */
    public static Object load(String text, String fileName, Vault vault) {
        LoaderOptions opts = new LoaderOptions();
        opts.setMaxAliasesForCollections(MAX_ALIASES);
        opts.setAllowDuplicateKeys(true);
        opts.setCodePointLimit(64 * 1024 * 1024);
        Yaml yaml = new Yaml(new SafeConstructor(opts));
        Node root;
        try {
            root = yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null) {
                what = e.getContext() + ": " + what;
            }
            throw new RiggerException("YAML syntax error: " + oneLine(what), at(fileName, m), null);
        } catch (YAMLException e) {
            throw new RiggerException("YAML error: " + oneLine(e.getMessage()), new Pos(fileName, 0, 0), null);
        } catch (RuntimeException e) {
            throw new RiggerException("YAML error: " + oneLine(String.valueOf(e.getMessage())),
                    new Pos(fileName, 0, 0), null);
        }
        if (root == null) {
            return null;
        }
        return new Converter(fileName, vault).convert(root, 0);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\n\\s*", " ").trim();
    }

    static Pos at(String file, Mark m) {
        return m == null ? new Pos(file, 0, 0) : new Pos(file, m.getLine() + 1, m.getColumn() + 1);
    }

    private static final class Converter extends SafeConstructor {
        private final String file;
        private final Vault vault;
        private final Map<Node, Object> done = new IdentityHashMap<>();

        Converter(String file, Vault vault) {
            super(new LoaderOptions());
            this.file = file;
            this.vault = vault;
        }

        Object convert(Node node, int depth) {
            if (depth > 200) {
                throw new RiggerException("YAML nesting is too deep", at(file, node.getStartMark()));
            }
            Object seen = done.get(node);
            if (seen != null) {
                return seen;
            }
            Pos pos = at(file, node.getStartMark());
            if (node.getNodeId() == NodeId.mapping) {
                YMap map = new YMap(pos);
                done.put(node, map);
                MappingNode mn = (MappingNode) node;
                flattenMapping(mn);
                for (NodeTuple t : mn.getValue()) {
                    Node k = t.getKeyNode();
                    Object key = k instanceof ScalarNode ? scalar((ScalarNode) k) : convert(k, depth + 1);
                    map.putAt(key == null ? "null" : keyString(key), convert(t.getValueNode(), depth + 1),
                            at(file, k.getStartMark()));
                }
                return unsafeIfTagged(node, map);
            }
            if (node.getNodeId() == NodeId.sequence) {
                YList list = new YList(pos);
                done.put(node, list);
                for (Node n : ((SequenceNode) node).getValue()) {
                    list.addAt(convert(n, depth + 1), at(file, n.getStartMark()));
                }
                return unsafeIfTagged(node, list);
            }
            if (node.getNodeId() == NodeId.scalar) {
                return scalar((ScalarNode) node);
            }
            throw new RiggerException("unsupported YAML node", pos);
        }

        private static Object unsafeIfTagged(Node node, Object value) {
            return "!unsafe".equals(node.getTag().getValue()) ? dev.rigger.Unsafe.mark(value) : value;
        }

        private static String keyString(Object key) {
            if (key instanceof Boolean b) {
                return b ? "True" : "False";
            }
            return String.valueOf(key);
        }

        private Object scalar(ScalarNode n) {
            Tag tag = n.getTag();
            if (Tag.STR.equals(tag) || !n.isPlain() && tag.equals(Tag.STR)) {
                return n.getValue();
            }
            if ("!unsafe".equals(tag.getValue())) {
                // Ansible's !unsafe: a literal never rendered as a template
                return dev.rigger.Unsafe.mark(n.getValue());
            }
            if ("!vault".equals(tag.getValue()) || "!vault-encrypted".equals(tag.getValue())) {
                String plain = vault.decryptText(n.getValue(), at(file, n.getStartMark()));
                vault.remember(plain);
                return plain;
            }
            if (tag.startsWith("!") && !tag.getValue().startsWith("tag:yaml.org")) {
                // other local tags: keep the text
                return n.getValue();
            }
            try {
                Object v = constructObject(n);
                if (v instanceof java.math.BigInteger bi) {
                    return bi.bitLength() < 64 ? bi.longValue() : bi.toString();
                }
                if (v instanceof java.util.Date || v instanceof byte[]) {
                    return n.getValue();
                }
                return v;
            } catch (RuntimeException e) {
                return n.getValue();
            }
        }
    }
}
