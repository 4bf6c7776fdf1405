package dev.claudebottle.routes;

/**
 * The path of a node for problems, such as {@code routes[2].auth.secret}, kept as a parent and one step
 * and turned into text only when a problem is reported (the text is then kept). Validating a large
 * file takes several paths per route and reports a problem for almost none of them, so no path text
 * is built per route. Immutable apart from that cache; the text is the same whichever thread builds it.
 */
final class NodePath {
    private final NodePath parent;
    private final String key;
    private final int index;
    private String text;

    private NodePath(NodePath parent, String key, int index, String text) {
        this.parent = parent;
        this.key = key;
        this.index = index;
        this.text = text;
    }

    /** A path whose text is already known ({@code ""} for the document itself). */
    static NodePath of(String text) {
        return new NodePath(null, null, -1, text);
    }

    /** The path of {@code key} in the mapping at this path. */
    NodePath key(String key) {
        return new NodePath(this, key, -1, null);
    }

    /** The path of item {@code index} of the list at this path. */
    NodePath index(int index) {
        return new NodePath(this, null, index, null);
    }

    /** The text, exactly as {@link ProblemPath} builds it step by step. */
    String text() {
        String known = text;
        if (known == null) {
            known = key != null ? ProblemPath.key(parent.text(), key) : ProblemPath.index(parent.text(), index);
            text = known;
        }
        return known;
    }

    @Override
    public String toString() {
        return text();
    }
}
