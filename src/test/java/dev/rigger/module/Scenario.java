package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Runs a module the way the contract requires: check mode changes nothing, then CHANGED once, then OK. */
final class Scenario {
    private Scenario() {
    }

    /** Runs {@code m} as ModuleRun does: its spec judges the (rendered) arguments first. */
    static ModuleResult run(Module m, Map<String, Object> args, ModuleContext ctx) {
        List<String> problems = m.spec().problems(m.name(), args);
        if (!problems.isEmpty()) {
            return ModuleResult.failed(String.join("; ", problems));
        }
        try {
            return m.run(args, ctx);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Check mode first (must predict CHANGED and leave {@code dir} untouched), then a real run (CHANGED), then a
     * second real run (OK). Returns the first real result.
     */
    static ModuleResult changesOnceThenOk(Module m, Map<String, Object> args, Path dir, Path controller) {
        Map<String, String> before = snapshot(dir);
        ModuleResult check = run(m, args, TestContext.check(controller));
        assertEquals(ModuleResult.Status.CHANGED, check.status(), () -> "check mode: " + check.data());
        assertEquals(before, snapshot(dir), "check mode must not touch the disk");
        ModuleResult first = run(m, args, TestContext.normal(controller));
        assertEquals(ModuleResult.Status.CHANGED, first.status(), () -> "first run: " + first.data());
        ModuleResult second = run(m, args, TestContext.normal(controller));
        assertEquals(ModuleResult.Status.OK, second.status(), () -> "second run: " + second.data());
        ModuleResult checkAgain = run(m, args, TestContext.check(controller));
        assertEquals(ModuleResult.Status.OK, checkAgain.status(), () -> "check after apply: " + checkAgain.data());
        return first;
    }

    /** path -> type, mode, content hash / link target, for every entry under dir. */
    static Map<String, String> snapshot(Path dir) {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.forEach(p -> {
                try {
                    String key = dir.relativize(p).toString();
                    if (Files.isSymbolicLink(p)) {
                        m.put(key, "link " + Files.readSymbolicLink(p));
                    } else if (Files.isDirectory(p)) {
                        m.put(key, "dir " + PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)));
                    } else {
                        m.put(key, "file " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + " "
                                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                                .digest(Files.readAllBytes(p))) + " " + Files.getLastModifiedTime(p));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}
