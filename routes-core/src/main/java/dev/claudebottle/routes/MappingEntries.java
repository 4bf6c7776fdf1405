package dev.claudebottle.routes;

import dev.claudebottle.routes.YamlNode.Entry;
import dev.claudebottle.routes.YamlNode.Location;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries of one mapping as a reader collects them, in file order, with the first occurrence of a
 * key kept and later ones refused. A route has a handful of keys: the first two are held in fields
 * (no list until a third), and a duplicate is looked for by a scan; only a mapping past
 * {@value #SCAN_LIMIT} keys gets a hash index, so a hostile mapping with many keys stays linear.
 * One instance per mapping; not thread-safe.
 */
final class MappingEntries {
    static final int SCAN_LIMIT = 8;

    private Entry first;
    private Entry second;
    private List<Entry> all; // every entry once there are more than two
    private Map<String, Location> index;

    /**
     * Adds the entry and gives {@code null}, or gives where {@code key} was first set and adds nothing.
     */
    Location addUnlessDuplicate(String key, Location keyLocation, YamlNode value) {
        Location earlier = firstLocation(key);
        if (earlier != null) {
            return earlier;
        }
        Entry entry = new Entry(key, keyLocation, value);
        if (first == null) {
            first = entry;
        } else if (second == null) {
            second = entry;
        } else {
            if (all == null) {
                all = new ArrayList<>(8);
                all.add(first);
                all.add(second);
            }
            all.add(entry);
            if (index != null) {
                index.put(key, keyLocation);
            } else if (all.size() > SCAN_LIMIT) {
                index = new HashMap<>();
                for (Entry e : all) {
                    index.put(e.key(), e.keyLocation());
                }
            }
        }
        return null;
    }

    private Location firstLocation(String key) {
        if (index != null) {
            return index.get(key);
        }
        if (all != null) {
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).key().equals(key)) {
                    return all.get(i).keyLocation();
                }
            }
            return null;
        }
        if (first != null && first.key().equals(key)) {
            return first.keyLocation();
        }
        if (second != null && second.key().equals(key)) {
            return second.keyLocation();
        }
        return null;
    }

    /** The entries as an unmodifiable list, in file order. */
    List<Entry> toList() {
        if (all != null) {
            return List.copyOf(all);
        }
        if (second != null) {
            return List.of(first, second);
        }
        return first != null ? List.of(first) : List.of();
    }
}
