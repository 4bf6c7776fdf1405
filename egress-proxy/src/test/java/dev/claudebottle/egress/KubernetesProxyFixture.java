package dev.claudebottle.egress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudebottle.kubernetes.testing.KubeApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One bottle's namespace on the real API server as `bottle up` lays it out for the proxy (PROTOCOL.md): the
 * ServiceAccount {@code egress-proxy}, its Role and RoleBinding (resourceNames!), the routes ConfigMap and the EMPTY
 * status ConfigMap; a ServiceAccount token from the TokenRequest API (bound to a Secret, so deleting that Secret
 * revokes it) in a private token/ca.crt/namespace directory; and the proxy as a real process started by
 * {@code bin/egress-proxy} from target/ (the image's class path: no fabric8) in Kubernetes mode. Deletes the namespace
 * and ends the process (by its PID) on close.
 */
final class KubernetesProxyFixture implements AutoCloseable {
    static final String ROUTES = "egress-proxy-routes";
    static final String STATUS = "egress-proxy-status";
    static final String ACCOUNT = "egress-proxy";

    final KubeApiServer server;
    final KubernetesClient admin;
    final String namespace;
    final Path dir;
    final Path serviceAccountDir;
    String token;
    Process process;
    int port;
    private int anchors;

    KubernetesProxyFixture(KubeApiServer server, Path dir, String routesYaml) throws Exception {
        this(server, dir, routesYaml, "egress-it-" + UUID.randomUUID().toString().substring(0, 8), "it");
    }

    /** As above in namespace {@code instance-bottle}, labelled as `bottle up` labels it (so the operator side finds it). */
    KubernetesProxyFixture(KubeApiServer server, Path dir, String routesYaml, String instance, String bottle) throws Exception {
        this.server = server;
        this.dir = dir;
        this.admin = server.client(KubeApiServer.ADMIN);
        this.namespace = instance + "-" + bottle;
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .addToLabels("claudebottle.dev/instance", instance).addToLabels("claudebottle.dev/bottle", bottle)
                .addToLabels("app.kubernetes.io/managed-by", "claude-bottle").endMetadata().build()).create();
        admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName(ACCOUNT).endMetadata().build()).create();
        admin.rbac().roles().inNamespace(namespace).resource(new RoleBuilder().withNewMetadata().withName(ACCOUNT).endMetadata()
                .addNewRule().withApiGroups("").withResources("configmaps").withResourceNames(ROUTES)
                .withVerbs("get", "list", "watch").endRule()
                .addNewRule().withApiGroups("").withResources("configmaps").withResourceNames(STATUS)
                .withVerbs("get", "update", "patch").endRule()
                .build()).create();
        admin.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata()
                .withName(ACCOUNT).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", ACCOUNT)
                .addNewSubject().withKind("ServiceAccount").withName(ACCOUNT).withNamespace(namespace).endSubject()
                .build()).create();
        if (routesYaml != null) {
            admin.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(ROUTES)
                    .endMetadata().addToData("routes.yaml", routesYaml).build()).create();
        }
        admin.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(STATUS)
                .endMetadata().build()).create();
        serviceAccountDir = Files.createDirectories(dir.resolve("serviceaccount"));
        Files.copy(server.caFile(), serviceAccountDir.resolve("ca.crt"));
        Files.writeString(serviceAccountDir.resolve("namespace"), namespace);
        token = mintToken();
        writeToken(token);
    }

    /** A fresh TokenRequest token of the proxy's ServiceAccount, bound to a new Secret (see {@link #revoke}). */
    String mintToken() {
        String anchor = "token-anchor-" + anchors++;
        Secret secret = admin.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(anchor)
                .endMetadata().build()).create();
        return admin.serviceAccounts().inNamespace(namespace).withName(ACCOUNT)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L)
                        .withNewBoundObjectRef().withApiVersion("v1").withKind("Secret").withName(anchor)
                        .withUid(secret.getMetadata().getUid()).endBoundObjectRef().endSpec().build())
                .getStatus().getToken();
    }

    /** Deletes the Secret the {@code n}-th minted token is bound to: the API server refuses that token from then on. */
    void revoke(int n) {
        admin.secrets().inNamespace(namespace).withName("token-anchor-" + n).delete();
    }

    /** Replaces the token file as the kubelet does: a whole new file renamed over the old one. */
    void writeToken(String value) throws Exception {
        Path tmp = serviceAccountDir.resolve(".token.tmp");
        Files.writeString(tmp, value);
        Files.move(tmp, serviceAccountDir.resolve("token"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Starts the proxy and waits until the status ConfigMap says it is running; returns its port. */
    int start(List<String> upstreamCaPems, long watchTimeoutSeconds) throws Exception {
        return start(upstreamCaPems, watchTimeoutSeconds, server.url().getPort());
    }

    /** As above, with the API server reached on {@code apiPort} of 127.0.0.1 (a forwarder in front of it). */
    int start(List<String> upstreamCaPems, long watchTimeoutSeconds, int apiPort) throws Exception {
        launch(upstreamCaPems, watchTimeoutSeconds, "127.0.0.1", apiPort);
        JsonNode running = awaitStatus(s -> s.path("state").asText().equals("running"), Duration.ofSeconds(30));
        String listen = running.get("listen").asText();
        port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
        return port;
    }

    /**
     * Starts the proxy with the API server at {@code apiHost:apiPort} and waits only for it to listen (its stderr says
     * where): for the cases where it must not be able to talk to the API server at all.
     */
    int startUnacknowledged(String apiHost, int apiPort) throws Exception {
        launch(List.of(), 300, apiHost, apiPort);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        java.util.regex.Pattern listening = java.util.regex.Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
        while (System.nanoTime() < deadline) {
            java.util.regex.Matcher m = listening.matcher(stderr());
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                return port;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("egress-proxy exited " + process.exitValue() + ": " + stderr());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("egress-proxy did not listen in 30 s: " + stderr());
    }

    private void launch(List<String> upstreamCaPems, long watchTimeoutSeconds, String apiHost, int apiPort) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of("..", "bin", "egress-proxy").toAbsolutePath().normalize().toString(),
                "--routes-from-kubernetes", ROUTES, "--status-to-kubernetes", STATUS,
                "--listen", "127.0.0.1:0", "--ca-dir", dir.resolve("ca").toString(),
                "--decision-log", dir.resolve("decisions.jsonl").toString()));
        for (int i = 0; i < upstreamCaPems.size(); i++) {
            Path p = dir.resolve("upstream-ca-" + i + ".pem");
            Files.writeString(p, upstreamCaPems.get(i));
            command.add("--upstream-ca");
            command.add(p.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .redirectError(dir.resolve("stderr.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.put("KUBERNETES_SERVICE_HOST", apiHost);
        env.put("KUBERNETES_SERVICE_PORT", Integer.toString(apiPort));
        env.put("EGRESS_PROXY_JAVA_OPTS", "-D" + InClusterConfig.TEST_DIRECTORY_PROPERTY + "=" + serviceAccountDir
                + " -D" + ConfigMapRoutes.WATCH_TIMEOUT_PROPERTY + "=" + watchTimeoutSeconds);
        process = builder.start();
    }

    ConfigMap statusConfigMap() {
        return admin.configMaps().inNamespace(namespace).withName(STATUS).get();
    }

    /** status.json of the status ConfigMap, or null while there is none. */
    JsonNode status() throws Exception {
        ConfigMap map = statusConfigMap();
        String json = map == null || map.getData() == null ? null : map.getData().get("status.json");
        return json == null ? null : ProxyHarness.JSON.readTree(json);
    }

    JsonNode awaitStatus(Predicate<JsonNode> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("egress-proxy exited " + process.exitValue() + ": " + stderr());
            }
            last = status();
            if (last != null && condition.test(last)) {
                return last;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("status never satisfied the condition in " + timeout + "; last: " + last + "\nstderr: " + stderr());
    }

    /** Replaces data routes.yaml of the routes ConfigMap (as the operator does). */
    void writeRoutes(String routesYaml) {
        admin.configMaps().inNamespace(namespace).withName(ROUTES)
                .edit(map -> new ConfigMapBuilder(map).addToData("routes.yaml", routesYaml).build());
    }

    String stderr() throws Exception {
        Path err = dir.resolve("stderr.log");
        return Files.exists(err) ? Files.readString(err) : "";
    }

    void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " failed");
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (process != null && process.isAlive()) {
                process.destroy();
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } finally {
            admin.namespaces().withName(namespace).delete();
            admin.close();
        }
    }

    /** VmRSS (KiB) and thread count of a process, from /proc. */
    static long[] rssAndThreads(long pid) throws Exception {
        long rss = -1;
        long threads = -1;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return new long[] {rss, threads};
    }

    /**
     * The same proxy in file mode (bin/egress-proxy, same JVM options), started in {@code fileDir} and left running just
     * long enough to measure it: its VmRSS and threads once it is listening, for comparison with the Kubernetes mode.
     */
    static long[] fileModeRssAndThreads(Path fileDir, String routesYaml) throws Exception {
        Files.createDirectories(fileDir);
        Files.writeString(fileDir.resolve("routes.yaml"), routesYaml);
        Path status = fileDir.resolve("status.json");
        Process file = new ProcessBuilder(Path.of("..", "bin", "egress-proxy").toAbsolutePath().normalize().toString(),
                "--routes", fileDir.resolve("routes.yaml").toString(), "--status", status.toString(),
                "--listen", "127.0.0.1:0", "--ca-dir", fileDir.resolve("ca").toString(),
                "--decision-log", fileDir.resolve("decisions.jsonl").toString())
                .redirectOutput(fileDir.resolve("stdout.log").toFile()).redirectError(fileDir.resolve("stderr.log").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!(Files.exists(status) && Files.readString(status).contains("\"running\"")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(1000);
            return rssAndThreads(file.pid());
        } finally {
            file.destroy();
            if (!file.waitFor(15, TimeUnit.SECONDS)) {
                file.destroyForcibly();
            }
        }
    }
}
