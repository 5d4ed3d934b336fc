package dev.rigger.plan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TagsTest {
    @Test
    void all_runsEverythingButNever() {
        assertTrue(Tags.shouldRun(List.of(), Set.of("all"), Set.of()));
        assertTrue(Tags.shouldRun(List.of("a"), Set.of("all"), Set.of()));
        assertFalse(Tags.shouldRun(List.of("never", "a"), Set.of("all"), Set.of()));
        assertTrue(Tags.shouldRun(List.of("never", "a"), Set.of("a"), Set.of()));
    }

    @Test
    void always_runsUnlessSkipped() {
        assertTrue(Tags.shouldRun(List.of("always"), Set.of("x"), Set.of()));
        assertFalse(Tags.shouldRun(List.of("always"), Set.of("x"), Set.of("always")));
    }

    @Test
    void taggedUntaggedAndSkip() {
        assertTrue(Tags.shouldRun(List.of("a"), Set.of("tagged"), Set.of()));
        assertFalse(Tags.shouldRun(List.of(), Set.of("tagged"), Set.of()));
        assertTrue(Tags.shouldRun(List.of(), Set.of("untagged"), Set.of()));
        assertFalse(Tags.shouldRun(List.of("a", "b"), Set.of("all"), Set.of("b")));
    }
}
