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
    private static final Pattern INSTANCE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?");

    private final Optional<Path> kubeconfig;
    private final Optional<String> context;
    private final String instance;
    private final boolean inCluster;
    private KubernetesClient client;

    private KubeConnection(Optional<Path> kubeconfig, Optional<String> context, String instance, boolean inCluster) {
        this.kubeconfig = Objects.requireNonNull(kubeconfig, "kubeconfig");
        this.context = Objects.requireNonNull(context, "context");
        if (!INSTANCE.matcher(instance).matches()) {
            throw new IllegalArgumentException("not a Kubernetes state instance name (1-40 lower-case letters, digits"
                    + " and '-', starting and ending with a letter or digit): " + instance);
        }
        this.instance = instance;
        this.inCluster = inCluster;
    }

    /** An operator's connection: {@code kubeconfig} (empty: $KUBECONFIG or ~/.kube/config) and {@code context}. */
    public static KubeConnection of(Optional<Path> kubeconfig, Optional<String> context, String instance) {
        return new KubeConnection(kubeconfig, context, instance, false);
    }

    /** The connection {@code env} describes (see the class comment); nothing is read from disk yet. */
    public static KubeConnection fromEnvironment(Map<String, String> env) {
        Optional<Path> kubeconfig = Optional.ofNullable(env.get("KUBECONFIG")).filter(s -> !s.isBlank())
                .map(s -> Path.of(s.split(java.io.File.pathSeparator)[0]));
        Optional<String> context = Optional.ofNullable(env.get("CLAUDE_BOTTLE_KUBE_CONTEXT")).filter(s -> !s.isBlank());
        String instance = Optional.ofNullable(env.get("CLAUDE_BOTTLE_KUBE_INSTANCE")).filter(s -> !s.isBlank())
                .orElse(KubernetesStore.DEFAULT_INSTANCE);
        return of(kubeconfig, context, instance);
    }

    /** A pod's own connection: its mounted ServiceAccount token and the cluster's CA, as every in-cluster client. */
    public static KubeConnection inCluster(String instance) {
        return new KubeConnection(Optional.empty(), Optional.empty(), instance, true);
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

    /** Whether the cluster answers (its {@code /version}) within the client's request timeout. */
    public boolean answers() {
        if (!configured()) {
            return false;
        }
        try {
            client().getKubernetesVersion();
            return true;
        } catch (KubernetesClientException | IllegalStateException | UncheckedIOException e) {
            return false;
        }
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
        return Config.fromKubeconfig(context.orElse(null), text, file.toString());
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
    }
}
