package dev.claudebottle.kubernetes.gateway;

import dev.claudebottle.kubernetes.BottleNamespaces;
import dev.claudebottle.kubernetes.StateLayout;
import dev.claudebottle.supervise.application.port.out.BottleLauncher;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.GatewayException.Reason;
import dev.claudebottle.supervise.application.port.out.LaunchRequest;
import dev.claudebottle.supervise.application.port.out.ProxyCredential;
import dev.claudebottle.supervise.application.port.out.RunningBottle;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs bottles on a Kubernetes cluster (docs/kubernetes.md "bottle up/down/ls on Kubernetes"): one labelled namespace
 * per bottle holding the objects of {@link BottleManifests}. {@link #up} creates them in order, waits for the sidecars
 * ({@link SidecarReadiness}) and then starts the agent; when a pod does not come up it says which and leaves the
 * objects for {@link #down}, which deletes every labelled object and then the namespace.
 */
final class KubernetesBottleLauncher implements BottleLauncher {
    public static final String NAME = "kubernetes";
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(180);
    public static final Duration DEFAULT_DOWN_WAIT = Duration.ofSeconds(30);

    private final KubeConnection connection;
    private final Supplier<BottleManifests.Images> images;
    private final Path stateHome;
    private final Duration readyTimeout;
    private final Duration downWait;

    /**
     * @param images the sidecars' images, asked for when a bottle is planned or started
     * @param stateHome {@code $CLAUDE_BOTTLE_HOME}: the operator's guardrail policy and the host copies of CA and token
     */
    KubernetesBottleLauncher(KubeConnection connection, Supplier<BottleManifests.Images> images, Path stateHome,
            Duration readyTimeout, Duration downWait) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.images = Objects.requireNonNull(images, "images");
        this.stateHome = stateHome.toAbsolutePath().normalize();
        this.readyTimeout = Objects.requireNonNull(readyTimeout, "readyTimeout");
        this.downWait = Objects.requireNonNull(downWait, "downWait");
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Whether the operator's listings and {@code down} look at this cluster: it was named, or this state home started a
     * bottle on it before ({@link KubeConnection#named()}).
     */
    boolean consulted() {
        return HostCopies.consulted(connection, stateHome);
    }

    @Override
    public boolean available() {
        try {
            // Chosen without --gateway only when the cluster was named or used from this state home before: a default
            // kubeconfig kept for other work never receives a bottle nobody asked to put there.
            return consulted() && connection.configured() && connection.answers();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The dry run: every object {@link #up} would create, as YAML; needs no cluster. */
    @Override
    public Optional<String> plan(LaunchRequest request) {
        return Optional.of(manifests(request, token(), ProxyCredential.generate()).toYaml());
    }

    @Override
    public RunningBottle up(LaunchRequest request) throws InterruptedException {
        BottleId bottle = request.bottle();
        String token = token();
        BottleManifests manifests = manifests(request, token, ProxyCredential.generate());
        KubernetesClient client = client(bottle);
        String namespace = manifests.names().namespace();
        boolean creating = false;
        try {
            HostCopies.markUsed(stateHome, connection.instance());
            prepareNamespace(client, bottle, namespace);
            creating = true;
            for (HasMetadata object : manifests.sidecarObjects()) {
                create(client, bottle, object);
            }
            SidecarReadiness.Outcome outcome = new SidecarReadiness(client, namespace).await(readyTimeout);
            if (outcome instanceof SidecarReadiness.Outcome.NotReady notReady) {
                throw new GatewayException(Reason.COMPONENT_NOT_RUNNING, bottle, null, "Kubernetes bottle " + bottle
                        + " did not become ready within " + readyTimeout.toSeconds() + " s: " + notReady.why());
            }
            String ca = ((SidecarReadiness.Outcome.Ready) outcome).caPem();
            create(client, bottle, manifests.agentConfig(ca));
            if (manifests.agentPod().isPresent()) {
                create(client, bottle, manifests.agentPod().get());
            }
            HostCopies copies = new HostCopies(stateHome, connection.instance(), bottle);
            copies.write(ca, token);
            return running(bottle, manifests.names(), copies, BottleInventory.components(client, namespace, false));
        } catch (LostRace e) {
            // Another `bottle up` of the same bottle created these objects first: they are its, not ours to remove.
            throw e.refusal;
        } catch (GatewayException e) {
            throw creating ? removedAfter(client, bottle, namespace, e) : e;
        } catch (KubernetesClientException e) {
            GatewayException failure = new GatewayException(Reason.OPERATION_FAILED, bottle, null,
                    "could not start Kubernetes bottle " + bottle + " in namespace " + namespace + ": " + message(e), e);
            throw creating ? removedAfter(client, bottle, namespace, failure) : failure;
        } catch (UncheckedIOException e) {
            // the namespace could not be made or read, or the kubeconfig not read: nothing of the bottle was created
            throw new GatewayException(Reason.ENGINE_UNREACHABLE, bottle, null, "could not start Kubernetes bottle "
                    + bottle + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new GatewayException(Reason.OPERATION_FAILED, bottle, null, "Kubernetes bottle " + bottle
                    + " runs but its CA and token could not be written under " + stateHome + ": " + e.getMessage(), e);
        }
    }

    /** A create refused because the object exists: another `up` of the same bottle got there first. */
    private static final class LostRace extends RuntimeException {
        private final transient GatewayException refusal;

        LostRace(GatewayException refusal) {
            super(refusal.getMessage(), null, false, false);
            this.refusal = refusal;
        }
    }

    /**
     * A failed {@code up} leaves nothing of the bottle's runtime behind (the port's promise): every labelled object it
     * created is deleted again. The namespace stays — it holds the bottle's state (proposals, audit), as after a
     * {@code down} of a bottle that runs elsewhere. The pods' states are in {@code failure}'s message already.
     */
    private GatewayException removedAfter(KubernetesClient client, BottleId bottle, String namespace, GatewayException failure) {
        try {
            new BottleObjects(client, namespace, new BottleNames(layout(), bottle).labels()).deleteAll();
            return new GatewayException(failure.reason(), bottle, failure.component(), failure.getMessage()
                    + "; what this `bottle up` created in namespace " + namespace + " was removed again", failure.getCause());
        } catch (KubernetesClientException | UncheckedIOException e) {
            return new GatewayException(failure.reason(), bottle, failure.component(), failure.getMessage()
                    + "; removing what was created in namespace " + namespace + " failed too (" + e.getMessage()
                    + "): `bottle down " + bottle + "` removes it", failure.getCause());
        }
    }

    /** The namespace exists, labelled as ours, not terminating, and holds no bottle yet. */
    private void prepareNamespace(KubernetesClient client, BottleId bottle, String namespace) {
        try {
            BottleNamespaces.all(client, layout()).ensure(bottle);
        } catch (IllegalStateException e) {
            throw new GatewayException(Reason.OPERATION_FAILED, bottle, null, e.getMessage());
        }
        Namespace existing = client.namespaces().withName(namespace).get();
        if (existing != null && existing.getMetadata().getDeletionTimestamp() != null) {
            throw new GatewayException(Reason.OPERATION_FAILED, bottle, null, "namespace " + namespace + " of bottle "
                    + bottle + " is still terminating (a `bottle down` is under way); wait until it is gone");
        }
        if (BottleInventory.holdsBottle(client, namespace)) {
            throw exists(bottle, namespace);
        }
    }

    private static GatewayException exists(BottleId bottle, String namespace) {
        return new GatewayException(Reason.OPERATION_FAILED, bottle, null, "Kubernetes bottle " + bottle
                + " already exists in namespace " + namespace + "; `bottle down " + bottle + "` removes it first");
    }

    private void create(KubernetesClient client, BottleId bottle, HasMetadata object) {
        try {
            client.resource(object).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                throw new LostRace(exists(bottle, object.getMetadata().getNamespace()));
            }
            throw new GatewayException(Reason.OPERATION_FAILED, bottle, null, "could not create " + object.getKind() + " "
                    + object.getMetadata().getName() + " in namespace " + object.getMetadata().getNamespace() + ": "
                    + message(e), e);
        }
    }

    @Override
    public boolean down(BottleId bottle) {
        if (!consulted()) {
            return false;
        }
        StateLayout layout = layout();
        String namespace = layout.namespace(bottle);
        boolean found;
        try {
            found = new HostCopies(stateHome, connection.instance(), bottle).remove();
        } catch (IOException e) {
            throw new GatewayException(Reason.OPERATION_FAILED, bottle, null, "could not remove the host copies of bottle "
                    + bottle + ": " + e.getMessage(), e);
        }
        if (!connection.configured()) {
            return found;
        }
        KubernetesClient client = connection.client();
        try {
            Namespace existing = client.namespaces().withName(namespace).get();
            if (existing == null) {
                return found;
            }
            if (layout.bottleOf(namespace, existing.getMetadata().getLabels()).isEmpty()) {
                throw new GatewayException(Reason.OPERATION_FAILED, bottle, null, "namespace " + namespace
                        + " is not labelled as bottle " + bottle + " of state instance " + layout.instance()
                        + "; refusing to delete it");
            }
            if (!BottleInventory.holdsBottle(client, namespace) && existing.getMetadata().getDeletionTimestamp() == null) {
                // Only the operator's state of a bottle that runs elsewhere: not this gateway's to delete.
                return found;
            }
            new BottleObjects(client, namespace, new BottleNames(layout, bottle).labels()).deleteAll();
            client.namespaces().withName(namespace).delete();
            awaitGone(client, namespace);
            return true;
        } catch (KubernetesClientException | UncheckedIOException e) {
            throw new GatewayException(Reason.OPERATION_FAILED, bottle, null, "removing Kubernetes bottle " + bottle
                    + " failed: " + message(e) + "; `kubectl delete namespace " + namespace + "` removes what is left", e);
        }
    }

    private void awaitGone(KubernetesClient client, String namespace) {
        long deadline = System.nanoTime() + downWait.toNanos();
        while (client.namespaces().withName(namespace).get() != null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Bottles of the instance whose namespace holds this gateway's objects, with each pod's state. */
    @Override
    public List<RunningBottle> list() {
        if (!connection.configured() || !consulted()) {
            return List.of();
        }
        KubernetesClient client = connection.client();
        StateLayout layout = layout();
        List<RunningBottle> bottles = new ArrayList<>();
        try {
            for (Map.Entry<BottleId, String> entry : BottleNamespaces.all(client, layout).existing().bottles().entrySet()) {
                Namespace namespace = client.namespaces().withName(entry.getValue()).get();
                boolean terminating = namespace != null && namespace.getMetadata().getDeletionTimestamp() != null;
                if (namespace == null || !(terminating || BottleInventory.holdsBottle(client, entry.getValue()))) {
                    continue;
                }
                bottles.add(running(entry.getKey(), new BottleNames(layout, entry.getKey()),
                        new HostCopies(stateHome, connection.instance(), entry.getKey()),
                        BottleInventory.components(client, entry.getValue(), terminating)));
            }
        } catch (KubernetesClientException | UncheckedIOException e) {
            throw new GatewayException(Reason.ENGINE_UNREACHABLE, null, null, "could not list the Kubernetes bottles of"
                    + " state instance " + layout.instance() + ": " + message(e), e);
        }
        return bottles;
    }

    private RunningBottle running(BottleId bottle, BottleNames names, HostCopies copies, Map<Component, String> components) {
        return new RunningBottle(bottle, NAME, names.proxyUrl(), copies.caFile().toString(), names.mcpUrl(),
                copies.tokenFile().toString(), components);
    }

    private BottleManifests manifests(LaunchRequest request, String token, ProxyCredential credential) {
        try {
            return BottleManifests.of(request, connection.instance(), images.get(), token, credential, policy());
        } catch (IllegalArgumentException e) {
            throw new GatewayException(Reason.OPERATION_FAILED, request.bottle(), null, e.getMessage(), e);
        }
    }

    /** The operator's guardrail policy, {@code $CLAUDE_BOTTLE_HOME/policy.yaml}, as the Docker gateway hands it over. */
    private Optional<String> policy() {
        Path file = stateHome.resolve("policy.yaml");
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the guardrail policy " + file + ": " + e.getMessage(), e);
        }
    }

    private KubernetesClient client(BottleId bottle) {
        String kubeconfig = connection.kubeconfig().map(Path::toString).orElse("$KUBECONFIG or ~/.kube/config");
        if (!connection.configured()) {
            throw new GatewayException(Reason.ENGINE_UNREACHABLE, bottle, null, "no Kubernetes cluster is configured: "
                    + kubeconfig + " is not a file; pass --kubeconfig FILE (and --context NAME)");
        }
        if (!connection.answers()) {
            throw new GatewayException(Reason.ENGINE_UNREACHABLE, bottle, null, "could not start Kubernetes bottle "
                    + bottle + ": the cluster of " + kubeconfig + connection.context().map(c -> " (context " + c + ")")
                    .orElse("") + " does not answer within " + KubeConnection.PROBE_TIMEOUT_MS / 1000 + " s");
        }
        return connection.client();
    }

    private StateLayout layout() {
        return new StateLayout(connection.instance());
    }

    private static String message(RuntimeException e) {
        return e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null
                ? k.getStatus().getMessage() : e.getMessage();
    }

    private static String token() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
