package dev.claudebottle.mcp;

import dev.claudebottle.egress.contract.EgressProxyPaths;
import dev.claudebottle.supervise.model.BottleId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How one bottle's supervise server behaves: whose proposals it handles, how long a tool call waits
 * for the operator before answering {@code pending}, how often it reports progress while waiting,
 * and where the bottle's current routes file is (to take the base SHA-256 from when the agent did
 * not send one).
 */
record ServerSettings(BottleId bottle, Duration waitBound, Duration progressEvery, CurrentRoutes currentRoutes) {
    /** Common MCP clients give up on a call after 60 s; answering within 50 s keeps them listening. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(50);
    static final Duration MAX_WAIT = Duration.ofMinutes(10);
    static final Path AGENT_VIEW_OF_ROUTES = Path.of(EgressProxyPaths.AGENT_CURRENT_ROUTES);

    ServerSettings {
        Objects.requireNonNull(bottle, "bottle");
        Objects.requireNonNull(currentRoutes, "currentRoutes");
        if (waitBound == null || waitBound.isNegative() || waitBound.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException("the wait bound must be between 0 and " + MAX_WAIT + ": " + waitBound);
        }
        if (progressEvery == null || progressEvery.isNegative() || progressEvery.isZero()) {
            throw new IllegalArgumentException("the progress interval must be positive: " + progressEvery);
        }
    }

    /** Progress about ten times per wait, but at least every 5 s and at most every 250 ms. */
    static ServerSettings of(BottleId bottle, Duration waitBound, Path currentRoutes) {
        return of(bottle, waitBound, CurrentRoutes.file(currentRoutes));
    }

    /** The same, with the routes read from {@code currentRoutes}. */
    static ServerSettings of(BottleId bottle, Duration waitBound, CurrentRoutes currentRoutes) {
        Duration tenth = waitBound.dividedBy(10);
        Duration every = tenth.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5)
                : tenth.compareTo(Duration.ofMillis(250)) < 0 ? Duration.ofMillis(250) : tenth;
        return new ServerSettings(bottle, waitBound, every, currentRoutes);
    }
}
