package dev.rigger.vars;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A read-only view of merged variables in which a value that holds Jinja is rendered when it is read (as Ansible
 * templates variables lazily): {@code b: "{{ a }}/x"} reads as a's value + "/x". Results are cached for the life of
 * the view (one task on one host). A variable that refers to itself is reported, not looped on.
 */
public final class LazyVars extends AbstractMap<String, Object> {
    private final Map<String, Object> raw;
    private final BiFunction<Object, Map<String, Object>, Object> renderer;
    private final Map<String, Object> cache = new HashMap<>();
    private final Set<String> inProgress = new HashSet<>();

    /**
     * @param raw      merged variables, untemplated (not copied: must not change while the view is used)
     * @param renderer renders a value with a variables map (the Templar)
     */
    public LazyVars(Map<String, Object> raw, BiFunction<Object, Map<String, Object>, Object> renderer) {
        this.raw = raw;
        this.renderer = renderer;
    }

    @Override
    public boolean containsKey(Object key) {
        return raw.containsKey(key);
    }

    @Override
    public Object get(Object key) {
        if (!(key instanceof String k)) {
            return null;
        }
        if (cache.containsKey(k)) {
            return cache.get(k);
        }
        Object v = raw.get(k);
        if (!dev.rigger.template.Templar.hasTemplate(v)) {
            return v;
        }
        if (!inProgress.add(k)) {
            throw new dev.rigger.RiggerException("recursive loop detected in template: the variable '" + k
                    + "' refers to itself");
        }
        try {
            Object r = renderer.apply(v, this);
            cache.put(k, r);
            return r;
        } finally {
            inProgress.remove(k);
        }
    }

    /** The value without templating. */
    public Object getRaw(String key) {
        return raw.get(key);
    }

    public Map<String, Object> raw() {
        return raw;
    }

    @Override
    public int size() {
        return raw.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                Iterator<String> keys = raw.keySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return keys.hasNext();
                    }

                    @Override
                    public Entry<String, Object> next() {
                        String k = keys.next();
                        return new LazyEntry(k);
                    }
                };
            }

            @Override
            public int size() {
                return raw.size();
            }
        };
    }

    private final class LazyEntry implements Entry<String, Object> {
        private final String key;

        LazyEntry(String key) {
            this.key = key;
        }

        @Override
        public String getKey() {
            return key;
        }

        @Override
        public Object getValue() {
            try {
                return get(key);
            } catch (RuntimeException e) {
                return raw.get(key);
            }
        }

        @Override
        public Object setValue(Object value) {
            throw new UnsupportedOperationException("variables are read-only here");
        }
    }

}
