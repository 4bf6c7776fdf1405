package dev.claudebottle.kubernetes;

import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
import dev.claudebottle.supervise.model.BottleId;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The supervisor's shared state on a Kubernetes API server (docs/kubernetes.md): {@link ProposalQueue},
 * {@link AuditLog}, {@link VersionHistory} and {@link BottleLocks}, each bottle a labelled namespace named
 * {@code <instance>-<bottle>}. Open it with {@link #open} for the operator's view of every bottle, or with
 * {@link #openBottle} inside one bottle (its supervise account sees its own namespace only). The store keeps no
 * state in memory beyond the client; instances are thread-safe.
 */
public final class KubernetesStore {
    /** The instance name used when none is given: namespaces {@code claude-bottle-<bottle>}. */
    public static final String DEFAULT_INSTANCE = "claude-bottle";
    /** How long a crashed holder keeps a bottle locked. */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);
    /** The custom resource definitions the store needs, as a classpath resource of this module. */
    public static final String CRDS = "/dev/claudebottle/kubernetes/crds.yaml";
    /** The ClusterRoles of the operator and of the supervise account, as a classpath resource of this module. */
    public static final String RBAC = "/dev/claudebottle/kubernetes/rbac.yaml";

    private final ProposalQueue queue;
    private final AuditLog auditLog;
    private final VersionHistory history;
    private final BottleLocks locks;
    private final BottleNamespaces namespaces;

    private KubernetesStore(KubernetesClient client, BottleNamespaces namespaces, Duration leaseDuration) {
        this.namespaces = namespaces;
        this.queue = new KubernetesProposalQueue(client, namespaces);
        this.auditLog = new KubernetesAuditLog(client, namespaces);
        this.history = new KubernetesVersionHistory(client, namespaces);
        this.locks = new LeaseBottleLocks(client, namespaces, leaseDuration);
    }

    /** Every bottle of state instance {@code instance} that {@code client} can see. */
    public static KubernetesStore open(KubernetesClient client, String instance, Duration leaseDuration) {
        return new KubernetesStore(client, BottleNamespaces.all(client, new StateLayout(instance)), leaseDuration);
    }

    /** Bottle {@code bottle} of state instance {@code instance} alone; never lists or creates namespaces. */
    public static KubernetesStore openBottle(KubernetesClient client, String instance, BottleId bottle) {
        return new KubernetesStore(client, BottleNamespaces.single(client, new StateLayout(instance), bottle),
                DEFAULT_LEASE_DURATION);
    }

    /** The namespace that holds {@code bottle} in state instance {@code instance}. */
    public static String namespace(String instance, BottleId bottle) {
        return new StateLayout(instance).namespace(bottle);
    }

    /**
     * Creates or updates the custom resource definitions ({@link #CRDS}) and waits until the API server serves them.
     * Needs cluster-admin rights; done once per cluster.
     */
    public static void installCustomResources(KubernetesClient client) {
        List<HasMetadata> applied = apply(client, CRDS);
        for (HasMetadata crd : applied) {
            client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                    .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                            && c.getStatus().getConditions().stream().anyMatch(
                                    cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
                            30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Creates or updates the operator's and the supervise account's ClusterRoles ({@link #RBAC}). */
    public static void installRoles(KubernetesClient client) {
        apply(client, RBAC);
    }

    /** The ClusterRoleBinding {@link #bindOperators} writes. */
    public static final String OPERATORS_BINDING = "claude-bottle-operators";

    /**
     * Creates or updates the ClusterRoleBinding {@value #OPERATORS_BINDING} of ClusterRole {@code claude-bottle-operator}
     * to the users of {@code group}. Needs the rights to bind that role (cluster-admin).
     */
    public static void bindOperators(KubernetesClient client, String group) {
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("the operators' group name is empty");
        }
        try {
            client.rbac().clusterRoleBindings().resource(new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder()
                    .withNewMetadata().withName(OPERATORS_BINDING).endMetadata()
                    .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "claude-bottle-operator")
                    .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName(group)
                    .endSubject().build()).forceConflicts().serverSideApply();
        } catch (KubernetesClientException e) {
            throw Failures.of("could not bind ClusterRole claude-bottle-operator to group " + group, e);
        }
    }

    private static List<HasMetadata> apply(KubernetesClient client, String manifest) {
        try (InputStream in = KubernetesStore.class.getResourceAsStream(manifest)) {
            if (in == null) {
                throw new IllegalStateException("the manifest " + manifest + " is missing from the class path");
            }
            return client.load(in).serverSideApply();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + manifest + ": " + e.getMessage(), e);
        } catch (KubernetesClientException e) {
            throw Failures.of("could not apply " + manifest, e);
        }
    }

    /**
     * The bottles this store holds state for: those with a labelled namespace of the instance (the bottle alone for
     * {@link #openBottle}). Namespaces that look like a bottle's but are not are left out, as the listings do.
     *
     * @throws UncheckedIOException when the API server does not answer or refuses the listing
     */
    public Set<BottleId> bottles() {
        return Set.copyOf(namespaces.existing().bottles().keySet());
    }

    public ProposalQueue queue() {
        return queue;
    }

    public AuditLog auditLog() {
        return auditLog;
    }

    public VersionHistory history() {
        return history;
    }

    public BottleLocks locks() {
        return locks;
    }
}
