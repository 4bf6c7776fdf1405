package dev.claudebottle.routes.diff;

import java.util.Optional;

/**
 * One semantic change between two routes policies, with its risk and a sentence an operator can
 * read without the file in front of them (it names secrets, never their values).
 *
 * @param kind     what changed
 * @param risk     how much it can expose
 * @param routeKey the route's {@code host:port}; empty exactly when {@code kind} is policy-wide
 * @param sentence one line, no line breaks, e.g. "wildcard host added (any subdomain of example.com, ...)"
 */
public record RouteChange(ChangeKind kind, Risk risk, Optional<String> routeKey, String sentence) {
    public RouteChange {
        if (kind == null || risk == null || routeKey == null || sentence == null || sentence.isBlank()) {
            throw new IllegalArgumentException("a route change needs a kind, a risk, a route key (or none) and a sentence");
        }
        if (kind.isPolicyWide() != routeKey.isEmpty()) {
            throw new IllegalArgumentException(kind + (kind.isPolicyWide()
                    ? " is policy-wide and has no route key" : " needs a route key"));
        }
        if (routeKey.isPresent() && !routeKey.get().matches(".+:[0-9]{1,5}")) {
            throw new IllegalArgumentException("a route key is host:port, got " + routeKey.get());
        }
        if (sentence.indexOf('\n') >= 0 || sentence.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a change sentence is one line: " + sentence);
        }
    }
}
