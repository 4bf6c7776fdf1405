package dev.claudebottle.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.claudebottle.docker.SidecarArtifacts;
import dev.claudebottle.kubernetes.gateway.BottleManifests;
import dev.claudebottle.kubernetes.gateway.KubeConnection;
import dev.claudebottle.local.LocalCommands;
import dev.claudebottle.supervise.api.BottleDesk;
import dev.claudebottle.supervise.api.GatewayProfile;
import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.supervise.application.port.out.BottleLauncher;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.GatewayState;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway modules the composition root installs register themselves completely (ports, launcher, profile under
 * one name each), and their profiles give the order the CLI used to hard-code: Docker preferred for {@code up}, local
 * asked first when a bottle is looked up and on this host. Nothing connects to an engine here.
 */
class GatewayRegistrationTest {
    @TempDir
    Path home;

    private Injector gateways() {
        return gateways(KubeConnection.of(Optional.of(home.resolve("no-kubeconfig")), Optional.empty(), "claude-bottle"));
    }

    private Injector gateways(KubeConnection kube) {
        return Guice.createInjector(GatewayWiring.gateways(home, new LocalCommands(List.of("egress-proxy"), List.of("bottle")),
                new SidecarArtifacts(Path.of(System.getProperty("java.home")), List.of(), List.of(), "test"), kube,
                () -> new BottleManifests.Images("proxy:test", "supervise:test")));
    }

    @Test
    void withoutAKubeconfigNoGatewayStateIsContributedAndWithOneTheKubernetesStateIsWithoutConnecting() throws Exception {
        assertThat(map(gateways(), GatewayState.class)).isEmpty();

        Path broken = home.resolve("kubeconfig");
        Files.writeString(broken, "this: [is not a kubeconfig\n");
        KubeConnection kube = KubeConnection.of(Optional.of(broken), Optional.empty(), "claude-bottle");
        Map<String, GatewayState> states = map(gateways(kube), GatewayState.class);
        assertThat(states).containsOnlyKeys("kubernetes");
        // Only its first use opens it, and a kubeconfig that cannot be used is said, with its path, on every call.
        assertThatThrownBy(() -> states.get("kubernetes").queue().list()).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(broken.toString()).hasMessageContaining("cannot open the Kubernetes state");
        assertThatThrownBy(() -> states.get("kubernetes").holds().bottles()).isInstanceOf(UncheckedIOException.class);
        kube.close();
    }

    /**
     * A kubeconfig an operator keeps for other work ($KUBECONFIG, ~/.kube/config) is not consulted by the operator's
     * commands: no state, no discovery, no listing, no down, so a dead or unrelated cluster costs them nothing. Named
     * (flag or claude-bottle variable) or used from this state home before, it is.
     */
    @Test
    void aClusterThatWasNeitherNamedNorUsedBeforeIsNotConsulted() throws Exception {
        Path refused = home.resolve("refused-kubeconfig");
        Files.writeString(refused, String.join("\n", "apiVersion: v1", "kind: Config",
                "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1', insecure-skip-tls-verify: true}}]",
                "users: [{name: u, user: {token: x}}]", "contexts: [{name: c, context: {cluster: c, user: u}}]",
                "current-context: c", ""));
        try (KubeConnection unnamed = KubeConnection.fromEnvironment(Map.of("KUBECONFIG", refused.toString()))) {
            assertThat(unnamed.named()).isFalse();
            Injector injector = gateways(unnamed);
            assertThat(map(injector, GatewayState.class)).isEmpty();
            assertThat(map(injector, BottleDiscovery.class).get("kubernetes")
                    .bottlesRunning(dev.claudebottle.supervise.model.Component.EGRESS_PROXY)).isEmpty();
            BottleLauncher launcher = map(injector, BottleLauncher.class).get("kubernetes");
            assertThat(launcher.list()).isEmpty();
            assertThat(launcher.available()).isFalse();
            assertThat(launcher.down(new dev.claudebottle.supervise.model.BottleId("demo"))).isFalse();
        }
        try (KubeConnection named = KubeConnection.fromEnvironment(Map.of("KUBECONFIG", refused.toString(),
                "CLAUDE_BOTTLE_KUBE_INSTANCE", "claude-bottle"))) {
            assertThat(named.named()).isTrue();
            assertThat(map(gateways(named), GatewayState.class)).containsOnlyKeys("kubernetes");
        }
        // `bottle up --gateway kubernetes` from this state home marks the instance as used.
        Files.createDirectories(home.resolve("gateways/kubernetes/claude-bottle"));
        try (KubeConnection usedBefore = KubeConnection.fromEnvironment(Map.of("KUBECONFIG", refused.toString()))) {
            assertThat(map(gateways(usedBefore), GatewayState.class)).containsOnlyKeys("kubernetes");
        }
    }

    private static <T> Map<String, T> map(Injector injector, Class<T> type) {
        @SuppressWarnings("unchecked")
        Key<Map<String, T>> key = (Key<Map<String, T>>) Key.get(TypeLiteral.get(
                com.google.inject.util.Types.mapOf(String.class, type)));
        return injector.getInstance(key);
    }

    @Test
    void everyGatewayRegistersEachPortItsLauncherAndItsProfileUnderOneName() {
        Injector injector = gateways();
        Map<String, GatewayProfile> profiles = map(injector, GatewayProfile.class);

        assertThat(profiles).containsOnlyKeys("docker", "kubernetes", "local");
        assertThat(map(injector, ComponentConfigs.class)).containsOnlyKeys(profiles.keySet());
        assertThat(map(injector, BottleDiscovery.class)).containsOnlyKeys(profiles.keySet());
        Map<String, BottleLauncher> launchers = map(injector, BottleLauncher.class);
        assertThat(launchers).containsOnlyKeys(profiles.keySet());
        launchers.forEach((name, launcher) -> assertThat(launcher.name()).isEqualTo(name));
    }

    @Test
    void dockerIsPreferredForUpAndLocalIsLookedUpFirstAndRunsOnThisHost() {
        Injector injector = gateways();
        Map<String, GatewayProfile> profiles = map(injector, GatewayProfile.class);
        BottleDesk bottles = injector.getInstance(BottleDesk.class);

        assertThat(bottles.gateways()).containsExactly("docker", "kubernetes", "local");
        assertThat(profiles.get("local").lookupOrder()).isLessThan(profiles.get("docker").lookupOrder());
        assertThat(profiles.get("docker").lookupOrder()).isLessThan(profiles.get("kubernetes").lookupOrder());
        assertThat(bottles.profile("kubernetes").onHost()).isFalse();
        assertThat(bottles.profile("local").onHost()).isTrue();
        assertThat(bottles.profile("docker").onHost()).isFalse();
        assertThat(bottles.choose(Optional.of("local"))).isEqualTo("local");
        assertThat(bottles.choose(Optional.of("kubernetes"))).isEqualTo("kubernetes");
        assertThatThrownBy(() -> bottles.choose(Optional.of("nomad"))).isInstanceOf(IllegalArgumentException.class);
    }
}
