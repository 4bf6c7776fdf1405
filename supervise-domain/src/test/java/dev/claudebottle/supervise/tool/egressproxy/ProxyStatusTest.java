package dev.claudebottle.supervise.tool.egressproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.routes.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ProxyStatusTest {
    private static final String SHA = "ab".repeat(32);

    @Test
    void readsTheFieldsTheSupervisorNeedsAndIgnoresOthers() {
        ProxyStatus status = parse("""
                {"generation": 7, "sha256": "%s", "loaded_at": "2026-11-24T06:00:00Z",
                 "last_error": "routes.yaml:3:5: routes[0].host: bad \\"host\\"\\n",
                 "missing_secrets": ["GITHUB_TOKEN"], "listen": {"port": 8080, "tls": true}, "x": [1.5e3, null]}
                """.formatted(SHA));

        assertThat(status.generation()).isEqualTo(7);
        assertThat(status.sha256()).contains(new Sha256(SHA));
        assertThat(status.loadedAt()).contains("2026-11-24T06:00:00Z");
        assertThat(status.lastError()).contains("routes.yaml:3:5: routes[0].host: bad \"host\"\n");
        assertThat(status.missingSecrets()).containsExactly("GITHUB_TOKEN");
        assertThat(status.runs(new Sha256(SHA))).isTrue();
    }

    @Test
    void aProxyRunningDenyAllReportsNoSha256() {
        ProxyStatus status = parse("{\"generation\":0,\"sha256\":null,\"last_error\":\"\\u006eo file\"}");

        assertThat(status.sha256()).isEmpty();
        assertThat(status.lastError()).contains("no file");
        assertThat(status.missingSecrets()).isEqualTo(List.of());
        assertThat(status.loadedAt()).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "{\"generation\": \"7\"}", "{\"generation\": 1,}", "{\"generation\": 01}",
            "{\"generation\": 1, \"generation\": 2}", "{\"generation\": 1} x", "{\"generation\": 1, \"sha256\": 5}",
            "{\"generation\": 1, \"missing_secrets\": [1]}", "{\"generation\": 1.5}", "{\"generation\": 1, \"a\": \"\t\"}"})
    void rejectsAMalformedStatusFile(String json) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNestingDeeperThanAStatusFileNeeds() {
        assertThatThrownBy(() -> parse("{\"generation\": 1, \"a\": " + "[".repeat(100) + "]".repeat(100) + "}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested deeper");
    }

    private static ProxyStatus parse(String json) {
        return ProxyStatus.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
