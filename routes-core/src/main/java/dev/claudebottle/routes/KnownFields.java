package dev.claudebottle.routes;

import dev.claudebottle.routes.YamlNode.Entry;
import java.util.List;

/**
 * The entries of one mapping whose keys are among a fixed list of known keys, looked up by key. It is a
 * view of the mapping's own entries (a handful per route, scanned), not a copy into a hash map: every
 * route of a large file has one of these. Unknown keys are reported by {@link TypedValues#fields}; the
 * readers have already dropped duplicate keys.
 */
final class KnownFields {
    private final List<Entry> entries;
    private final List<String> known;

    KnownFields(List<Entry> entries, List<String> known) {
        this.entries = entries;
        this.known = known;
    }

    /** The entry of {@code key}, or {@code null} when the mapping does not set it or {@code key} is not a known key. */
    Entry get(String key) {
        if (!known.contains(key)) {
            return null;
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (entry.key().equals(key)) {
                return entry;
            }
        }
        return null;
    }

    boolean containsKey(String key) {
        return get(key) != null;
    }
}
