package dev.claudebottle.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpGateTest {
    private final HttpGate.BearerToken token = new HttpGate.BearerToken("0123456789abcdef-token");

    @Test
    void acceptsOnlyTheExactBearerToken() {
        assertThat(token.matches("Bearer 0123456789abcdef-token")).isTrue();
        assertThat(token.matches("bearer 0123456789abcdef-token")).isTrue();
        assertThat(token.matches("Bearer 0123456789abcdef-toke")).isFalse();
        assertThat(token.matches("Bearer 0123456789abcdef-tokenX")).isFalse();
        assertThat(token.matches("Basic 0123456789abcdef-token")).isFalse();
        assertThat(token.matches("0123456789abcdef-token")).isFalse();
        assertThat(token.matches(null)).isFalse();
    }

    @Test
    void refusesShortOrUnprintableTokens() {
        assertThatThrownBy(() -> new HttpGate.BearerToken("short")).hasMessageContaining("at least 16");
        assertThatThrownBy(() -> new HttpGate.BearerToken("0123456789abcdef token")).hasMessageContaining("without spaces");
    }

    @Test
    void neverPrintsTheToken() {
        assertThat(token.toString()).doesNotContain("0123456789abcdef");
    }

    @Test
    void comparesHostsWithoutPortOrCase() {
        assertThat(HttpGate.hostName("LocalHost:8080")).isEqualTo("localhost");
        assertThat(HttpGate.hostName("[::1]:8080")).isEqualTo("[::1]");
        assertThat(HttpGate.hostName("supervise.demo")).isEqualTo("supervise.demo");
    }
}
