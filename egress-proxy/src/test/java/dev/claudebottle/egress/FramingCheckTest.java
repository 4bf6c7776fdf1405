package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FramingCheckTest {

    private static HttpRequest request(HttpVersion version, String headerLines) {
        HttpRequest r = new DefaultHttpRequest(version, HttpMethod.POST, "/upload",
                DefaultHttpHeadersFactory.headersFactory().withValidation(false));
        for (String line : headerLines.split("\\|")) {
            if (!line.isEmpty()) {
                int colon = line.indexOf(':');
                r.headers().add(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Content-Length:0", "Content-Length:12", "Transfer-Encoding:chunked", "Transfer-Encoding:Chunked",
        "Transfer-Encoding: chunked "})
    void plainFramingPassesAndChunkedIsForwardedAsExactlyThat(String headers) {
        HttpRequest r = request(HttpVersion.HTTP_1_1, headers);
        assertThat(FramingCheck.problem(r)).isEmpty();
        if (headers.startsWith("Transfer-Encoding")) {
            assertThat(r.headers().getAll("Transfer-Encoding")).containsExactly("chunked");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Transfer-Encoding:xchunked", "Transfer-Encoding:chunked, identity", "Transfer-Encoding:identity, chunked",
        "Transfer-Encoding:chunked,chunked", "Transfer-Encoding:gzip, chunked", "Transfer-Encoding:identity",
        "Transfer-Encoding:chunked|Transfer-Encoding:chunked", "Transfer-Encoding:chunked|Transfer-Encoding:identity",
        "Transfer-Encoding:chunked|Content-Length:5", "Content-Length:5|Transfer-Encoding:chunked",
        "Transfer-Encoding:chunked\u000b", "Transfer-Encoding:\"chunked\"", "Transfer-Encoding:chunked;q=1", "Transfer-Encoding:",
        "Content-Length:5|Content-Length:6", "Content-Length:5|Content-Length:5", "Content-Length:abc", "Content-Length:+5",
        "Content-Length:-1", "Content-Length:5 5", "Content-Length:0x10", "Content-Length:99999999999999999999"})
    void ambiguousFramingIsRefused(String headers) {
        assertThat(FramingCheck.problem(request(HttpVersion.HTTP_1_1, headers))).as(headers).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Transfer-Encoding:chunked"})
    void transferEncodingInAnHttp10RequestIsRefused(String headers) {
        assertThat(FramingCheck.problem(request(HttpVersion.HTTP_1_0, headers))).hasValueSatisfying(p -> assertThat(p).contains("HTTP/1.0"));
    }
}
