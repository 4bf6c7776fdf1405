package dev.claudebottle.routes.diff;

import dev.claudebottle.routes.Route;
import dev.claudebottle.routes.RoutesWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Compares what two routes allow, aspect by aspect: paths, methods, private addresses, credential. */
final class RouteComparison {
    private final CredentialComparison credentials;
    private final SearchBudget budget;

    RouteComparison(CredentialComparison credentials, SearchBudget budget) {
        this.credentials = credentials;
        this.budget = budget;
    }

    /**
     * The differences for requests that {@code old} used to decide and {@code neu} decides now.
     *
     * @param key the key of the route the requests were sent to (for naming where secrets go)
     */
    List<Aspect> compare(String key, Route old, Route neu) {
        List<Aspect> aspects = new ArrayList<>();
        PathAllowlistComparison.compare(old.pathAllowlist(), neu.pathAllowlist(), budget).ifPresent(aspects::add);
        methods(old.methods(), neu.methods()).ifPresent(aspects::add);
        if (!old.allowPrivate() && neu.allowPrivate()) {
            aspects.add(new Aspect(ChangeKind.PRIVATE_ADDRESSES_ALLOWED,
                    "allow_private turned on: may now reach private, loopback and link-local addresses"));
        } else if (old.allowPrivate() && !neu.allowPrivate()) {
            aspects.add(new Aspect(ChangeKind.PRIVATE_ADDRESSES_DISALLOWED,
                    "allow_private turned off: private, loopback and link-local addresses refused again"));
        }
        aspects.addAll(credentials.compare(key, old.auth(), neu.auth()));
        expiry(old.expires(), neu.expires()).ifPresent(aspects::add);
        return aspects;
    }

    /** How a route's end in time changed: a later or removed {@code expires} lets it allow for longer. */
    static Optional<Aspect> expiry(Optional<Instant> old, Optional<Instant> neu) {
        if (old.equals(neu)) {
            return Optional.empty();
        }
        if (old.isEmpty()) {
            return Optional.of(new Aspect(ChangeKind.EXPIRY_ADDED, "now time-boxed: allows nothing from "
                    + RoutesWriter.expiry(neu.orElseThrow()) + " (was permanent)"));
        }
        if (neu.isEmpty()) {
            return Optional.of(new Aspect(ChangeKind.EXPIRY_REMOVED, "expiry removed: the grant that ended at "
                    + RoutesWriter.expiry(old.get()) + " is now permanent"));
        }
        String change = "expires " + RoutesWriter.expiry(neu.get()) + " (was " + RoutesWriter.expiry(old.get()) + ")";
        return Optional.of(neu.get().isAfter(old.get())
                ? new Aspect(ChangeKind.EXPIRY_EXTENDED, "grant extended: " + change)
                : new Aspect(ChangeKind.EXPIRY_SHORTENED, "grant shortened: " + change));
    }

    static Optional<Aspect> methods(Optional<Set<String>> old, Optional<Set<String>> neu) {
        if (old.equals(neu)) {
            return Optional.empty();
        }
        if (neu.isEmpty()) {
            return Optional.of(new Aspect(ChangeKind.METHODS_WIDENED, "methods restriction removed: every method"
                    + " now allowed (was " + Wording.methods(old.orElseThrow()) + ")"));
        }
        if (old.isEmpty()) {
            return Optional.of(new Aspect(ChangeKind.METHODS_NARROWED, "methods restricted to "
                    + Wording.methods(neu.get()) + " (was every method)"));
        }
        Set<String> added = new TreeSet<>(neu.get());
        added.removeAll(old.get());
        Set<String> removed = new TreeSet<>(old.get());
        removed.removeAll(neu.get());
        String edits = Wording.plusMinus(List.copyOf(added), List.copyOf(removed));
        return Optional.of(added.isEmpty()
                ? new Aspect(ChangeKind.METHODS_NARROWED, "methods narrowed " + edits)
                : new Aspect(ChangeKind.METHODS_WIDENED, "methods widened " + edits));
    }
}
