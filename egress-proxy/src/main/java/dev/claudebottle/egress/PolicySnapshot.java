package dev.claudebottle.egress;

import dev.claudebottle.routes.RouteMatcher;
import dev.claudebottle.routes.Routes;
import dev.claudebottle.routes.RoutesFile;
import java.time.Instant;
import java.util.Optional;

/**
 * The policy one request is decided by: a routes generation, its matcher and the secrets loaded
 * with it. Immutable; swapped as a whole on reload.
 *
 * @param generation 0 for the deny-all policy at start-up without a valid file; each successful load adds one
 * @param file       the exact bytes loaded (empty for start-up deny-all)
 */
record PolicySnapshot(long generation, Optional<RoutesFile> file, RouteMatcher matcher, Secrets secrets, Instant loadedAt) {
    PolicySnapshot {
        if (generation < 0 || file == null || matcher == null || secrets == null || loadedAt == null) {
            throw new IllegalArgumentException("a snapshot needs generation >= 0, file, matcher, secrets and time");
        }
    }

    static PolicySnapshot denyAll(Instant now) {
        return new PolicySnapshot(0, Optional.empty(), RouteMatcher.of(Routes.denyAll()), Secrets.none(), now);
    }

    Optional<String> sha256() {
        return file.map(f -> f.sha256().hex());
    }
}
