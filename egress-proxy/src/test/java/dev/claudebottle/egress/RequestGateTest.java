package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.routes.AuthInjection;
import dev.claudebottle.routes.HostPattern;
import dev.claudebottle.routes.Route;
import dev.claudebottle.routes.RouteMatcher;
import dev.claudebottle.routes.Routes;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestGateTest {
    static final Authority GITHUB = new Authority("api.github.com", 443);
    static final Route ROUTE = new Route(0, new HostPattern("api.github.com"), 443, Optional.empty(), Optional.of(Set.of("GET")),
            false, Optional.of(new AuthInjection("Authorization", "GH", "Bearer ")));

    private static PolicySnapshot policy(Map<String, String> secrets) {
        return new PolicySnapshot(1, Optional.empty(), RouteMatcher.of(new Routes(1, List.of(ROUTE))),
                Secrets.load(List.of("GH"), Optional.empty(), secrets::get), Instant.now());
    }

    private static HttpRequest request(HttpMethod method) {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, "/user");
        r.headers().add("Authorization", "Bearer from-the-agent").add("Authorization", "Basic second").add("Proxy-Authorization", "x");
        return r;
    }

    @Test
    void allowedTlsRequestCarriesOnlyTheInjectedCredential() {
        HttpRequest r = request(HttpMethod.GET);
        assertThat(RequestGate.decide(r, GITHUB, "/user", true, policy(Map.of("GH", "s3cret")))).isEqualTo(new RequestGate.Verdict.Pass(ROUTE));
        assertThat(r.headers().getAll("Authorization")).containsExactly("Bearer s3cret");
        assertThat(r.headers().contains("Proxy-Authorization")).isFalse();
    }

    @Test
    void plainHttpNeverGetsTheCredential() {
        HttpRequest r = request(HttpMethod.GET);
        assertThat(RequestGate.decide(r, GITHUB, "/user", false, policy(Map.of("GH", "s3cret")))).isInstanceOf(RequestGate.Verdict.Pass.class);
        assertThat(r.headers().getAll("Authorization")).doesNotContain("Bearer s3cret");
    }

    @Test
    void deniedRequestIsBlockedWithTheMatchersReasonAndGetsNoCredential() {
        HttpRequest r = request(HttpMethod.DELETE);
        RequestGate.Verdict verdict = RequestGate.decide(r, GITHUB, "/user", true, policy(Map.of("GH", "s3cret")));
        assertThat(verdict).isInstanceOfSatisfying(RequestGate.Verdict.Block.class, b -> {
            assertThat(b.reason()).isEqualTo("method-not-allowed");
            assertThat(b.routeKey()).contains("api.github.com:443");
        });
        assertThat(r.headers().getAll("Authorization")).doesNotContain("Bearer s3cret");
    }

    @Test
    void allowedRequestWhoseSecretIsMissingIsNotForwarded() {
        assertThat(RequestGate.decide(request(HttpMethod.GET), GITHUB, "/user", true, policy(Map.of())))
                .isEqualTo(new RequestGate.Verdict.SecretMissing(ROUTE, "GH"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "X-HTTP-Method-Override | DELETE", "X-HTTP-Method | DELETE", "X-Method-Override | delete", "x-http-method-override | PUT",
        "X-HTTP-Method-Override | GET, DELETE", "X-HTTP-Method-Override | TRACE", "X-HTTP-Method-Override | ''",
        "X-HTTP-Method-Override | GET DELETE"})
    void aMethodOverrideNamingAMethodTheRouteDoesNotAllowIsRefusedWithoutTheCredential(String header, String value) {
        HttpRequest r = request(HttpMethod.GET);
        r.headers().add(header, value);
        RequestGate.Verdict verdict = RequestGate.decide(r, GITHUB, "/user", true, policy(Map.of("GH", "s3cret")));
        assertThat(verdict).isInstanceOfSatisfying(RequestGate.Verdict.Block.class,
                b -> assertThat(b.reason()).isEqualTo("method-override-not-allowed"));
        assertThat(r.headers().getAll("Authorization")).doesNotContain("Bearer s3cret");
    }

    @Test
    void aMethodOverrideNamingAnAllowedMethodPasses() {
        HttpRequest r = request(HttpMethod.GET);
        r.headers().add("X-HTTP-Method-Override", "get");
        assertThat(RequestGate.decide(r, GITHUB, "/user", true, policy(Map.of("GH", "s3cret")))).isEqualTo(new RequestGate.Verdict.Pass(ROUTE));
    }
}
