package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 12: after a reload, the next request on a kept-alive connection — and a request the
 * proxy sends again because its reused upstream closed under it — is decided against the new routes;
 * a credential the reload removed never reaches the upstream again.
 */
class ReloadRedecisionIT {
    static final String SECRET = "ghp_reload-s3cret-removed";

    @TempDir
    Path dir;
    RecordingUpstream upstream;
    ProxyHarness proxy;

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        upstream.close();
    }

    private String routes(boolean withRoute, boolean withAuth) {
        if (!withRoute) {
            return "routes: []\n";
        }
        return """
                routes:
                  - host: localhost
                    port: %d
                    allow_private: true
                %s""".formatted(upstream.port(), withAuth ? """
                    auth:
                      header: Authorization
                      secret: GITHUB_TOKEN
                      prefix: "Bearer "
                """ : "");
    }

    private void start(RecordingUpstream.Script script) throws Exception {
        upstream = RecordingUpstream.https(script);
        proxy = ProxyHarness.start(dir, routes(true, true), Map.of("GITHUB_TOKEN", SECRET), List.of(upstream.caPem()));
    }

    private void reload(boolean withRoute, boolean withAuth) throws Exception {
        proxy.writeRoutes(routes(withRoute, withAuth));
        assertThat(proxy.proxy.reloadNow()).isTrue();
    }

    private RawTunnel tunnel() throws Exception {
        return RawTunnel.open(proxy.port(), "localhost:" + upstream.port(), "localhost", proxy.trustingProxyCa());
    }

    private String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost:" + upstream.port() + "\r\n\r\n";
    }

    @Test
    void theNextRequestOnAKeptAliveConnectionAfterAReloadThatRemovedTheCredentialCarriesNone() throws Exception {
        start((c, r, h) -> true);
        try (RawTunnel tunnel = tunnel()) {
            assertThat(tunnel.exchange(get("/a"))).startsWith("HTTP/1.1 200");
            reload(true, false);
            assertThat(tunnel.exchange(get("/b"))).startsWith("HTTP/1.1 200");
        }
        assertThat(upstream.heads()).hasSize(2);
        assertThat(upstream.heads().get(0)).contains("Bearer " + SECRET);
        assertThat(upstream.heads().get(1)).doesNotContain(SECRET).doesNotContainIgnoringCase("authorization");
    }

    @Test
    void theNextRequestOnAKeptAliveConnectionAfterAReloadThatRemovedTheRouteIsDenied() throws Exception {
        start((c, r, h) -> true);
        try (RawTunnel tunnel = tunnel()) {
            assertThat(tunnel.exchange(get("/a"))).startsWith("HTTP/1.1 200");
            reload(false, false);
            assertThat(tunnel.exchange(get("/b"))).startsWith("HTTP/1.1 403").contains("X-Egress-Proxy-Block: host-not-allowed");
        }
        assertThat(upstream.heads()).hasSize(1);
    }

    @Test
    void aRequestSentAgainAfterItsUpstreamClosedIsDecidedAgainAndLosesTheRemovedCredential() throws Exception {
        start((connection, request, head) -> {
            if (connection == 1 && request == 2) {
                reload(true, false); // the reload lands while the request is in flight; then the kept-alive upstream drops it
                return false;
            }
            return true;
        });
        try (RawTunnel tunnel = tunnel()) {
            assertThat(tunnel.exchange(get("/a"))).startsWith("HTTP/1.1 200");
            assertThat(tunnel.exchange(get("/b"))).startsWith("HTTP/1.1 200").endsWith("ok");
        }
        assertThat(upstream.connections()).isEqualTo(2);
        assertThat(upstream.heads()).hasSize(3);
        assertThat(upstream.heads().get(2)).startsWith("GET /b ").doesNotContain(SECRET).doesNotContainIgnoringCase("authorization");
    }

    @Test
    void aRequestSentAgainAfterAReloadThatRemovedTheRouteIsDeniedAndNotSent() throws Exception {
        start((connection, request, head) -> {
            if (connection == 1 && request == 2) {
                reload(false, false);
                return false;
            }
            return true;
        });
        try (RawTunnel tunnel = tunnel()) {
            assertThat(tunnel.exchange(get("/a"))).startsWith("HTTP/1.1 200");
            assertThat(tunnel.exchange(get("/b"))).startsWith("HTTP/1.1 403").contains("X-Egress-Proxy-Block: host-not-allowed");
        }
        assertThat(upstream.connections()).isEqualTo(1);
        assertThat(upstream.heads()).hasSize(2);
    }
}
