package dev.claudebottle.routes;

import java.util.Arrays;

/**
 * Where a reader is in the document (keys and list indexes from the root), kept as a stack and turned
 * into a problem path such as {@code routes[2].auth} only when a problem needs one: a large file has
 * tens of thousands of nodes and almost never a problem, so no path text is built per node.
 * One instance per reader; not thread-safe.
 */
final class PathTrail {
    private String[] keys = new String[8];
    private int[] indexes = new int[8];
    private int depth;

    /** Steps into the value of {@code key}. */
    void pushKey(String key) {
        grow();
        keys[depth] = key;
        depth++;
    }

    /** Steps into a list, at item {@code index}. */
    void pushIndex(int index) {
        grow();
        keys[depth] = null;
        indexes[depth] = index;
        depth++;
    }

    /** Moves to item {@code index} of the list just stepped into with {@link #pushIndex}. */
    void setIndex(int index) {
        indexes[depth - 1] = index;
    }

    void pop() {
        keys[--depth] = null;
    }

    /** The path as problems carry it, built as {@link ProblemPath} would have built it step by step. */
    String text() {
        String path = "";
        for (int i = 0; i < depth; i++) {
            path = keys[i] != null ? ProblemPath.key(path, keys[i]) : ProblemPath.index(path, indexes[i]);
        }
        return path;
    }

    private void grow() {
        if (depth == keys.length) {
            keys = Arrays.copyOf(keys, depth * 2);
            indexes = Arrays.copyOf(indexes, depth * 2);
        }
    }
}
