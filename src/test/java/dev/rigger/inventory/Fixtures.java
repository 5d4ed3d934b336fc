package dev.rigger.inventory;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;

/** Test fixtures live in src/test/resources/inventory/&lt;scenario&gt;/. */
final class Fixtures {
    private Fixtures() {
    }

    static Path path(String relative) {
        URL url = Fixtures.class.getResource("/inventory/" + relative);
        if (url == null) {
            throw new IllegalStateException("missing test fixture inventory/" + relative);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Inventory load(String... relatives) {
        return Inventory.load(java.util.Arrays.stream(relatives).map(r -> path(r).toString()).toList());
    }

    static List<String> hostsOf(Inventory inv, String pattern) {
        return inv.select(pattern).hosts();
    }
}
