package dev.claudebottle.routes.diff;

import dev.claudebottle.routes.PathPattern;
import dev.claudebottle.routes.Route;
import dev.claudebottle.routes.RoutesWriter;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Phrases shared by the sentences of the semantic diff. */
final class Wording {
    private Wording() {}

    /** "every path, every method" or "paths /a, /b; methods GET, POST". */
    static String scope(Route route) {
        return route.pathAllowlist().map(p -> "paths " + patterns(p)).orElse("every path")
                + (route.pathAllowlist().isPresent() || route.methods().isPresent() ? "; " : ", ")
                + route.methods().map(m -> "methods " + methods(m)).orElse("every method")
                + route.expires().map(until -> "; until " + RoutesWriter.expiry(until)).orElse("");
    }

    static String patterns(Collection<PathPattern> patterns) {
        return String.join(", ", patterns.stream().map(PathPattern::pattern).toList());
    }

    static String methods(Collection<String> methods) {
        return String.join(", ", new TreeSet<>(methods));
    }

    /** "(+ /a, - /b)", leaving out an empty side. */
    static String plusMinus(List<String> added, List<String> removed) {
        StringBuilder text = new StringBuilder("(");
        if (!added.isEmpty()) {
            text.append("+ ").append(String.join(", ", added));
        }
        if (!removed.isEmpty()) {
            text.append(added.isEmpty() ? "" : "; ").append("- ").append(String.join(", ", removed));
        }
        return text.append(')').toString();
    }

    static String keys(Set<String> keys) {
        return String.join(", ", new TreeSet<>(keys));
    }

    /** A prefix is shown quoted, so its spaces are visible; prefixes are file content, not secrets. */
    static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
