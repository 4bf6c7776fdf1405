package dev.claudebottle.kubernetes.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.supervise.application.port.out.AgentOptions;
import dev.claudebottle.supervise.application.port.out.LaunchRequest;
import dev.claudebottle.supervise.application.port.out.ProxyCredential;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dry run's objects and text, without a cluster: order, redaction, determinism, refusals. */
class BottleManifestsTest {
    private static final BottleManifests.Images IMAGES = new BottleManifests.Images("proxy:1", "supervise:1");
    private static final String SECRET = "ghp_do-not-print-me";

    private static LaunchRequest request(Optional<String> image, AgentOptions agent) {
        return new LaunchRequest(BottleId.of("demo"), ConfigFile.of("version: 1\nroutes: []\n"), image,
                Map.of("GITHUB_TOKEN", SECRET), List.of("-----BEGIN CERTIFICATE-----\nup\n-----END CERTIFICATE-----\n"),
                agent);
    }

    private static BottleManifests manifests(Optional<String> image, String token, ProxyCredential credential) {
        return BottleManifests.of(request(image, AgentOptions.defaults()), "claude-bottle", IMAGES, token, credential,
                Optional.of("rules: []\n"));
    }

    @Test
    void theDryRunListsEveryObjectInCreationOrderAndPrintsNoSecret() {
        ProxyCredential credential = new ProxyCredential("bottle", "pa55word-abc");
        BottleManifests manifests = manifests(Optional.of("agent:1"), "tok3n-value", credential);

        assertThat(manifests.all()).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactly(
                "Namespace/claude-bottle-demo",
                "ServiceAccount/egress-proxy", "ServiceAccount/supervise", "ServiceAccount/agent",
                "Role/egress-proxy", "RoleBinding/egress-proxy", "Role/supervise", "RoleBinding/supervise",
                "RoleBinding/supervise-state",
                "ConfigMap/egress-proxy-routes", "ConfigMap/egress-proxy-status", "ConfigMap/supervise-policy",
                "ConfigMap/egress-proxy-upstream-ca",
                "Secret/egress-proxy-secrets", "Secret/egress-proxy-auth", "Secret/supervise-token",
                "Service/egress-proxy", "Service/supervise",
                "NetworkPolicy/agent-egress", "NetworkPolicy/sidecars-ingress",
                "Pod/egress-proxy", "Pod/supervise", "ConfigMap/agent-config", "Pod/agent");
        String yaml = manifests.toYaml();
        assertThat(yaml).doesNotContain(SECRET).doesNotContain("tok3n-value").doesNotContain("pa55word-abc")
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(SECRET.getBytes()))
                .contains("GITHUB_TOKEN: \"<redacted>\"").contains("token: \"<redacted>\"")
                .contains("# Secret values are replaced by <redacted>")
                .contains(BottleManifests.CA_PLACEHOLDER)
                .contains("image: \"proxy:1\"").contains("image: \"supervise:1\"").contains("image: \"agent:1\"");
        assertThat(yaml.split("\n---\n", -1)).as("a header, then 24 documents").hasSize(25);
        assertThat(manifests.all()).allSatisfy(o -> assertThat(o.getMetadata().getLabels())
                .containsEntry("claudebottle.dev/bottle", "demo").containsEntry("claudebottle.dev/instance", "claude-bottle")
                .containsEntry("app.kubernetes.io/managed-by", "claude-bottle"));
    }

    @Test
    void twoDryRunsPrintTheSameTextThoughTokensDiffer() {
        String first = manifests(Optional.empty(), "a".repeat(64), ProxyCredential.generate()).toYaml();
        String second = manifests(Optional.empty(), "b".repeat(64), ProxyCredential.generate()).toYaml();
        assertThat(first).isEqualTo(second).contains("# No agent pod");
        assertThat(first.split("kind: \"Pod\"", -1)).as("two pods, no agent pod").hasSize(3);
    }

    @Test
    void theAgentPodIsConfinedAndCarriesNoTokenOrSecretInItsSpec() {
        Pod agent = manifests(Optional.of("agent:1"), "tok3n-value", ProxyCredential.generate()).agentPod().orElseThrow();
        var container = agent.getSpec().getContainers().getFirst();
        assertThat(agent.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(container.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("4Gi");
        assertThat(container.getEnv()).allSatisfy(e -> assertThat(e.getValue() == null ? "" : e.getValue())
                .doesNotContain("tok3n-value").doesNotContain("@egress-proxy"));
        assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("HTTPS_PROXY")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(BottleNames.AUTH));
    }

    @Test
    void refusesWhatKubernetesCannotExpress() {
        AgentOptions named = new AgentOptions(Optional.of("node"), false, 512, AgentOptions.DEFAULT_MEMORY_BYTES, false);
        assertThatThrownBy(() -> BottleManifests.of(request(Optional.of("agent:1"), named), "claude-bottle", IMAGES,
                "t", ProxyCredential.generate(), Optional.empty())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--user node").hasMessageContaining("numbers");
        LaunchRequest binary = new LaunchRequest(BottleId.of("demo"), ConfigFile.of(new byte[] {'a', (byte) 0xff}),
                Optional.empty(), Map.of(), List.of());
        assertThatThrownBy(() -> BottleManifests.of(binary, "claude-bottle", IMAGES, "t", ProxyCredential.generate(),
                Optional.empty())).hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> BottleManifests.of(request(Optional.empty(), AgentOptions.defaults()), "claude-bottle",
                IMAGES, "two words", ProxyCredential.generate(), Optional.empty())).hasMessageContaining("white space");
        assertThatThrownBy(() -> BottleManifests.of(request(Optional.empty(), AgentOptions.defaults()), "Bad_Instance",
                IMAGES, "t", ProxyCredential.generate(), Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void memoryIsWrittenAsTheApiServerWritesItBack() {
        assertThat(BottlePods.memory(4L << 30)).isEqualTo("4Gi");
        assertThat(BottlePods.memory(6L << 20)).isEqualTo("6Mi");
        assertThat(BottlePods.memory(1500)).isEqualTo("1500");
        assertThat(BottlePods.memory(3L * 1024 * 1024 + 512)).isEqualTo("3146240");
    }

}
