package dev.claudebottle.routes;

import dev.claudebottle.routes.diff.ChangeKind;
import dev.claudebottle.routes.diff.RouteChange;
import dev.claudebottle.routes.diff.SemanticDiff;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Changes an operator has declared harmless, approved without asking when the policy names the rule
 * ({@code auto_approve} in policy.yaml; none by default). A rule judges the semantic diff, never the
 * justification.
 */
public final class AutoApproval {
    private static final Set<ChangeKind> PATH_CHANGES = EnumSet.of(ChangeKind.PATHS_WIDENED, ChangeKind.PATHS_CHANGED,
            ChangeKind.PATHS_REWRITTEN, ChangeKind.PATHS_NARROWED);
    private static final Set<String> READ_ONLY = Set.of("GET", "HEAD", "OPTIONS");

    private AutoApproval() {}

    /** The rules there are. */
    public enum Rule {
        /**
         * Only paths change, on routes the live file already has, and each such route injects no credential,
         * does not allow private addresses and allows only read-only methods (GET, HEAD, OPTIONS).
         */
        READ_ONLY_PATHS_ON_ALLOWED_HOST("read_only_paths_on_allowed_host");

        private final String word;

        Rule(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        static Checked<Rule> named(String raw) {
            return Arrays.stream(values()).filter(r -> r.word.equals(raw)).findFirst().map(Checked::ok)
                    .orElseGet(() -> Checked.bad("unknown auto-approval rule `" + Excerpt.of(raw) + "`; the rules are: "
                            + Arrays.stream(values()).map(Rule::word).collect(Collectors.joining(", "))));
        }
    }

    /** The first of {@code rules} that approves the change from {@code before} to {@code after}, if any. */
    public static Optional<Rule> approving(List<Rule> rules, Routes before, Routes after) {
        return rules.stream().filter(rule -> approves(rule, before, after)).findFirst();
    }

    static boolean approves(Rule rule, Routes before, Routes after) {
        return switch (rule) {
            case READ_ONLY_PATHS_ON_ALLOWED_HOST -> readOnlyPathsOnAllowedHost(before, after);
        };
    }

    private static boolean readOnlyPathsOnAllowedHost(Routes before, Routes after) {
        List<RouteChange> changes = SemanticDiff.between(before, after).changes();
        if (changes.isEmpty()) {
            return false;
        }
        Map<String, Route> old = before.routes().stream().collect(Collectors.toMap(Route::key, r -> r));
        Map<String, Route> neu = after.routes().stream().collect(Collectors.toMap(Route::key, r -> r));
        for (RouteChange change : changes) {
            if (!PATH_CHANGES.contains(change.kind()) || change.routeKey().isEmpty()) {
                return false;
            }
            Route was = old.get(change.routeKey().get());
            Route now = neu.get(change.routeKey().get());
            if (was == null || now == null || now.auth().isPresent() || was.auth().isPresent() || now.allowPrivate()
                    || now.methods().isEmpty() || !READ_ONLY.containsAll(now.methods().get())
                    || !now.methods().equals(was.methods()) || !now.expires().equals(was.expires())) {
                return false;
            }
        }
        return true;
    }
}
