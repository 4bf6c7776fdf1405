package dev.claudebottle.egress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** An in-process egress-proxy over a temporary directory, with a JDK HttpClient that trusts its CA. */
final class ProxyHarness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path routes;
    final Path caDir;
    final Path secretsDir;
    final Path status;
    final Path decisionLog;
    final EgressProxy proxy;

    private ProxyHarness(Path dir, Path routes, Path caDir, Path secretsDir, Path status, Path decisionLog, EgressProxy proxy) {
        this.dir = dir;
        this.routes = routes;
        this.caDir = caDir;
        this.secretsDir = secretsDir;
        this.status = status;
        this.decisionLog = decisionLog;
        this.proxy = proxy;
    }

    static ProxyHarness start(Path dir, String routesYaml, Map<String, String> secrets, List<String> upstreamCaPems) throws Exception {
        return start(dir, routesYaml, secrets, upstreamCaPems, ProxyOptions.Limits.defaults(), name -> null);
    }

    static ProxyHarness start(Path dir, String routesYaml, Map<String, String> secrets, List<String> upstreamCaPems,
            ProxyOptions.Limits limits, java.util.function.Function<String, String> env) throws Exception {
        Path routes = dir.resolve("routes.yaml");
        if (routesYaml != null) {
            Files.writeString(routes, routesYaml);
        }
        Path secretsDir = Files.createDirectories(dir.resolve("secrets"));
        for (Map.Entry<String, String> e : secrets.entrySet()) {
            Files.writeString(secretsDir.resolve(e.getKey()), e.getValue() + "\n");
        }
        List<Path> cas = new ArrayList<>();
        for (int i = 0; i < upstreamCaPems.size(); i++) {
            Path p = dir.resolve("upstream-ca-" + i + ".pem");
            Files.writeString(p, upstreamCaPems.get(i));
            cas.add(p);
        }
        Path caDir = dir.resolve("ca");
        Path status = dir.resolve("status.json");
        Path decisions = dir.resolve("decisions.jsonl");
        ProxyOptions options = new ProxyOptions(routes, new InetSocketAddress("127.0.0.1", 0), caDir, Optional.of(secretsDir),
                Optional.of(status), cas, Optional.of(decisions), limits);
        return new ProxyHarness(dir, routes, caDir, secretsDir, status, decisions, EgressProxy.start(options, env));
    }

    int port() {
        return proxy.address().getPort();
    }

    /** A JDK HttpClient using this proxy for everything and trusting only the proxy's CA. */
    HttpClient client() throws Exception {
        return HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port())))
                .sslContext(trustingProxyCa())
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    SSLContext trustingProxyCa() throws Exception {
        return trusting(caDir.resolve(CertificateAuthority.CERT_FILE));
    }

    static SSLContext trusting(Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(store);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    List<JsonNode> decisions() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(decisionLog)) {
            return out;
        }
        for (String line : Files.readAllLines(decisionLog, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    JsonNode status() throws IOException {
        return JSON.readTree(Files.readString(status));
    }

    void writeRoutes(String yaml) throws IOException {
        Files.writeString(routes, yaml);
    }

    /** Every byte the proxy wrote to disk outside its CA key: status, decision log, CA certificate. */
    String everythingWritten() throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path p : List.of(status, decisionLog, caDir.resolve(CertificateAuthority.CERT_FILE))) {
            if (Files.exists(p)) {
                all.append(Files.readString(p));
            }
        }
        return all.toString();
    }

    @Override
    public void close() {
        proxy.close();
    }
}
