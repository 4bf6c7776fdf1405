package dev.claudebottle.routes;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** One route prepared once per snapshot: compiled path allowlist, method set and display label. */
final class CompiledRoute {
    private final Optional<Route> route;
    private String label; // made on first use: most routes of a large file never explain a decision
    private final PathGlob[] allowlist;
    private final Set<String> methods;
    private final String allowlistText;
    private final String methodsText;

    CompiledRoute(Route route) {
        this.route = Optional.of(route);
        List<PathPattern> patterns = route.pathAllowlist().orElse(null);
        if (patterns == null) {
            this.allowlist = null;
            this.allowlistText = "";
        } else {
            // Loops, not streams: this runs for every route of every snapshot (10,000 per reload of a large file).
            this.allowlist = new PathGlob[patterns.size()];
            for (int i = 0; i < allowlist.length; i++) {
                allowlist[i] = PathGlob.compile(patterns.get(i));
            }
            this.allowlistText = patterns.size() == 1 ? patterns.get(0).pattern() : joined(patterns);
        }
        this.methods = route.methods().orElse(null);
        this.methodsText = methods == null ? "" : methods.stream().sorted().collect(Collectors.joining(", "));
    }

    private static String joined(List<PathPattern> patterns) {
        StringBuilder text = new StringBuilder();
        for (PathPattern pattern : patterns) {
            text.append(text.isEmpty() ? "" : ", ").append(pattern.pattern());
        }
        return text.toString();
    }

    Optional<Route> route() {
        return route;
    }

    /** {@code routes[3] (api.github.com:443)}: the index in the file and the route's key. */
    String label() {
        String text = label;
        if (text == null) {
            // A race between two first uses only makes the same text twice; a String is safe to publish this way.
            Route r = route.orElseThrow();
            text = "routes[" + r.index() + "] (" + r.host().pattern() + ":" + r.port() + ")";
            label = text;
        }
        return text;
    }

    boolean restrictsPaths() {
        return allowlist != null;
    }

    /** The first allowlist entry that matches, or {@code null}; only call when {@link #restrictsPaths()}. */
    PathGlob firstMatch(String[] segments) {
        for (PathGlob glob : allowlist) {
            if (glob.matches(segments)) {
                return glob;
            }
        }
        return null;
    }

    boolean allowsMethod(String method) {
        return methods == null || methods.contains(method);
    }

    String allowlistText() {
        return allowlistText;
    }

    String methodsText() {
        return methodsText;
    }
}
