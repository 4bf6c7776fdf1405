package dev.claudebottle.routes;

import java.util.ArrayList;
import java.util.List;

/**
 * The items of one list as a reader collects them, in file order. Most lists in a routes file have one
 * item (a path allowlist of one pattern): that one is held in a field, and a growing list is made only
 * for a second. One instance per list; not thread-safe.
 */
final class SequenceItems {
    private YamlNode only;
    private List<YamlNode> all;
    private int size;

    void add(YamlNode item) {
        if (size == 0) {
            only = item;
        } else {
            if (all == null) {
                all = new ArrayList<>();
                all.add(only);
            }
            all.add(item);
        }
        size++;
    }

    int size() {
        return size;
    }

    /** The items as an unmodifiable list. */
    List<YamlNode> toList() {
        return switch (size) {
            case 0 -> List.of();
            case 1 -> List.of(only);
            default -> List.copyOf(all);
        };
    }
}
