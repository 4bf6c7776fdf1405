package dev.claudebottle.egress;

import dev.claudebottle.routes.RequestPath;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The checks on a routed request's head that no route can waive, run before the policy decides:
 * methods that are never forwarded (TRACE and TRACK would echo the injected credential back to
 * the agent), ambiguous body framing ({@link FramingCheck}), and the request target, which is
 * normalised by routes-core's {@link RequestPath} — the one normaliser the matcher also uses — and
 * rewritten in the request to that normalised origin-form, so the upstream receives exactly the
 * target that was decided. A target that cannot be normalised unambiguously is refused.
 */
final class RequestHeadCheck {
    /** Never forwarded, on any route; compared case-insensitively. */
    static final Set<String> REFUSED_METHODS = Set.of("TRACE", "TRACK", "CONNECT");

    private RequestHeadCheck() {}

    /** What the check says: forward with this normalised origin-form, or refuse. */
    sealed interface Result {
        /** Passed; the request's URI is now {@code originForm}. */
        record Passed(String originForm) implements Result {}

        record Refused(Refusal refusal) implements Result {}
    }

    static Result check(HttpRequest request, String originForm) {
        HttpVersion version = request.protocolVersion();
        if (!HttpVersion.HTTP_1_1.equals(version) && !HttpVersion.HTTP_1_0.equals(version)) {
            return new Result.Refused(new Refusal(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "http-version-not-supported",
                    "the request line says " + RequestRouting.abbreviate(version.text()) + "; this proxy forwards HTTP/1.1 and"
                            + " HTTP/1.0 only (it would otherwise send the upstream a version it never spoke)", true));
        }
        String method = request.method().name();
        if (REFUSED_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            return new Result.Refused(new Refusal(HttpResponseStatus.METHOD_NOT_ALLOWED, "method-refused",
                    method + " is refused on every route (TRACE/TRACK echo the request, injected credential included;"
                            + " CONNECT is not nested)", false));
        }
        Optional<String> framing = FramingCheck.problem(request);
        if (framing.isPresent()) {
            return new Result.Refused(Refusal.badRequest("ambiguous-framing",
                    "the request body's length is ambiguous: " + framing.get(), true));
        }
        return switch (RequestPath.of(originForm)) {
            case RequestPath.Unsafe unsafe -> new Result.Refused(Refusal.badRequest("unsafe-path",
                    "the request target '" + RequestRouting.abbreviate(originForm) + "' cannot be normalised unambiguously: "
                            + unsafe.problem(), false));
            case RequestPath.Normalised normalised -> {
                request.setUri(normalised.originForm());
                yield new Result.Passed(normalised.originForm());
            }
        };
    }
}
