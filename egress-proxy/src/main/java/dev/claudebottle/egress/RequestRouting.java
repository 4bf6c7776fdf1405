package dev.claudebottle.egress;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Works out where one client request goes before any policy is consulted: the CONNECT target, or
 * the host, port and origin-form path of a request (absolute-form outside a tunnel; inside a
 * tunnel the CONNECT host, which the Host header and any absolute target must agree with).
 * Hosts are canonical (lower case, no trailing dot) from here on. Rewrites the request for the
 * upstream (origin-form URI, Host header naming the canonical host).
 */
final class RequestRouting {
    private RequestRouting() {}

    /** Where a request goes, or why it cannot go anywhere. */
    sealed interface Route {
        /** Decide and (maybe) forward to {@code target} with this origin-form path. */
        record Forward(Authority target, String originForm) implements Route {}

        /** A CONNECT: intercept a tunnel to {@code target} (host canonical). */
        record Tunnel(Authority target) implements Route {}

        /** Malformed for a proxy: answer 400 with this code and message. */
        record BadRequest(String code, String message) implements Route {}

        /** Names its host ambiguously (two Host headers, a Host that disagrees with the target or the CONNECT host): refuse. */
        record Refused(Authority target, String originForm, Refusal refusal) implements Route {}
    }

    /** @param tunnel the CONNECT target when the connection is intercepted, else null */
    static Route resolve(HttpRequest request, Authority tunnel) {
        boolean connect = HttpMethod.CONNECT.equals(request.method());
        if (tunnel == null) {
            if (connect) {
                return Authority.parse(request.uri()).flatMap(Authority::canonical).<Route>map(Route.Tunnel::new).orElseGet(() ->
                        new Route.BadRequest("bad-connect-target", "CONNECT needs host:port, got '" + abbreviate(request.uri()) + "'"));
            }
            Optional<AbsoluteUri> uri = AbsoluteUri.parse(request.uri());
            if (uri.isEmpty() || !uri.get().scheme().equals("http")) {
                return new Route.BadRequest("bad-request-target", uri.isPresent()
                        ? "send https requests through CONNECT (use this proxy as HTTPS_PROXY)"
                        : "a proxy request needs an absolute http:// URI or CONNECT host:port, got '" + abbreviate(request.uri()) + "'");
            }
            Optional<Authority> canonical = uri.get().authority().canonical();
            if (canonical.isEmpty()) {
                return new Route.BadRequest("bad-request-target", "no host in '" + abbreviate(request.uri()) + "'");
            }
            Authority target = canonical.get();
            String originForm = uri.get().originForm();
            Optional<Refusal> host = hostHeaderDisagrees(request, target, 80, "the absolute-form target");
            if (host.isPresent()) {
                return new Route.Refused(target, originForm, host.get());
            }
            request.setUri(originForm);
            request.headers().set(HttpHeaderNames.HOST, hostHeader(target, 80));
            return new Route.Forward(target, originForm);
        }
        String originForm = request.uri();
        if (RequestHeadCheck.REFUSED_METHODS.contains(request.method().name().toUpperCase(Locale.ROOT))) {
            return new Route.Forward(tunnel, originForm); // CONNECT, TRACE, TRACK: refused by RequestHeadCheck (405), never forwarded
        }
        if (!originForm.startsWith("/")) {
            Optional<AbsoluteUri> uri = AbsoluteUri.parse(originForm);
            if (uri.isEmpty() || !uri.get().authority().sameHostAs(tunnel.host()) || uri.get().authority().port() != tunnel.port()) {
                return new Route.Refused(tunnel, originForm, Refusal.badRequest("host-mismatch",
                        "the request target '" + abbreviate(originForm) + "' does not name the CONNECT host " + tunnel, true));
            }
            originForm = uri.get().originForm();
            request.setUri(originForm);
        }
        Optional<Refusal> host = hostHeaderDisagrees(request, tunnel, tunnel.port(), "the CONNECT host");
        if (host.isPresent()) {
            return new Route.Refused(tunnel, originForm, host.get());
        }
        request.headers().set(HttpHeaderNames.HOST, hostHeader(tunnel, 443));
        return new Route.Forward(tunnel, originForm);
    }

    /**
     * Refuses (400, connection closed) several Host headers, or one that names another host or port
     * than {@code target} (RFC 9112 section 3.2); no Host header is fine (the proxy sets it).
     */
    private static Optional<Refusal> hostHeaderDisagrees(HttpRequest request, Authority target, int defaultPort, String what) {
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            return Optional.of(Refusal.badRequest("duplicate-host", "the request has " + hosts.size() + " Host headers", true));
        }
        if (hosts.isEmpty()) {
            return Optional.empty();
        }
        String host = hosts.get(0);
        Optional<Authority> named = Authority.parse(host, defaultPort);
        if (named.isEmpty() || !named.get().sameHostAs(target.host()) || named.get().port() != target.port()) {
            return Optional.of(Refusal.badRequest("host-mismatch",
                    "the Host header '" + abbreviate(host) + "' does not match " + what + " " + target, true));
        }
        return Optional.empty();
    }

    private static String hostHeader(Authority target, int defaultPort) {
        String host = target.host().indexOf(':') >= 0 ? "[" + target.host() + "]" : target.host();
        return target.port() == defaultPort ? host : host + ":" + target.port();
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
