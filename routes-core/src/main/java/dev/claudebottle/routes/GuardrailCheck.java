package dev.claudebottle.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which guardrails a routes change breaks. Only routes the change adds or alters are judged (a
 * route the live file already has, unchanged, was the operator's own choice); a policy cannot be
 * argued with, so nothing here depends on the justification.
 */
public final class GuardrailCheck {
    private GuardrailCheck() {}

    /** One broken rule: which ({@code deny_hosts[0]}, {@code allow_private}, {@code secrets.GITHUB_TOKEN}), where, and why. */
    public record Violation(String rule, String routeKey, String message) {
        /** {@code deny_hosts[0] (*.internal): routes key metadata.internal:443 ...}: the line shown to agents and operators. */
        public String describe() {
            return "guardrail " + rule + ": " + message;
        }
    }

    /** The violations of {@code guardrails} by the routes {@code after} adds or changes relative to {@code before}. */
    public static List<Violation> check(Guardrails guardrails, Routes before, Routes after) {
        Map<String, Route> old = before.routes().stream().collect(Collectors.toMap(Route::key, r -> r));
        List<Violation> violations = new ArrayList<>();
        for (Route route : after.routes()) {
            Route was = old.get(route.key());
            if (was != null && sameRule(was, route)) {
                continue;
            }
            check(guardrails, route, violations);
        }
        return violations;
    }

    private static boolean sameRule(Route a, Route b) {
        return a.host().equals(b.host()) && a.port() == b.port() && a.pathAllowlist().equals(b.pathAllowlist())
                && a.methods().equals(b.methods()) && a.allowPrivate() == b.allowPrivate() && a.auth().equals(b.auth())
                && a.expires().equals(b.expires());
    }

    private static void check(Guardrails guardrails, Route route, List<Violation> out) {
        String key = route.key();
        for (int i = 0; i < guardrails.denyHosts().size(); i++) {
            HostPattern denied = guardrails.denyHosts().get(i);
            if (overlaps(denied, route.host())) {
                out.add(new Violation("deny_hosts[" + i + "]", key, "route " + key + " would reach " + denied
                        + ", which the operator's policy never allows"));
            }
        }
        long address = Guardrails.Ipv4Range.parseAddress(route.host().pattern());
        if (address >= 0) {
            for (int i = 0; i < guardrails.denyAddresses().size(); i++) {
                Guardrails.Ipv4Range range = guardrails.denyAddresses().get(i);
                if (range.contains(address)) {
                    out.add(new Violation("deny_addresses[" + i + "]", key, "route " + key + " names an address in "
                            + range.text() + ", which the operator's policy never allows"));
                }
            }
        }
        if (route.allowPrivate() && !guardrails.allowPrivate()) {
            out.add(new Violation("allow_private", key, "route " + key + " sets allow_private: true; the operator's policy"
                    + " never allows private, loopback or link-local addresses"));
        }
        route.auth().ifPresent(auth -> {
            List<HostPattern> allowed = guardrails.secretHosts().get(auth.secretName());
            if (allowed != null && allowed.stream().noneMatch(a -> covers(a, route.host()))) {
                out.add(new Violation("secrets." + auth.secretName(), key, "route " + key + " would send secret "
                        + auth.secretName() + " to a host the operator's policy does not allow it for (only: "
                        + allowed.stream().map(HostPattern::pattern).collect(Collectors.joining(", ")) + ")"));
            }
        });
    }

    /** Whether some host matches both patterns. */
    static boolean overlaps(HostPattern a, HostPattern b) {
        return covers(a, b) || covers(b, a);
    }

    /** Whether every host {@code inner} matches is matched by {@code outer}. */
    static boolean covers(HostPattern outer, HostPattern inner) {
        if (!outer.isWildcard()) {
            return !inner.isWildcard() && outer.pattern().equals(inner.pattern());
        }
        if (!inner.isWildcard()) {
            return outer.matches(inner.pattern());
        }
        return inner.suffix().equals(outer.suffix()) || outer.matches(inner.suffix());
    }
}
