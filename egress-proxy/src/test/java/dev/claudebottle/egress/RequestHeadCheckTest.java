package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestHeadCheckTest {

    private static HttpRequest get(String method, String uri) {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), uri);
    }

    @Test
    void theForwardedTargetIsTheNormalisedOriginFormTheMatcherDecides() {
        HttpRequest r = get("GET", "/repos/acme/./x/../%7Ey?q=../a");
        assertThat(RequestHeadCheck.check(r, r.uri())).isEqualTo(new RequestHeadCheck.Result.Passed("/repos/acme/~y?q=../a"));
        assertThat(r.uri()).isEqualTo("/repos/acme/~y?q=../a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/repos/acme/#/../../other", "/repos/acme/x#", "/repos/acme/..%20/..%20/other", "/repos/acme/.../other",
        "/repos/acme/%EF%BC%8E%EF%BC%8E/other", "/repos/acme/%C0%AE%C0%AE/other", "/repos/acme\\..\\other", "/repos/acme/%00",
        "/repos/acme/..;/other", "//repos/acme", "/repos/acme/%252e%252e/other", "*"})
    void aTargetThatCannotBeNormalisedUnambiguouslyIsRefusedWith400AndLeftAsSent(String target) {
        HttpRequest r = get("GET", target);
        assertThat(RequestHeadCheck.check(r, target)).isInstanceOfSatisfying(RequestHeadCheck.Result.Refused.class, refused -> {
            assertThat(refused.refusal().status().code()).isEqualTo(400);
            assertThat(refused.refusal().reason()).isEqualTo("unsafe-path");
        });
        assertThat(r.uri()).isEqualTo(target);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRACE", "TRACK", "CONNECT", "trace", "Trace"})
    void traceTrackAndNestedConnectAreRefusedWith405(String method) {
        assertThat(RequestHeadCheck.check(get(method, "/user"), "/user")).isInstanceOfSatisfying(RequestHeadCheck.Result.Refused.class,
                refused -> {
                    assertThat(refused.refusal().status().code()).isEqualTo(405);
                    assertThat(refused.refusal().reason()).isEqualTo("method-refused");
                });
    }
}
