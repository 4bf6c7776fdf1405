package dev.claudebottle.kubernetes.gateway;

import dev.claudebottle.kubernetes.KubernetesStore;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which cluster the Kubernetes gateway talks to and as whom: a kubeconfig file (default: {@code $KUBECONFIG}, else
 * {@code ~/.kube/config}) and one of its contexts (default: its current context), or the in-cluster credentials of a
 * pod (the mounted ServiceAccount token, {@code ca.crt} and {@code KUBERNETES_SERVICE_HOST}/{@code _PORT}); and the
 * state instance whose namespaces ({@code <instance>-<bottle>}) it owns. The client is built on first use, once.
 *
 * <p>Environment: {@code KUBECONFIG}, {@code CLAUDE_BOTTLE_KUBE_CONTEXT}, {@code CLAUDE_BOTTLE_KUBE_INSTANCE}
 * (the CLI's {@code --kubeconfig} and {@code --context} set the first two).
 */
public final class KubeConnection implements AutoCloseable {
    /** How often an operator's request is retried after a connection failure (in a pod: the client's default). */
    static final int OPERATOR_RETRIES = 2;
    private static final Pattern INSTANCE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?");

    private final Optional<Path> kubeconfig;
    private final Optional<String> context;
    private final String instance;
    private final boolean inCluster;
    private final boolean named;
    private KubernetesClient client;
    private KubernetesClient probe;

    private KubeConnection(Optional<Path> kubeconfig, Optional<String> context, String instance, boolean inCluster,
            boolean named) {
        this.kubeconfig = Objects.requireNonNull(kubeconfig, "kubeconfig");
        this.context = Objects.requireNonNull(context, "context");
        if (!INSTANCE.matcher(instance).matches()) {
            throw new IllegalArgumentException("not a Kubernetes state instance name (1-40 lower-case letters, digits"
                    + " and '-', starting and ending with a letter or digit): " + instance);
        }
        this.instance = instance;
        this.inCluster = inCluster;
        this.named = named;
    }

    /**
     * An operator's connection that code chose on purpose ({@link #named()}): {@code kubeconfig} (empty: $KUBECONFIG or
     * ~/.kube/config) and {@code context}.
     */
    public static KubeConnection of(Optional<Path> kubeconfig, Optional<String> context, String instance) {
        return of(kubeconfig, context, instance, true);
    }

    /** An operator's connection; {@code named}: see {@link #named()}. */
    public static KubeConnection of(Optional<Path> kubeconfig, Optional<String> context, String instance, boolean named) {
        return new KubeConnection(kubeconfig, context, instance, false, named);
    }

    /** The connection {@code env} describes (see the class comment); nothing is read from disk yet. */
    public static KubeConnection fromEnvironment(Map<String, String> env) {
        Optional<Path> kubeconfig = Optional.ofNullable(env.get("KUBECONFIG")).filter(s -> !s.isBlank())
                .map(s -> Path.of(s.split(java.io.File.pathSeparator)[0]));
        Optional<String> context = Optional.ofNullable(env.get("CLAUDE_BOTTLE_KUBE_CONTEXT")).filter(s -> !s.isBlank());
        String instance = Optional.ofNullable(env.get("CLAUDE_BOTTLE_KUBE_INSTANCE")).filter(s -> !s.isBlank())
                .orElse(KubernetesStore.DEFAULT_INSTANCE);
        boolean named = context.isPresent() || Optional.ofNullable(env.get("CLAUDE_BOTTLE_KUBE_INSTANCE"))
                .filter(v -> !v.isBlank()).isPresent();
        return of(kubeconfig, context, instance, named);
    }

    /** A pod's own connection: its mounted ServiceAccount token and the cluster's CA, as every in-cluster client. */
    public static KubeConnection inCluster(String instance) {
        return new KubeConnection(Optional.empty(), Optional.empty(), instance, true, true);
    }

    /**
     * Whether claude-bottle was pointed at this cluster on purpose ({@code --kubeconfig}, {@code --context},
     * {@code CLAUDE_BOTTLE_KUBE_CONTEXT}, {@code CLAUDE_BOTTLE_KUBE_INSTANCE}, or by code), rather than it being just
     * the default kubeconfig an operator has for other work ({@code ~/.kube/config}, {@code $KUBECONFIG}). The operator's
     * commands consult the state of a cluster only when it is named or this state home has used it before, so a stale or
     * unrelated kubeconfig never slows down or clutters the commands of an operator of local and Docker bottles.
     */
    public boolean named() {
        return named;
    }

    public String instance() {
        return instance;
    }

    /** The kubeconfig file this connection reads (empty in a pod, or when the default applies). */
    public Optional<Path> kubeconfig() {
        return kubeconfig;
    }

    public Optional<String> context() {
        return context;
    }

    /** The client, built on first use. */
    public synchronized KubernetesClient client() {
        if (client == null) {
            client = new KubernetesClientBuilder().withConfig(config()).build();
        }
        return client;
    }

    /** Whether a kubeconfig (or in-cluster credentials) exists at all: without one the gateway is not offered. */
    public boolean configured() {
        if (inCluster) {
            return System.getenv("KUBERNETES_SERVICE_HOST") != null;
        }
        return Files.isRegularFile(kubeconfig.orElseGet(KubeConnection::defaultKubeconfig));
    }

    /**
     * Whether the cluster answers (its {@code /version}) within {@link #PROBE_TIMEOUT_MS}: one request, no retries, so
     * a kubeconfig whose cluster is gone costs seconds, not the client's minute of retries with backoff.
     */
    public boolean answers() {
        if (!configured()) {
            return false;
        }
        try {
            probe().getKubernetesVersion();
            return true;
        } catch (KubernetesClientException | IllegalStateException | UncheckedIOException e) {
            return false;
        }
    }

    /** How long {@link #answers()} waits for a connection, and then for the answer. */
    public static final int PROBE_TIMEOUT_MS = 3000;

    private synchronized KubernetesClient probe() {
        if (probe == null) {
            Config config = config();
            config.setRequestRetryBackoffLimit(0);
            config.setConnectionTimeout(PROBE_TIMEOUT_MS);
            config.setRequestTimeout(PROBE_TIMEOUT_MS);
            probe = new KubernetesClientBuilder().withConfig(config).build();
        }
        return probe;
    }

    private Config config() {
        if (inCluster) {
            // In a pod: KUBERNETES_SERVICE_HOST/_PORT and /var/run/secrets/kubernetes.io/serviceaccount/{token,ca.crt},
            // never a kubeconfig file that happens to be in the image or home directory (a sidecar acts only as its
            // own ServiceAccount).
            String previous = System.getProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY);
            System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
            try {
                return Config.autoConfigure(null);
            } finally {
                if (previous == null) {
                    System.clearProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY);
                } else {
                    System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, previous);
                }
            }
        }
        Path file = kubeconfig.orElseGet(KubeConnection::defaultKubeconfig);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + file + ": " + e.getMessage(), e);
        }
        Config config = Config.fromKubeconfig(context.orElse(null), text, file.toString());
        // The operator's CLI must not wait ~20 s per call on a cluster that refuses connections (the client's default is
        // 10 retries with exponential back-off); two short retries still cover a dropped connection.
        config.setRequestRetryBackoffLimit(OPERATOR_RETRIES);
        return config;
    }

    private static Path defaultKubeconfig() {
        return Path.of(System.getProperty("user.home"), ".kube", "config");
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (probe != null) {
            probe.close();
            probe = null;
        }
    }
}
