package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.kubernetes.KubernetesStore;
import dev.claudebottle.kubernetes.gateway.KubeConnection;
import dev.claudebottle.kubernetes.gateway.KubernetesComponentConfigs;
import dev.claudebottle.kubernetes.testing.KubeApiServer;
import dev.claudebottle.supervise.application.port.out.Installation;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both sides of PROTOCOL.md's delivery and acknowledgement, for real: the operator's
 * {@link KubernetesComponentConfigs#install} (adapter-kubernetes, as token-file operator alice) against this proxy in
 * Kubernetes mode (a real process with its ServiceAccount's TokenRequest token), with a real TLS upstream deciding
 * whether the proxy runs what the operator was told it runs.
 */
class OperatorInstallIT {
    static KubeApiServer server;

    @RegisterExtension
    static final BeforeAllCallback KUBE = context -> server = KubeApiServer.shared(context);

    static final BottleId BOTTLE = BottleId.of("demo");

    @TempDir
    Path dir;
    TestUpstream upstream;
    KubernetesProxyFixture cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private String allowingUpstream() {
        return "routes:\n  - host: localhost\n    port: " + upstream.port() + "\n    allow_private: true\n";
    }

    private int get() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", cluster.port)))
                .sslContext(ProxyHarness.trusting(dir.resolve("ca").resolve(CertificateAuthority.CERT_FILE)))
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + upstream.port() + "/")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void theOperatorsInstallIsAcknowledgedByTheRealProxyAndARefusalIsRestored() throws Exception {
        upstream = TestUpstream.https();
        String instance = "pxit" + UUID.randomUUID().toString().substring(0, 6);
        ConfigFile base = ConfigFile.of(allowingUpstream());
        cluster = new KubernetesProxyFixture(server, dir, allowingUpstream(), instance, BOTTLE.value());
        assertThat(cluster.namespace).isEqualTo(KubernetesStore.namespace(instance, BOTTLE));
        cluster.start(List.of(upstream.caPem()), 300);
        cluster.awaitStatus(s -> s.path("generation").asLong() == 1, Duration.ofSeconds(15));
        assertThat(get()).isEqualTo(200);
        KubernetesComponentConfigs configs = new KubernetesComponentConfigs(KubeConnection.of(
                Optional.of(server.kubeconfigFile("alice-" + instance, KubeApiServer.token(KubeApiServer.ALICE))),
                Optional.empty(), instance), KubernetesComponentConfigs.Settings.DEFAULT);

        ConfigFile closed = ConfigFile.of("routes:\n  - host: example.invalid\n");
        long started = System.nanoTime();
        Installation installed = configs.install(BOTTLE, Component.EGRESS_PROXY, base, closed);
        long installMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(installed).isInstanceOfSatisfying(Installation.Installed.class,
                i -> assertThat(i.sha256()).isEqualTo(closed.sha256()));
        assertThat(get()).as("the proxy runs what the operator was told it runs").isEqualTo(403);

        ConfigFile invalid = ConfigFile.of("routes:\n  - host: '*'\n");
        Installation refused = configs.install(BOTTLE, Component.EGRESS_PROXY, closed, invalid);
        assertThat(refused).isInstanceOfSatisfying(Installation.NotInstalled.class, n -> {
            assertThat(n.cause()).contains("egress-proxy refused").contains("configmap/egress-proxy-routes:2");
            assertThat(n.restored()).isTrue();
        });
        assertThat(configs.current(BOTTLE, Component.EGRESS_PROXY).sha256()).isEqualTo(closed.sha256());
        assertThat(cluster.status().get("sha256").asText()).isEqualTo(closed.sha256().hex());
        assertThat(get()).isEqualTo(403);

        assertThat(configs.install(BOTTLE, Component.EGRESS_PROXY, base, ConfigFile.of(allowingUpstream() + "# again\n")))
                .as("a stale base writes nothing").isInstanceOf(Installation.BaseChanged.class);
        assertThat(configs.install(BOTTLE, Component.EGRESS_PROXY, closed, base)).isInstanceOf(Installation.Installed.class);
        assertThat(get()).isEqualTo(200);
        System.out.println("figures: operator install (KubernetesComponentConfigs) -> acknowledged by the real proxy in "
                + installMillis + " ms");
    }
}
