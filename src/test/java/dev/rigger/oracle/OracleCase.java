package dev.rigger.oracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * One playbook of the corpus and how to run it.
 *
 * @param name       the playbook's file name (ids of differences start with it)
 * @param playbook   the playbook
 * @param extraVars  passed as -e (JSON)
 * @param tags       --tags (empty: all)
 * @param skipTags   --skip-tags
 * @param handChange a shell command run on both rigs between the second run and the check run
 * @param randomContent files whose bytes are random by construction (mkswap writes a random UUID): their type,
 *                   mode and owner are compared, their content is not; each is named in docs/compatibility.md
 */
public record OracleCase(String name, Path playbook, Map<String, Object> extraVars, List<String> tags,
                         List<String> skipTags, String handChange, List<String> randomContent) {
    public OracleCase {
        extraVars = Map.copyOf(extraVars);
        tags = List.copyOf(tags);
        skipTags = List.copyOf(skipTags);
        randomContent = randomContent == null ? List.of() : List.copyOf(randomContent);
    }

    /** True for the content difference of a {@link #randomContent} file. */
    public boolean randomContent(String differenceId) {
        return randomContent.stream().anyMatch(f -> differenceId.endsWith("/file[" + f + "]/content"));
    }

    /** The runs each playbook gets, in order, on the same pair of rigs. */
    public enum Phase {
        FIRST(false, true), SECOND(false, false), CHECK(true, true);

        private final boolean check;
        private final boolean diff;

        Phase(boolean check, boolean diff) {
            this.check = check;
            this.diff = diff;
        }

        public boolean check() {
            return check;
        }

        public boolean diff() {
            return diff;
        }

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Reads {@code corpus.yml} in {@code dir}: a list of {playbook, extra_vars, tags, skip_tags, hand_change, random_content}. */
    @SuppressWarnings("unchecked")
    public static List<OracleCase> load(Path dir) {
        Path index = dir.resolve("corpus.yml");
        try {
            List<Map<String, Object>> raw = new Yaml().load(Files.readString(index));
            List<OracleCase> out = new ArrayList<>();
            for (Map<String, Object> m : raw) {
                String pb = String.valueOf(m.get("playbook"));
                Path path = dir.resolve(pb);
                if (!Files.isRegularFile(path)) {
                    throw new IllegalStateException(index + ": playbook " + pb + " does not exist next to it");
                }
                out.add(new OracleCase(pb, path, (Map<String, Object>) m.getOrDefault("extra_vars", Map.of()),
                        (List<String>) m.getOrDefault("tags", List.of()),
                        (List<String>) m.getOrDefault("skip_tags", List.of()),
                        String.valueOf(m.getOrDefault("hand_change", "true")),
                        (List<String>) m.getOrDefault("random_content", List.of())));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the oracle corpus index " + index, e);
        }
    }
}
