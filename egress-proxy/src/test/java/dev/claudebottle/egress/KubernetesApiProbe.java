package dev.claudebottle.egress;

import dev.claudebottle.kubernetes.testing.KubeApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Raw API calls with a given bearer token over the JDK HttpClient (what a compromised proxy could send), answering the
 * HTTP status: the RBAC checks ask the real authoriser, not a client library's idea of it.
 */
final class KubernetesApiProbe {
    private final KubeApiServer server;
    private final String namespace;
    private final HttpClient http;

    KubernetesApiProbe(KubeApiServer server, String namespace) throws Exception {
        this.server = server;
        this.namespace = namespace;
        this.http = HttpClient.newBuilder().sslContext(ProxyHarness.trusting(server.caFile()))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    int get(String token, String path) throws Exception {
        return send(token, request(path).GET());
    }

    /** GET as admin, then PUT with {@code token} the object with one data key changed. */
    int replaceData(String token, String name, String key, String value) throws Exception {
        String path = "/api/v1/namespaces/" + namespace + "/configmaps/" + name;
        HttpResponse<String> current = http.send(request(path).header("Authorization", "Bearer "
                + KubeApiServer.token(KubeApiServer.ADMIN)).GET().build(), HttpResponse.BodyHandlers.ofString());
        var object = (com.fasterxml.jackson.databind.node.ObjectNode) ProxyHarness.JSON.readTree(current.body());
        var data = object.has("data") ? (com.fasterxml.jackson.databind.node.ObjectNode) object.get("data") : object.putObject("data");
        data.put(key, value);
        return send(token, request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(object.toString())));
    }

    int create(String token, String name) throws Exception {
        return send(token, request("/api/v1/namespaces/" + namespace + "/configmaps").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\""
                        + name + "\"},\"data\":{\"a\":\"b\"}}")));
    }

    int delete(String token, String name) throws Exception {
        return send(token, request("/api/v1/namespaces/" + namespace + "/configmaps/" + name).DELETE());
    }

    /** Waits until the server refuses {@code token} (401): a revoked token's bound object is gone. */
    void awaitRefused(String token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int last = 0;
        while (System.nanoTime() < deadline) {
            last = get(token, "/api/v1/namespaces/" + namespace + "/configmaps/" + KubernetesProxyFixture.STATUS);
            if (last == 401) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the revoked token still answered HTTP " + last);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(10));
    }

    private int send(String token, HttpRequest.Builder request) throws Exception {
        return http.send(request.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
