package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudebottle.kubernetes.testing.KubeApiServer;
import dev.claudebottle.routes.RoutesFile;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy's Kubernetes mode against a real kube-apiserver (RBAC, TLS, TokenRequest tokens), the proxy a real process
 * from bin/egress-proxy: routes come from the watched ConfigMap, every attempt is acknowledged in the status ConfigMap,
 * requests through the proxy to a real TLS upstream are decided by what it acknowledged, and its token can do nothing
 * but that.
 */
class KubernetesModeIT {
    static KubeApiServer server;

    @RegisterExtension
    static final BeforeAllCallback KUBE = context -> server = KubeApiServer.shared(context);

    static final Duration ACK = Duration.ofSeconds(15);
    static final String INVALID = "routes:\n  - host: '*'\n";

    @TempDir
    Path dir;
    TestUpstream upstream;
    KubernetesProxyFixture cluster;

    @BeforeEach
    void upstream() throws Exception {
        upstream = TestUpstream.https();
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        upstream.close();
    }

    private String allowingUpstream(String marker) {
        return """
                # %s
                routes:
                  - host: localhost
                    port: %d
                    allow_private: true
                """.formatted(marker, upstream.port());
    }

    private static String allowingOnly(String host) {
        return "routes:\n  - host: " + host + "\n";
    }

    private static String sha(String text) {
        return RoutesFile.of(text).sha256().hex();
    }

    private void start(String routes, long watchTimeoutSeconds) throws Exception {
        cluster = new KubernetesProxyFixture(server, dir, routes);
        cluster.start(List.of(upstream.caPem()), watchTimeoutSeconds);
    }

