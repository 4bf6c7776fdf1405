package dev.claudebottle.routes.diff;

import java.util.List;

/**
 * The one place that says how risky each kind of change is (docs/routes-diff.md tables it). The
 * principle: anything that lets a credential reach a route that did not get it, reaches private
 * addresses, or opens a whole wildcard of hosts is HIGH; other openings are MEDIUM (HIGH on a route
 * that injects a credential, since the agent can then use the credential more widely); anything
 * proven to narrow or to change nothing reachable is LOW. What cannot be proven narrower counts as
 * an opening.
 */
final class RiskPolicy {
    private RiskPolicy() {}

    /**
     * @param routeInjectsCredential whether the route, after the change, injects a credential
     */
    static Risk of(ChangeKind kind, boolean routeInjectsCredential) {
        return switch (kind) {
            case FIRST_ROUTES, ROUTE_ADDED, CREDENTIAL_HEADER_CHANGED -> Risk.MEDIUM;
            case WILDCARD_ROUTE_ADDED, PRIVATE_ADDRESSES_ALLOWED,
                    CREDENTIAL_ADDED, CREDENTIAL_MOVED, CREDENTIAL_SHARED, CREDENTIAL_SECRET_CHANGED -> Risk.HIGH;
            case PATHS_WIDENED, PATHS_CHANGED, METHODS_WIDENED, EXPIRY_REMOVED, EXPIRY_EXTENDED ->
                    routeInjectsCredential ? Risk.HIGH : Risk.MEDIUM;
            case ALL_ROUTES_REMOVED, ROUTE_REMOVED, PATHS_NARROWED, PATHS_REWRITTEN, METHODS_NARROWED,
                    PRIVATE_ADDRESSES_DISALLOWED, CREDENTIAL_PREFIX_CHANGED, CREDENTIAL_REMOVED,
                    EXPIRY_ADDED, EXPIRY_SHORTENED -> Risk.LOW;
        };
    }

    /**
     * A removed route whose hosts now fall under another route is as risky as the most open of the
     * differences between the two (LOW when the other route provably allows no more).
     */
    static Risk ofFallback(List<Aspect> differences, boolean fallbackInjectsCredential) {
        Risk risk = Risk.LOW;
        for (Aspect aspect : differences) {
            risk = Risk.max(risk, of(aspect.kind(), fallbackInjectsCredential));
        }
        return risk;
    }
}
