package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class RequestRoutingTest {
    static final Authority TUNNEL = new Authority("api.github.com", 443);

    private static HttpRequest request(HttpMethod method, String uri, String host) {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        if (host != null) {
            r.headers().set("Host", host);
        }
        return r;
    }

    @Test
    void absoluteFormOutsideATunnelIsRewrittenToOriginFormWithItsOwnCanonicalHost() {
        HttpRequest r = request(HttpMethod.GET, "http://Example.COM.:8080/a?b=1", "example.com:8080");
        assertThat(RequestRouting.resolve(r, null))
                .isEqualTo(new RequestRouting.Route.Forward(new Authority("example.com", 8080), "/a?b=1"));
        assertThat(r.uri()).isEqualTo("/a?b=1");
        assertThat(r.headers().get("Host")).isEqualTo("example.com:8080");
        HttpRequest noHost = request(HttpMethod.GET, "http://example.com/a", null);
        assertThat(RequestRouting.resolve(noHost, null)).isEqualTo(new RequestRouting.Route.Forward(new Authority("example.com", 80), "/a"));
        assertThat(noHost.headers().get("Host")).isEqualTo("example.com");
    }

    @Test
    void aHostHeaderThatDisagreesWithTheAbsoluteFormTargetIsRefusedAndLeftUnrewritten() {
        for (String host : new String[] {"spoofed.example", "example.com", "example.com:8081", "example.com:8080, evil", ""}) {
            HttpRequest r = request(HttpMethod.GET, "http://example.com:8080/a", host);
            assertThat(RequestRouting.resolve(r, null)).as(host).isInstanceOfSatisfying(RequestRouting.Route.Refused.class, refused -> {
                assertThat(refused.refusal().reason()).isEqualTo("host-mismatch");
                assertThat(refused.refusal().status().code()).isEqualTo(400);
                assertThat(refused.refusal().closeConnection()).isTrue();
            });
        }
    }

    @Test
    void twoHostHeadersAreRefusedInBothModesEvenWhenBothAgree() {
        for (Authority tunnel : new Authority[] {null, TUNNEL}) {
            HttpRequest r = request(HttpMethod.GET, tunnel == null ? "http://api.github.com/user" : "/user", null);
            r.headers().add("Host", "api.github.com").add("Host", "api.github.com");
            assertThat(RequestRouting.resolve(r, tunnel)).isInstanceOfSatisfying(RequestRouting.Route.Refused.class,
                    refused -> assertThat(refused.refusal().reason()).isEqualTo("duplicate-host"));
        }
    }

    @Test
    void theConnectHostIsCanonicalisedBeforeResolutionAndMatching() {
        assertThat(RequestRouting.resolve(request(HttpMethod.CONNECT, "API.GitHub.COM.:443", null), null))
                .isEqualTo(new RequestRouting.Route.Tunnel(TUNNEL));
        assertThat(RequestRouting.resolve(request(HttpMethod.CONNECT, ".:443", null), null))
                .isInstanceOf(RequestRouting.Route.BadRequest.class);
    }

    @Test
    void connectOpensATunnelAndOriginFormWithoutOneIsABadRequest() {
        assertThat(RequestRouting.resolve(request(HttpMethod.CONNECT, "api.github.com:443", null), null))
                .isEqualTo(new RequestRouting.Route.Tunnel(TUNNEL));
        assertThat(RequestRouting.resolve(request(HttpMethod.GET, "/path", "x"), null))
                .isInstanceOf(RequestRouting.Route.BadRequest.class);
        assertThat(RequestRouting.resolve(request(HttpMethod.GET, "https://x/", "x"), null))
                .isEqualTo(new RequestRouting.Route.BadRequest("bad-request-target",
                        "send https requests through CONNECT (use this proxy as HTTPS_PROXY)"));
    }

    @Test
    void insideATunnelTheHostHeaderMustNameTheConnectHost() {
        assertThat(RequestRouting.resolve(request(HttpMethod.GET, "/user", "API.GitHub.com."), TUNNEL))
                .isEqualTo(new RequestRouting.Route.Forward(TUNNEL, "/user"));
        assertThat(RequestRouting.resolve(request(HttpMethod.GET, "/user", "api.github.com:443"), TUNNEL))
                .isEqualTo(new RequestRouting.Route.Forward(TUNNEL, "/user"));
        assertThat(RequestRouting.resolve(request(HttpMethod.GET, "/user", "evil.example"), TUNNEL))
                .isInstanceOf(RequestRouting.Route.Refused.class);
        assertThat(RequestRouting.resolve(request(HttpMethod.GET, "/user", "api.github.com:8443"), TUNNEL))
                .isInstanceOf(RequestRouting.Route.Refused.class);
        assertThat(RequestRouting.resolve(request(HttpMethod.GET, "https://evil.example/user", "api.github.com"), TUNNEL))
                .isInstanceOf(RequestRouting.Route.Refused.class);
        assertThat(RequestRouting.resolve(request(HttpMethod.GET, "https://api.github.com/user", "evil.example"), TUNNEL))
                .isInstanceOf(RequestRouting.Route.Refused.class);
        HttpRequest canonical = request(HttpMethod.GET, "/user", "API.GitHub.com.:443");
        RequestRouting.resolve(canonical, TUNNEL);
        assertThat(canonical.headers().get("Host")).isEqualTo("api.github.com");
    }

    @Test
    void aMissingHostHeaderInsideATunnelIsFilledFromConnect() {
        HttpRequest r = request(HttpMethod.GET, "/user", null);
        assertThat(RequestRouting.resolve(r, TUNNEL)).isEqualTo(new RequestRouting.Route.Forward(TUNNEL, "/user"));
        assertThat(r.headers().get("Host")).isEqualTo("api.github.com");
    }
}
