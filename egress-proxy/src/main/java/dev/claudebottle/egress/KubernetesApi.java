package dev.claudebottle.egress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The few ConfigMap calls the proxy's Kubernetes mode makes, over the JDK's own HTTP client (java.net.http; no
 * Kubernetes client library: the sidecar stays small, see docs/egress-proxy.md "Kubernetes mode"). TLS is verified
 * against the cluster CA with the JDK's host name check; the token is read from its file for each request.
 * Thread-safe.
 */
final class KubernetesApi implements AutoCloseable {
    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final InClusterConfig config;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;

    KubernetesApi(InClusterConfig config) throws IOException {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .sslContext(trusting(config))
                .connectTimeout(CALL_TIMEOUT)
                .executor(executor)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** A call's answer: the HTTP status and the JSON body (a Kubernetes object or Status). */
    record Answer(int status, JsonNode body) {}

    String namespace() {
        return config.namespace();
    }

    /** {@code namespace/name} of one of this namespace's objects, for messages. */
    String where(String name) {
        return config.namespace() + "/" + name;
    }

    /** ": " and the message of a Kubernetes {@code Status} body, or nothing when it has none. */
    static String statusMessage(JsonNode status) {
        String message = status.path("message").asText("");
        return message.isEmpty() ? "" : ": " + message;
    }

    Answer getConfigMap(String name) throws IOException, InterruptedException {
        return call(request(configMapPath(name)).GET());
    }

    /** PUT: {@code object} carries the resourceVersion it was read at, so a concurrent change answers 409. */
    Answer replaceConfigMap(String name, JsonNode object) throws IOException, InterruptedException {
        return call(request(configMapPath(name)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(object))));
    }

    /**
     * Watches one ConfigMap from {@code resourceVersion}: the only form RBAC {@code resourceNames} allows for a watch
     * (a field selector on the name). The server ends the watch after {@code timeoutSeconds}. Returns the HTTP status
     * and, when 200, the event lines; the caller closes them.
     */
    Watch watchConfigMap(String name, String resourceVersion, long timeoutSeconds) throws IOException, InterruptedException {
        String query = "?fieldSelector=" + URLEncoder.encode("metadata.name=" + name, StandardCharsets.UTF_8)
                + "&watch=true&allowWatchBookmarks=true&timeoutSeconds=" + timeoutSeconds
                + "&resourceVersion=" + URLEncoder.encode(resourceVersion, StandardCharsets.UTF_8);
        HttpResponse<Stream<String>> response = http.send(request("/api/v1/namespaces/" + config.namespace() + "/configmaps"
                + query).GET().build(), HttpResponse.BodyHandlers.ofLines());
        return new Watch(response.statusCode(), response.body());
    }

    /** An open watch: its status and its event lines (one JSON object each). */
    record Watch(int status, Stream<String> lines) implements AutoCloseable {
        @Override
        public void close() {
            lines.close();
        }
    }

    private String configMapPath(String name) {
        return "/api/v1/namespaces/" + config.namespace() + "/configmaps/" + name;
    }

    private HttpRequest.Builder request(String path) throws IOException {
        return HttpRequest.newBuilder(URI.create(config.server() + path))
                .header("Authorization", "Bearer " + config.token())
                .header("Accept", "application/json")
                .timeout(CALL_TIMEOUT);
    }

    private Answer call(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (IOException e) {
                json = null;
            }
            return new Answer(response.statusCode(), json == null ? JSON.nullNode() : json);
        }
    }

    private static SSLContext trusting(InClusterConfig config) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(config.caFile())) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IOException("no certificate in " + config.caFile());
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trust.setCertificateEntry("cluster-ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the cluster CA " + config.caFile() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        http.shutdownNow();
        executor.shutdownNow();
    }
}