    private HttpResponse<String> get() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", cluster.port)))
                .sslContext(ProxyHarness.trusting(dir.resolve("ca").resolve(CertificateAuthority.CERT_FILE)))
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + upstream.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void loadsTheRoutesConfigMapAtStartAndPublishesStatusAndCa() throws Exception {
        String routes = allowingUpstream("start");
        start(routes, 300);

        JsonNode status = cluster.awaitStatus(s -> s.path("generation").asLong() == 1, ACK);
        assertThat(status.get("sha256").asText()).isEqualTo(sha(routes));
        assertThat(status.get("routes_file").asText()).isEqualTo("configmap/" + KubernetesProxyFixture.ROUTES);
        assertThat(status.get("deny_all").asBoolean()).isFalse();
        assertThat(status.get("last_error").isNull()).isTrue();
        assertThat(cluster.statusConfigMap().getData().get("ca.pem"))
                .isEqualTo(Files.readString(dir.resolve("ca").resolve(CertificateAuthority.CERT_FILE)));
        // the same document the --status file holds: the contract's parser accepts it
        assertThat(dev.claudebottle.egress.contract.ProxyStatus.parse(cluster.statusConfigMap().getData().get("status.json")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).runs(RoutesFile.of(routes).sha256())).isTrue();

        HttpResponse<String> allowed = get();
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).isEqualTo("hello");
        assertThat(cluster.stderr()).doesNotContain(cluster.token);
    }

    @Test
    void updatesAreAcknowledgedWithTheirShaAndDecideTheNextRequest() throws Exception {
        start(allowingUpstream("v0"), 300);
        cluster.awaitStatus(s -> s.path("generation").asLong() == 1, ACK);
        Thread.sleep(1000);
        long[] atStart = KubernetesProxyFixture.rssAndThreads(cluster.process.pid());
        assertThat(get().statusCode()).isEqualTo(200);

        List<Long> millis = new ArrayList<>();
        for (int i = 1; i <= 15; i++) {
            String next = allowingUpstream("v" + i);
            long generation = i + 1;
            long started = System.nanoTime();
            cluster.writeRoutes(next);
            cluster.awaitStatus(s -> s.path("sha256").asText().equals(sha(next)) && s.path("generation").asLong() == generation, ACK);
            millis.add((System.nanoTime() - started) / 1_000_000);
        }
        String closing = allowingOnly("example.invalid");
        cluster.writeRoutes(closing);
        cluster.awaitStatus(s -> s.path("sha256").asText().equals(sha(closing)), ACK);
        HttpResponse<String> refused = get();
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("X-Egress-Proxy-Block")).isPresent();

        long[] kubernetesMode = KubernetesProxyFixture.rssAndThreads(cluster.process.pid());
        long[] fileMode = KubernetesProxyFixture.fileModeRssAndThreads(dir.resolve("file-mode"), allowingUpstream("file"));
        System.out.println("figures: egress-proxy VmRSS/threads 1 s after listening: kubernetes mode " + atStart[0] / 1024
                + " MiB/" + atStart[1] + ", file mode " + fileMode[0] / 1024 + " MiB/" + fileMode[1]
                + "; kubernetes mode after 17 loads and 2 proxied requests " + kubernetesMode[0] / 1024 + " MiB/"
                + kubernetesMode[1]);
        Collections.sort(millis);
        System.out.println("figures: kubernetes mode update -> status ack latency (ms, " + millis.size() + " updates, GET poll 5 ms):"
                + " min " + millis.get(0) + " median " + millis.get(millis.size() / 2) + " max " + millis.get(millis.size() - 1));
    }

    @Test
    void aBurstOfUpdatesIsLoadedInOrderAndTheLastOneAcknowledged() throws Exception {
        start(allowingUpstream("burst-0"), 300);
        cluster.awaitStatus(s -> s.path("generation").asLong() == 1, ACK);

        String last = null;
        for (int i = 1; i <= 20; i++) {
            last = i == 20 ? allowingOnly("example.invalid") : allowingUpstream("burst-" + i);
            cluster.writeRoutes(last); // no waiting in between: status writes coalesce, loads must not
        }
        String expected = last;
        JsonNode status = cluster.awaitStatus(s -> s.path("sha256").asText().equals(sha(expected)), ACK);
        assertThat(status.get("generation").asLong()).as("every update loaded once, none twice").isEqualTo(21);
        Thread.sleep(500);
        assertThat(cluster.status().get("sha256").asText()).as("no older status overwrote the last").isEqualTo(sha(expected));
        assertThat(get().statusCode()).isEqualTo(403);
    }

    @Test
    void anInvalidUpdateIsRefusedAndTheOldRoutesStillServe() throws Exception {
        String good = allowingUpstream("good");
        start(good, 300);
        cluster.awaitStatus(s -> s.path("generation").asLong() == 1, ACK);

        cluster.writeRoutes(INVALID);
        JsonNode status = cluster.awaitStatus(s -> s.path("last_error_sha256").asText().equals(sha(INVALID)), ACK);

        assertThat(status.get("sha256").asText()).isEqualTo(sha(good));
        assertThat(status.get("generation").asLong()).isEqualTo(1);
        assertThat(status.get("last_error").asText()).contains("configmap/" + KubernetesProxyFixture.ROUTES);
        assertThat(get().statusCode()).isEqualTo(200);

        String fixed = allowingOnly("example.invalid");
        cluster.writeRoutes(fixed);
        status = cluster.awaitStatus(s -> s.path("sha256").asText().equals(sha(fixed)), ACK);
        assertThat(status.get("last_error").isNull()).isTrue();
        assertThat(get().statusCode()).isEqualTo(403);
    }

    @Test
    void aDeletedConfigMapOrMissingKeyKeepsThePolicyAndSaysSo() throws Exception {
        String good = allowingUpstream("kept");
        start(good, 300);
        cluster.awaitStatus(s -> s.path("generation").asLong() == 1, ACK);

        cluster.admin.configMaps().inNamespace(cluster.namespace).withName(KubernetesProxyFixture.ROUTES)
                .edit(map -> new io.fabric8.kubernetes.api.model.ConfigMapBuilder(map).removeFromData("routes.yaml").build());
        JsonNode status = cluster.awaitStatus(s -> s.path("last_error").asText().contains("no data key routes.yaml"), ACK);
        assertThat(status.get("sha256").asText()).isEqualTo(sha(good));
        assertThat(get().statusCode()).isEqualTo(200);

        cluster.admin.configMaps().inNamespace(cluster.namespace).withName(KubernetesProxyFixture.ROUTES).delete();
        status = cluster.awaitStatus(s -> s.path("last_error").asText().contains("deleted")
                || s.path("last_error").asText().contains("does not exist"), ACK);
        assertThat(status.get("sha256").asText()).isEqualTo(sha(good));
        assertThat(get().statusCode()).isEqualTo(200);

        String recreated = allowingOnly("example.invalid");
        cluster.admin.configMaps().inNamespace(cluster.namespace).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName(KubernetesProxyFixture.ROUTES).endMetadata().addToData("routes.yaml", recreated)
                .build()).create();
        cluster.awaitStatus(s -> s.path("sha256").asText().equals(sha(recreated)), ACK);
        assertThat(get().statusCode()).isEqualTo(403);
    }

    @Test
    void theWatchEndingEveryTwoSecondsStillDeliversLaterUpdatesWithoutSpuriousReloads() throws Exception {
        start(allowingUpstream("before"), 2);
        cluster.awaitStatus(s -> s.path("generation").asLong() == 1, ACK);

        Thread.sleep(7_000); // three or more server-side watch timeouts and re-GETs
        assertThat(cluster.status().get("generation").asLong()).as("a re-GET of the same version loads nothing").isEqualTo(1);

        String later = allowingOnly("example.invalid");
        cluster.writeRoutes(later);
        JsonNode status = cluster.awaitStatus(s -> s.path("sha256").asText().equals(sha(later)), ACK);
        assertThat(status.get("generation").asLong()).isEqualTo(2);
        assertThat(get().statusCode()).isEqualTo(403);
    }

    @Test
    void aWatchOnADeadConnectionIsGivenUpAndUpdatesArriveAgain() throws Exception {
        try (FreezingForwarder forwarder = new FreezingForwarder(new InetSocketAddress("127.0.0.1", server.url().getPort()))) {
            cluster = new KubernetesProxyFixture(server, dir, allowingUpstream("before"));
            // a long watch (20 s): when the first update's event has arrived, the watch is surely streaming
            cluster.start(List.of(upstream.caPem()), 20, forwarder.port());
            cluster.awaitStatus(s -> s.path("generation").asLong() == 1, ACK);
            String first = allowingUpstream("through the watch");
            cluster.writeRoutes(first);
            cluster.awaitStatus(s -> s.path("sha256").asText().equals(sha(first)), ACK);

            assertThat(forwarder.freezeExisting()).isPositive();
            String later = allowingOnly("example.invalid");
            long started = System.nanoTime();
            cluster.writeRoutes(later);

            JsonNode status = cluster.awaitStatus(s -> s.path("sha256").asText().equals(sha(later)), Duration.ofSeconds(90));
            assertThat(status.get("generation").asLong()).isEqualTo(3);
            assertThat(cluster.stderr()).contains("did not end");
            assertThat(get().statusCode()).isEqualTo(403);
            System.out.println("figures: kubernetes mode update after the watch connection died silently acknowledged in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms (watch timeout 20 s + grace "
                    + ConfigMapRoutes.GRACE_SECONDS + " s)");
        }
    }

    @Test
    void aRotatedTokenFileIsUsedAndTheRevokedOneIsNot() throws Exception {
        start(allowingUpstream("rotation"), 2);
        cluster.awaitStatus(s -> s.path("generation").asLong() == 1, ACK);
        String first = cluster.token;

        String second = cluster.mintToken();
        cluster.writeToken(second);
        cluster.revoke(0);
        KubernetesApiProbe probe = new KubernetesApiProbe(server, cluster.namespace);
        probe.awaitRefused(first);
        assertThat(probe.get(second, "/api/v1/namespaces/" + cluster.namespace + "/configmaps/" + KubernetesProxyFixture.STATUS))
                .isEqualTo(200);

        Thread.sleep(3_000); // past a watch timeout: the watch, too, is now re-established with the new token
        String next = allowingOnly("example.invalid");
        cluster.writeRoutes(next);
        cluster.awaitStatus(s -> s.path("sha256").asText().equals(sha(next)), ACK);
        assertThat(get().statusCode()).isEqualTo(403);
        assertThat(cluster.stderr()).doesNotContain(first).doesNotContain(second);
    }

    @Test
    void theProxysTokenReadsAndWritesNothingButItsTwoConfigMaps() throws Exception {
        cluster = new KubernetesProxyFixture(server, dir, allowingUpstream("rbac"));
        String ns = cluster.namespace;
        cluster.admin.configMaps().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("supervise-policy").endMetadata().addToData("policy.yaml", "x").build()).create();
        cluster.admin.secrets().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("egress-proxy-secrets").endMetadata().addToStringData("GH", "s3cret").build()).create();
        KubernetesApiProbe probe = new KubernetesApiProbe(server, ns);
        String token = cluster.token;
        String configMaps = "/api/v1/namespaces/" + ns + "/configmaps";

        assertThat(probe.get(token, configMaps + "/" + KubernetesProxyFixture.ROUTES)).isEqualTo(200);
        assertThat(probe.get(token, configMaps + "/" + KubernetesProxyFixture.STATUS)).isEqualTo(200);
        assertThat(probe.get(token, configMaps + "?fieldSelector=metadata.name%3D" + KubernetesProxyFixture.ROUTES)).isEqualTo(200);

        assertThat(probe.get(token, configMaps + "/supervise-policy")).isEqualTo(403);
        assertThat(probe.get(token, configMaps)).as("list without the name").isEqualTo(403);
        assertThat(probe.get(token, configMaps + "?fieldSelector=metadata.name%3Dsupervise-policy")).isEqualTo(403);
        assertThat(probe.get(token, "/api/v1/namespaces/" + ns + "/secrets/egress-proxy-secrets")).isEqualTo(403);
        assertThat(probe.get(token, "/api/v1/namespaces/" + ns + "/secrets")).isEqualTo(403);
        assertThat(probe.get(token, "/api/v1/namespaces/kube-system/configmaps")).isEqualTo(403);
        assertThat(probe.replaceData(token, KubernetesProxyFixture.ROUTES, "routes.yaml", "routes: []\n"))
                .as("the proxy never writes its own routes").isEqualTo(403);
        assertThat(probe.replaceData(token, "supervise-policy", "policy.yaml", "evil")).isEqualTo(403);
        assertThat(probe.create(token, "smuggled")).isEqualTo(403);
        assertThat(probe.delete(token, KubernetesProxyFixture.STATUS)).isEqualTo(403);
        assertThat(probe.replaceData(token, KubernetesProxyFixture.STATUS, "status.json", "{}")).isEqualTo(200);

        assertThat(cluster.admin.configMaps().inNamespace(ns).withName("supervise-policy").get().getData())
                .containsEntry("policy.yaml", "x");
        assertThat(cluster.admin.configMaps().inNamespace(ns).withName("smuggled").get()).isNull();
    }

    @Test
    void anApiServerNotSignedByTheMountedCaIsNotTalkedTo() throws Exception {
        cluster = new KubernetesProxyFixture(server, dir, allowingUpstream("unreachable"));
        Files.writeString(cluster.serviceAccountDir.resolve("ca.crt"), CertificateAuthority.generate("not the cluster CA")
                .certificatePem());
        cluster.startUnacknowledged("127.0.0.1", server.url().getPort());

        assertDeniedAndSilent("PKIX");
    }

    @Test
    void anApiServerAddressItsCertificateDoesNotNameIsNotTalkedTo() throws Exception {
        // 127.0.0.2 is loopback too, but the server's certificate names 127.0.0.1, not it: the JDK's host check refuses
        try (FreezingForwarder other = new FreezingForwarder(new InetSocketAddress("127.0.0.1", server.url().getPort()),
                java.net.InetAddress.getByName("127.0.0.2"))) {
            cluster = new KubernetesProxyFixture(server, dir, allowingUpstream("wrong name"));
            cluster.startUnacknowledged("127.0.0.2", other.port());

            assertDeniedAndSilent("subject alternative names");
        }
    }

    /** The proxy runs deny-all, says why on stderr, and nothing reached the status ConfigMap. */
    private void assertDeniedAndSilent(String expectedInError) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!cluster.stderr().contains(expectedInError) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(cluster.stderr()).contains("starting with deny-all").contains(expectedInError);
        assertThat(get().statusCode()).isEqualTo(403);
        assertThat(cluster.statusConfigMap().getData()).isNullOrEmpty();
        assertThat(cluster.process.isAlive()).isTrue();
    }

    @Test
    void sighupReGetsAndSigtermDrainsWithTheStatusSayingSo() throws Exception {
        String routes = allowingUpstream("signals");
        start(routes, 300);
        cluster.awaitStatus(s -> s.path("generation").asLong() == 1, ACK);

        cluster.signal("HUP");
        JsonNode status = cluster.awaitStatus(s -> s.path("generation").asLong() == 2, ACK);
        assertThat(status.get("sha256").asText()).isEqualTo(sha(routes));

        cluster.signal("TERM");
        assertThat(cluster.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(cluster.process.exitValue()).isZero();
        assertThat(cluster.status().get("state").asText()).isEqualTo("draining");
    }
}
