package dev.claudebottle.kubernetes.testing;

import dev.claudebottle.kubernetes.KubernetesStore;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real etcd and kube-apiserver on loopback ports, for the integration tests: token-file users, RBAC, and
 * ServiceAccount signing keys (so the TokenRequest API issues real tokens). TLS is real: clients trust the
 * server's self-signed CA read from its certificate directory. The custom resources and ClusterRoles of the store
 * are installed. Both processes are ended by PID when the test JVM's root extension context closes.
 *
 * <p>kube-apiserver comes from {@code bin/kube-apiserver-cache} (run by {@code .ci/run}); etcd from Debian's
 * {@code etcd-server}. Missing binaries fail the tests, saying what to run; they are never skipped.
 */
public final class KubeApiServer implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    public static final String VERSION = "1.20.2";
    /** The cache directory's key: version and recipe revision of bin/kube-apiserver-cache. */
    public static final String BUILD = VERSION + "-r2";
    public static final String ADMIN = "admin";
    public static final String ALICE = "alice";
    public static final String BOB = "bob";
    public static final String MALLORY = "mallory";
    /** The group the token-file operators belong to; the tests bind the operator ClusterRole to it. */
    public static final String OPERATORS = "claude-bottle-operators";

    private final Path directory;
    private final List<Process> processes = new ArrayList<>();
    private final URI url;
    private final Path caFile;

    private KubeApiServer(Path directory, URI url, Path caFile) {
        this.directory = directory;
        this.url = url;
        this.caFile = caFile;
    }

    /** The one server of this test JVM, started on first use. */
    public static KubeApiServer shared(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(KubeApiServer.class, key -> start(), KubeApiServer.class);
    }

    public static Path apiServerBinary() {
        String override = System.getenv("KUBE_APISERVER");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String root = System.getenv().getOrDefault("CLAUDE_BOTTLE_KUBE_CACHE", "/var/cache/claude-bottle");
        return Path.of(root, "kube-apiserver-" + BUILD, "kube-apiserver");
    }

    public static Path etcdBinary() {
        String override = System.getenv("ETCD");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "etcd");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return Path.of("/usr/bin/etcd");
    }

    public static KubeApiServer start() {
        return start("127.0.0.1");
    }

    /**
     * A server that containers on this machine's Docker engine reach too (the Kubernetes stand-in's pods): bound to
     * the address of the engine's default bridge ({@code docker0}, what {@code host-gateway} names in a container),
     * not to every interface, so the well-known test tokens are not offered to the network. Host clients use the
     * same address ({@link #url()}); the serving certificate covers it and {@code kubernetes.default.svc}.
     */
    public static KubeApiServer startForContainers() {
        String bridge = dockerBridgeAddress();
        KubeApiServer server = start(bridge);
        try {
            List<String> names = server.servingCertificateNames();
            for (String needed : List.of(bridge, IN_CLUSTER_HOST)) {
                if (!names.contains(needed)) {
                    throw new IllegalStateException("the API server's serving certificate does not name " + needed
                            + " (it names " + names + "); containers could not verify it");
                }
            }
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The host name in-cluster clients use for the API server (a kubelet's {@code KUBERNETES_SERVICE_HOST}). */
    public static final String IN_CLUSTER_HOST = "kubernetes.default.svc";

    /** The IPv4 address of the Docker engine's default bridge, {@code docker0}: where {@code host-gateway} points. */
    public static String dockerBridgeAddress() {
        try {
            java.net.NetworkInterface bridge = java.net.NetworkInterface.getByName("docker0");
            if (bridge != null) {
                for (java.net.InetAddress address : java.util.Collections.list(bridge.getInetAddresses())) {
                    if (address instanceof java.net.Inet4Address) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (java.net.SocketException e) {
            throw new IllegalStateException("cannot read the network interfaces: " + e.getMessage(), e);
        }
        throw new IllegalStateException("no docker0 interface with an IPv4 address: the API server for containers is"
                + " bound to the Docker engine's default bridge; is the Docker engine running on this machine?");
    }

    /** The DNS names and IP addresses of the serving certificate's subjectAltName. */
    public List<String> servingCertificateNames() {
        try (var in = Files.newInputStream(caFile)) {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            List<String> names = new ArrayList<>();
            if (certificate.getSubjectAlternativeNames() != null) {
                for (List<?> name : certificate.getSubjectAlternativeNames()) {
                    names.add(String.valueOf(name.get(1)));
                }
            }
            return names;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the serving certificate " + caFile + ": " + e.getMessage(), e);
        }
    }

    /** The TCP port the API server serves on. */
    public int port() {
        return url.getPort();
    }

    private static KubeApiServer start(String address) {
        Path apiserver = apiServerBinary();
        Path etcd = etcdBinary();
        if (!Files.isExecutable(apiserver)) {
            throw new IllegalStateException("no kube-apiserver " + VERSION + " at " + apiserver
                    + ": run bin/kube-apiserver-cache (as .ci/run does) to build it once for this machine");
        }
        if (!Files.isExecutable(etcd)) {
            throw new IllegalStateException("no etcd at " + etcd + ": apt-get install etcd-server (as .ci/run does)");
        }
        Path directory;
        try {
            directory = Files.createTempDirectory("claude-bottle-kube-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KubeApiServer server = null;
        List<Process> started = new ArrayList<>();
        try {
            int etcdPort = freePort();
            int peerPort = freePort();
            int apiPort = freePort();
            writeKeys(directory);
            Files.writeString(directory.resolve("tokens.csv"), String.join("\n",
                    token(ADMIN) + "," + ADMIN + ",1,\"system:masters\"",
                    token(ALICE) + "," + ALICE + ",2,\"" + OPERATORS + "\"",
                    token(BOB) + "," + BOB + ",3,\"" + OPERATORS + "\"",
                    token(MALLORY) + "," + MALLORY + ",4") + "\n");
            started.add(launch(directory, "etcd", List.of(etcd.toString(),
                    "--name=default", "--data-dir=" + directory.resolve("etcd"),
                    "--listen-client-urls=http://127.0.0.1:" + etcdPort,
                    "--advertise-client-urls=http://127.0.0.1:" + etcdPort,
                    "--listen-peer-urls=http://127.0.0.1:" + peerPort,
                    "--initial-advertise-peer-urls=http://127.0.0.1:" + peerPort,
                    "--initial-cluster=default=http://127.0.0.1:" + peerPort)));
            started.add(launch(directory, "kube-apiserver", List.of(apiserver.toString(),
                    "--etcd-servers=http://127.0.0.1:" + etcdPort,
                    "--bind-address=" + address, "--advertise-address=" + address,
                    "--secure-port=" + apiPort, "--insecure-port=0",
                    "--cert-dir=" + directory.resolve("certs"),
                    "--token-auth-file=" + directory.resolve("tokens.csv"),
                    "--authorization-mode=Node,RBAC",
                    "--service-account-issuer=https://kubernetes.default.svc",
                    "--service-account-key-file=" + directory.resolve("sa.pub"),
                    "--service-account-signing-key-file=" + directory.resolve("sa.key"),
                    "--service-cluster-ip-range=10.96.0.0/16")));
            URI url = URI.create("https://" + address + ":" + apiPort);
            Path ca = directory.resolve("certs").resolve("apiserver.crt");
            server = new KubeApiServer(directory, url, ca);
            server.processes.addAll(started);
            // Also when the test JVM is stopped early (Ctrl-C, a Maven timeout): end both by PID.
            KubeApiServer ending = server;
            Runtime.getRuntime().addShutdownHook(new Thread(ending::close, "kube-apiserver-stop"));
            server.awaitReady(Duration.ofSeconds(90));
            try (KubernetesClient admin = server.client(ADMIN)) {
                KubernetesStore.installCustomResources(admin);
                KubernetesStore.installRoles(admin);
                admin.rbac().clusterRoleBindings().resource(new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder()
                        .withNewMetadata().withName("claude-bottle-operators").endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "claude-bottle-operator")
                        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName(OPERATORS)
                        .endSubject().build()).create();
            }
            return server;
        } catch (Exception e) {
            if (server != null) {
                server.close();
            } else {
                started.forEach(KubeApiServer::end);
            }
            throw new IllegalStateException("could not start etcd + kube-apiserver (logs in " + directory + "): "
                    + e.getMessage(), e);
        }
    }

    private static Process launch(Path directory, String name, List<String> command) throws IOException {
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve(name + ".log").toFile())
                .start();
    }

    /** Waits until {@code /readyz} answers {@code ok} over TLS verified against the server's own CA. */
    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("a process exited with " + process.exitValue() + " before /readyz"
                            + " answered; see " + directory + "/*.log");
                }
            }
            if (Files.exists(caFile)) {
                try {
                    HttpClient http = HttpClient.newBuilder().sslContext(trusting(caFile))
                            .connectTimeout(Duration.ofSeconds(2)).build();
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(url.resolve("/readyz"))
                            .header("Authorization", "Bearer " + token(ADMIN)).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && response.body().equals("ok")) {
                        return;
                    }
                    last = response.statusCode() + " " + response.body();
                } catch (IOException e) {
                    last = e.toString();
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("/readyz did not answer ok within " + timeout + " (last: " + last + ")");
    }

    private static SSLContext trusting(Path caFile) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = Files.newInputStream(caFile)) {
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, (X509Certificate) cert);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    public static String token(String user) {
        return "token-of-" + user;
    }

    /** The server's CA certificate (PEM): what in-cluster clients find as {@code ca.crt}. */
    public Path caFile() {
        return caFile;
    }

    public URI url() {
        return url;
    }

    /** A client authenticated as a token-file user. */
    public KubernetesClient client(String user) {
        return clientWithToken(token(user));
    }

    /** A client authenticated by {@code token} (a token-file user's, or a ServiceAccount's from TokenRequest). */
    public KubernetesClient clientWithToken(String token) {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig(token))).build();
    }

    /** A kubeconfig file's text for {@code token}, with this server and its CA. */
    public String kubeconfig(String token) {
        String ca;
        try {
            ca = Base64.getEncoder().encodeToString(Files.readAllBytes(caFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: test",
                "  cluster:",
                "    server: " + url,
                "    certificate-authority-data: " + ca,
                "users:",
                "- name: user",
                "  user:",
                "    token: " + token,
                "contexts:",
                "- name: test",
                "  context: {cluster: test, user: user}",
                "current-context: test",
                "");
    }

    /** Writes a kubeconfig file for {@code token} and returns its path. */
    public Path kubeconfigFile(String name, String token) {
        try {
            Path file = directory.resolve("kubeconfig-" + name);
            Files.writeString(file, kubeconfig(token), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            end(processes.get(i));
        }
        processes.clear();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }

    /** Ends one process this harness started, by its PID: SIGTERM, then SIGKILL after 10 s. */
    private static void end(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void writeKeys(Path directory) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.writeString(directory.resolve("sa.key"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(directory.resolve("sa.pub"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
