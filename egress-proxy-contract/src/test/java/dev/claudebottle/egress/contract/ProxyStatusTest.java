package dev.claudebottle.egress.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.routes.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The status document as both sides read it: what egress-proxy writes reads back; hostile documents are refused. */
class ProxyStatusTest {
    private static final String SHA = "ab".repeat(32);

    @Test
    void readsTheFieldsTheSupervisorNeedsAndIgnoresOthers() {
        ProxyStatus status = parse("""
                {"generation": 7, "sha256": "%s", "loaded_at": "2026-11-24T06:00:00Z",
                 "last_error": "routes.yaml:3:5: routes[0].host: bad \\"host\\"\\n",
                 "missing_secrets": ["GITHUB_TOKEN"], "future": {"port": 8080, "tls": true}, "x": [1.5e3, null]}
                """.formatted(SHA));

        assertThat(status.generation()).isEqualTo(7);
        assertThat(status.sha256()).contains(new Sha256(SHA));
        assertThat(status.loadedAt()).contains(Instant.parse("2026-11-24T06:00:00Z"));
        assertThat(status.lastError()).contains("routes.yaml:3:5: routes[0].host: bad \"host\"\n");
        assertThat(status.missingSecrets()).containsExactly("GITHUB_TOKEN");
        assertThat(status.runs(new Sha256(SHA))).isTrue();
        assertThat(status.runs(Sha256.of(new byte[0]))).isFalse();
    }

    @Test
    void aProxyRunningDenyAllReportsNoSha256() {
        ProxyStatus status = parse("{\"generation\":0,\"sha256\":null,\"last_error\":\"\\u006eo file\",\"deny_all\":true}");

        assertThat(status.sha256()).isEmpty();
        assertThat(status.denyAll()).isTrue();
        assertThat(status.lastError()).contains("no file");
        assertThat(status.missingSecrets()).isEqualTo(List.of());
        assertThat(status.loadedAt()).isEqualTo(Optional.empty());
    }

    @Test
    void whatTheProxyWritesReadsBackEqual() {
        ProxyStatus written = new ProxyStatus(12, Optional.of(new Sha256(SHA)), Optional.of(Instant.parse("2026-12-02T08:00:00.123Z")),
                Optional.of("routes.yaml:1:1: \u0000 \"quoted\" \u2028 line"), Optional.of(Sha256.of(new byte[] {1})),
                Optional.of(Instant.parse("2026-12-02T08:00:01Z")), List.of("A", "B_C"), false,
                Optional.of("/etc/egress-proxy/routes.yaml"), Optional.of("running"), Optional.of("0.0.0.0:3128"),
                Optional.of(4242L));

        assertThat(ProxyStatus.parse(written.toJson())).isEqualTo(written);
        assertThat(new String(written.toJson(), StandardCharsets.UTF_8)).startsWith("{\"generation\":12,\"sha256\":\"" + SHA + "\"");
    }

    @Test
    void aBlankLastErrorIsNoError() {
        assertThat(parse("{\"generation\":3,\"last_error\":\"  \"}").lastError()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "null", "{", "[]", "\"status\"", "7", "{\"generation\": 1,}", "{\"generation\": 01}",
            "{\"generation\": 1, \"generation\": 2}", "{\"generation\": 1} x", "{\"generation\": 1} {}",
            "{\"generation\": 1, \"a\": \"\t\"}", "{'generation': 1}", "{generation: 1}", "{\"generation\": NaN}",
            "\uFEFF{\"generation\": 1} trailing"})
    void rejectsWhatIsNotOneJsonObject(String json) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("egress-proxy status");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}                                                  | \"generation\" is missing",
            "{\"generation\": null}                              | \"generation\" is missing",
            "{\"generation\": \"7\"}                             | \"generation\" is not a whole number",
            "{\"generation\": 1.5}                               | \"generation\" is not a whole number",
            "{\"generation\": 1e3}                               | \"generation\" is not a whole number",
            "{\"generation\": -1}                                | \"generation\" is not a whole number",
            "{\"generation\": 99999999999999999999999}           | \"generation\" is not a whole number",
            "{\"generation\": true}                              | \"generation\" is not a whole number",
            "{\"generation\": 1, \"sha256\": 5}                  | \"sha256\" is not a string",
            "{\"generation\": 1, \"sha256\": \"ABAB\"}           | \"sha256\" is not a SHA-256",
            "{\"generation\": 1, \"sha256\": [\"x\"]}            | \"sha256\" is not a string",
            "{\"generation\": 1, \"last_error\": {\"a\": 1}}     | \"last_error\" is not a string",
            "{\"generation\": 1, \"last_error\": false}          | \"last_error\" is not a string",
            "{\"generation\": 1, \"missing_secrets\": [1]}       | \"missing_secrets\" is not a list of strings (element 0",
            "{\"generation\": 1, \"missing_secrets\": \"A\"}     | \"missing_secrets\" is not a list of strings",
            "{\"generation\": 1, \"missing_secrets\": [\"A\", null]} | \"missing_secrets\" is not a list of strings (element 1",
            "{\"generation\": 1, \"loaded_at\": \"yesterday\"}   | \"loaded_at\" is not an ISO-8601 instant",
            "{\"generation\": 1, \"deny_all\": \"false\"}        | \"deny_all\" is not true or false",
            "{\"generation\": 1, \"pid\": -5}                    | \"pid\" is not a whole number",
            "{\"generation\": 1, \"last_error_sha256\": \"g\"}   | \"last_error_sha256\" is not a SHA-256"})
    void aKnownFieldOfTheWrongTypeIsNamed(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("egress-proxy status field " + message.strip());
    }

    @Test
    void rejectsNestingDeeperThanAStatusDocumentNeeds() {
        assertThatThrownBy(() -> parse("{\"generation\": 1, \"a\": " + "[".repeat(100) + "]".repeat(100) + "}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
    }

    @Test
    void rejectsADocumentLargerThanAnyTheProxyWrites() {
        byte[] huge = ("{\"generation\": 1, \"last_error\": \"" + "x".repeat(ProxyStatus.MAX_BYTES) + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ProxyStatus.parse(huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than");
    }

    @Test
    void aHostileShaIsNotEchoedBack() {
        String hostile = "\u001b[2J" + "z".repeat(10_000);

        assertThatThrownBy(() -> parse("{\"generation\": 1, \"sha256\": \"" + hostile.replace("\u001b", "\\u001b") + "\"}"))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("zzzz").doesNotContain("\u001b");
    }

    private static ProxyStatus parse(String json) {
        return ProxyStatus.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
