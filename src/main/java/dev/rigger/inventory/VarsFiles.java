package dev.rigger.inventory;

import dev.rigger.RiggerException;
import dev.rigger.Pos;
import dev.rigger.vault.Vault;
import dev.rigger.yaml.YamlLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * {@code group_vars/} and {@code host_vars/} next to an inventory source or a playbook (Ansible's
 * {@code host_group_vars} vars plugin and {@code DataLoader.find_vars_files}): for NAME the first of {@code NAME}
 * (a directory: all its files, recursively, sorted, hidden and {@code ~} files skipped, only no-extension,
 * .yml, .yaml and .json), {@code NAME.yml}, {@code NAME.yaml}, {@code NAME.json}. Files are merged in order, top-level
 * keys replaced. Each file is read once per instance (thread-safe cache).
 */
final class VarsFiles {
    private static final List<String> EXTS = List.of("", ".yml", ".yaml", ".json");
    private final Map<Path, Map<String, Object>> cache = new ConcurrentHashMap<>();
    private final dev.rigger.vault.Vault vault;

    VarsFiles(dev.rigger.vault.Vault vault) {
        this.vault = vault;
    }

    /** Merged variables of {@code dir/kind/name}, or an empty map. {@code kind} is group_vars or host_vars. */
    Map<String, Object> load(Path dir, String kind, String name) {
        Path base = dir.resolve(kind);
        if (!Files.isDirectory(base) || name.contains("/") || name.contains("\\") || name.equals("..")) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Path f : find(base, name)) {
            out.putAll(cache.computeIfAbsent(f.toAbsolutePath().normalize(), this::read));
        }
        return out;
    }

    private static List<Path> find(Path base, String name) {
        List<Path> found = new ArrayList<>();
        for (String ext : EXTS) {
            Path p = base.resolve(name + ext);
            if (Files.isDirectory(p)) {
                collect(p, found);
                break;
            }
            if (Files.isRegularFile(p)) {
                found.add(p);
                break;
            }
        }
        return found;
    }

    private static void collect(Path dir, List<Path> found) {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            throw new RiggerException("cannot list vars directory: " + e.getMessage(), new Pos(dir.toString(), 0, 0));
        }
        for (Path p : entries) {
            String n = p.getFileName().toString();
            if (n.startsWith(".") || n.endsWith("~")) {
                continue;
            }
            int dot = n.lastIndexOf('.');
            String ext = dot > 0 ? n.substring(dot) : "";
            if (Files.isDirectory(p) && ext.isEmpty()) {
                collect(p, found);
            } else if (Files.isRegularFile(p) && EXTS.contains(ext)) {
                found.add(p);
            }
        }
    }

    private Map<String, Object> read(Path file) {
        Object data = YamlLoader.load(file, vault);
        if (data == null) {
            return Map.of();
        }
        if (!(data instanceof Map<?, ?> m)) {
            throw new RiggerException("variables file must hold a mapping of variable names to values, found "
                    + (data instanceof List ? "a list" : Vault.isEncrypted(readQuietly(file)) ? "a vaulted " + typeName(data)
                    : "'" + data + "'"), pos(data, file));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) m;
        return Values.freezeMap(map);
    }

    private static String readQuietly(Path file) {
        try (var in = Files.newInputStream(file)) {
            return new String(in.readNBytes(dev.rigger.vault.VaultFormat.HEADER.length()),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private static String typeName(Object data) {
        return data instanceof String ? "string" : data == null ? "null" : data.getClass().getSimpleName().toLowerCase(
                java.util.Locale.ROOT);
    }

    private static Pos pos(Object data, Path file) {
        return data instanceof dev.rigger.yaml.Located l ? l.pos() : new Pos(file.toString(), 1, 1);
    }
}
