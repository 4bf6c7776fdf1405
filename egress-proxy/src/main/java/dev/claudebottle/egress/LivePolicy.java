package dev.claudebottle.egress;

import dev.claudebottle.routes.AuthInjection;
import dev.claudebottle.routes.ParseResult;
import dev.claudebottle.routes.Problem;
import dev.claudebottle.routes.Route;
import dev.claudebottle.routes.RouteMatcher;
import dev.claudebottle.routes.RoutesFile;
import dev.claudebottle.routes.RoutesParser;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The routes policy in force, swapped atomically on reload. Readers call {@link #current()} once
 * per request; {@link #reload()} reads its {@link RoutesSource} (a file, or a ConfigMap in Kubernetes mode), parses and
 * validates the bytes and only then swaps, so an invalid file changes nothing. Reloads are serialised; each reads the
 * source as it is at that moment, so the newest file wins. {@link #load} takes bytes that arrived otherwise (a watch
 * event) through the same validation, swap and generation counting. Every attempt is written to the status.
 */
final class LivePolicy {
    private final RoutesSource source;
    private final Optional<Path> secretsDir;
    private final Function<String, String> handedOver;
    private final StatusFile status;
    private final Clock clock;
    private final AtomicReference<PolicySnapshot> current;
    private volatile String lastError;
    private volatile Optional<String> lastErrorSha256 = Optional.empty();
    private volatile Optional<java.time.Instant> lastAttemptAt = Optional.empty();

    LivePolicy(Path routesFile, Optional<Path> secretsDir, Function<String, String> handedOver, StatusFile status, Clock clock) {
        this(new RoutesFileSource(routesFile), secretsDir, handedOver, status, clock);
    }

    LivePolicy(RoutesSource source, Optional<Path> secretsDir, Function<String, String> handedOver, StatusFile status, Clock clock) {
        this.source = source;
        this.secretsDir = secretsDir;
        this.handedOver = handedOver;
        this.status = status;
        this.clock = clock;
        this.current = new AtomicReference<>(PolicySnapshot.denyAll(clock.instant()));
    }

    PolicySnapshot current() {
        return current.get();
    }

    /** The instant requests are decided at: a route's {@code expires} is compared with it, so a grant ends without a reload. */
    java.time.Instant now() {
        return clock.instant();
    }

    /** What one reload attempt did. */
    sealed interface Outcome {
        record Loaded(PolicySnapshot snapshot) implements Outcome {}

        /** Nothing changed; {@code error} says why (it never holds secret values: routes hold only names). */
        record Rejected(String error) implements Outcome {}
    }

    /** Reads the source, validates and (when valid) swaps in the routes; always rewrites the status. */
    synchronized Outcome reload() {
        return load(source.read());
    }

    /** Validates and (when valid) swaps in {@code read}'s bytes, as {@link #reload()} does with the source's; always rewrites the status. */
    synchronized Outcome load(RoutesSource.Read read) {
        lastAttemptAt = Optional.of(clock.instant());
        String routesFile = source.description();
        byte[] bytes;
        switch (read) {
            case RoutesSource.Read.Unavailable unavailable -> {
                return rejected(unavailable.reason(), Optional.empty());
            }
            case RoutesSource.Read.Bytes b -> bytes = b.bytes();
        }
        if (bytes.length > RoutesFile.MAX_BYTES) {
            return rejected("routes " + routesFile + " are larger than " + RoutesFile.MAX_BYTES + " bytes", Optional.empty());
        }
        RoutesFile file = RoutesFile.of(bytes);
        ParseResult result;
        try {
            result = RoutesParser.parse(file);
        } catch (RuntimeException e) {
            return rejected("routes parser failed on " + routesFile + ": " + e, Optional.of(file.sha256().hex()));
        }
        return switch (result) {
            case ParseResult.Invalid invalid -> rejected(invalid.problems().stream()
                    .map((Problem p) -> p.format(routesFile))
                    .collect(Collectors.joining("\n")), Optional.of(file.sha256().hex()));
            case ParseResult.Valid valid -> {
                TreeSet<String> secretNames = valid.routes().routes().stream()
                        .map(Route::auth).flatMap(Optional::stream).map(AuthInjection::secretName)
                        .collect(Collectors.toCollection(TreeSet::new));
                Secrets secrets = Secrets.load(secretNames, secretsDir, handedOver);
                PolicySnapshot next = new PolicySnapshot(current.get().generation() + 1, Optional.of(valid.file()),
                        RouteMatcher.of(valid.routes()), secrets, clock.instant());
                current.set(next);
                lastError = null;
                lastErrorSha256 = Optional.empty();
                writeStatus();
                yield new Outcome.Loaded(next);
            }
        };
    }

    private Outcome rejected(String error, Optional<String> sha256) {
        lastError = error;
        lastErrorSha256 = sha256;
        writeStatus();
        return new Outcome.Rejected(error);
    }

    /** Rewrites the status file from the current state (also used at start-up and while draining). */
    synchronized void writeStatus() {
        status.write(new StatusFile.Status(current.get(), Optional.ofNullable(lastError), lastErrorSha256, lastAttemptAt,
                source.description()));
    }
}
