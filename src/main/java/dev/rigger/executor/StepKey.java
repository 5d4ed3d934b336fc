package dev.rigger.executor;

import java.util.Arrays;

/** Where a step sits in a play, as a path of indexes: the linear strategy runs the smallest key first. */
record StepKey(int[] path) implements Comparable<StepKey> {

    static StepKey of(int... p) {
        return new StepKey(p);
    }

    StepKey child(int... more) {
        int[] n = Arrays.copyOf(path, path.length + more.length);
        System.arraycopy(more, 0, n, path.length, more.length);
        return new StepKey(n);
    }

    @Override
    public int compareTo(StepKey o) {
        return Arrays.compare(path, o.path);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepKey k && Arrays.equals(path, k.path);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(path);
    }

    @Override
    public String toString() {
        return Arrays.toString(path);
    }
}
