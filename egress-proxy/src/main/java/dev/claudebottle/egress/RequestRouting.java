package dev.claudebottle.egress;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Optional;

/**
 * Works out where one client request goes before any policy is consulted: the CONNECT target, or
 * the host, port and origin-form path of a request (absolute-form outside a tunnel; inside a
 * tunnel the CONNECT host, which the Host header and any absolute target must agree with).
 * Rewrites the request for the upstream (origin-form URI, Host header).
 */
final class RequestRouting {
    private RequestRouting() {}

    /** Where a request goes, or why it cannot go anywhere. */
    sealed interface Route {
        /** Decide and (maybe) forward to {@code target} with this origin-form path. */
        record Forward(Authority target, String originForm) implements Route {}

        /** A CONNECT: intercept a tunnel to {@code target}. */
        record Tunnel(Authority target) implements Route {}

        /** Malformed for a proxy: answer 400 with this code and message. */
        record BadRequest(String code, String message) implements Route {}

        /** Inside a tunnel, the request names another host than CONNECT did: deny as {@code host-mismatch}. */
        record HostMismatch(Authority target, String originForm, String explanation) implements Route {}
    }

    /** @param tunnel the CONNECT target when the connection is intercepted, else null */
    static Route resolve(HttpRequest request, Authority tunnel) {
        boolean connect = HttpMethod.CONNECT.equals(request.method());
        if (tunnel == null) {
            if (connect) {
                return Authority.parse(request.uri()).<Route>map(Route.Tunnel::new).orElseGet(() ->
                        new Route.BadRequest("bad-connect-target", "CONNECT needs host:port, got '" + abbreviate(request.uri()) + "'"));
            }
            Optional<AbsoluteUri> uri = AbsoluteUri.parse(request.uri());
            if (uri.isEmpty() || !uri.get().scheme().equals("http")) {
                return new Route.BadRequest("bad-request-target", uri.isPresent()
                        ? "send https requests through CONNECT (use this proxy as HTTPS_PROXY)"
                        : "a proxy request needs an absolute http:// URI or CONNECT host:port, got '" + abbreviate(request.uri()) + "'");
            }
            Authority target = uri.get().authority();
            request.setUri(uri.get().originForm());
            request.headers().set(HttpHeaderNames.HOST, hostHeader(target, 80));
            return new Route.Forward(target, uri.get().originForm());
        }
        if (connect) {
            return new Route.BadRequest("nested-connect", "CONNECT inside an intercepted tunnel is not supported");
        }
        String originForm = request.uri();
        if (!originForm.startsWith("/")) {
            Optional<AbsoluteUri> uri = AbsoluteUri.parse(originForm);
            if (uri.isEmpty() || !uri.get().authority().sameHostAs(tunnel.host()) || uri.get().authority().port() != tunnel.port()) {
                return new Route.HostMismatch(tunnel, originForm,
                        "the request target '" + abbreviate(originForm) + "' does not name the CONNECT host " + tunnel);
            }
            originForm = uri.get().originForm();
            request.setUri(originForm);
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null) {
            request.headers().set(HttpHeaderNames.HOST, hostHeader(tunnel, 443));
        } else {
            Optional<Authority> named = Authority.parse(host, tunnel.port());
            if (named.isEmpty() || !named.get().sameHostAs(tunnel.host()) || named.get().port() != tunnel.port()) {
                return new Route.HostMismatch(tunnel, originForm,
                        "the Host header '" + abbreviate(host) + "' does not match the CONNECT host " + tunnel);
            }
        }
        return new Route.Forward(tunnel, originForm);
    }

    private static String hostHeader(Authority target, int defaultPort) {
        String host = target.host().indexOf(':') >= 0 ? "[" + target.host() + "]" : target.host();
        return target.port() == defaultPort ? host : host + ":" + target.port();
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
