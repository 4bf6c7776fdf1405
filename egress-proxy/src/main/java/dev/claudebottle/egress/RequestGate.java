package dev.claudebottle.egress;

import dev.claudebottle.routes.AuthInjection;
import dev.claudebottle.routes.Decision;
import dev.claudebottle.routes.RequestTarget;
import dev.claudebottle.routes.Route;
import io.netty.handler.codec.http.HttpRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * The policy step for one request: decide it with the snapshot's matcher (and any method-override
 * header with {@link MethodOverride}, any path-override header with {@link PathOverride}) and, when allowed,
 * prepare its head for the upstream — strip hop-by-hop headers and set the route's credential
 * header, which happens only inside an intercepted TLS tunnel and only after the allow.
 */
final class RequestGate {
    private RequestGate() {}

    /** What the gate says about one request. */
    sealed interface Verdict {
        /** Forward it; its head is ready (credential set when the route has one and the request is TLS). */
        record Pass(Route route) implements Verdict {}

        /** Refuse with a 403: routes-core's reason code, or {@code matcher-error} when the matcher failed (fail closed). */
        record Block(String reason, String explanation, Optional<String> routeKey) implements Verdict {}

        /** Allowed, but the credential it must carry is not configured: never forward it without. */
        record SecretMissing(Route route, String secretName) implements Verdict {}
    }

    /** Decides as of the system clock's current instant. */
    static Verdict decide(HttpRequest request, Authority target, String originForm, boolean tls, PolicySnapshot policy) {
        return decide(request, target, originForm, tls, policy, Instant.now());
    }

    /** @param now the instant of the decision: a route whose {@code expires} has passed denies with {@code grant-expired} */
    static Verdict decide(HttpRequest request, Authority target, String originForm, boolean tls, PolicySnapshot policy,
            Instant now) {
        Decision decision;
        try {
            decision = policy.matcher().decide(new RequestTarget(target.host(), target.port(), request.method().name(), originForm),
                    now);
        } catch (RuntimeException e) {
            return new Verdict.Block("matcher-error", "the routes matcher failed; denied (fail closed)", Optional.empty());
        }
        if (!decision.allowed()) {
            return new Verdict.Block(decision.reason().code(), decision.explanation(), decision.route().map(Route::key));
        }
        Route route = decision.route().orElseThrow();
        Optional<String> override = MethodOverride.refusal(request.headers(), policy.matcher(), target, originForm);
        if (override.isPresent()) {
            return new Verdict.Block("method-override-not-allowed", override.get(), Optional.of(route.key()));
        }
        Optional<String> pathOverride = PathOverride.refusal(request.headers(), policy.matcher(), target,
                request.method().name());
        if (pathOverride.isPresent()) {
            return new Verdict.Block("path-override-not-allowed", pathOverride.get(), Optional.of(route.key()));
        }
        HopByHop.strip(request.headers());
        if (tls && route.auth().isPresent()) {
            AuthInjection auth = route.auth().get();
            Optional<String> secret = policy.secrets().value(auth.secretName());
            if (secret.isEmpty()) {
                return new Verdict.SecretMissing(route, auth.secretName());
            }
            request.headers().set(auth.header(), auth.prefix() + secret.get());
        }
        return new Verdict.Pass(route);
    }
}
