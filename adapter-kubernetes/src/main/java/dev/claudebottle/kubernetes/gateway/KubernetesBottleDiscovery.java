package dev.claudebottle.kubernetes.gateway;

import dev.claudebottle.kubernetes.BottleNamespaces;
import dev.claudebottle.kubernetes.StateLayout;
import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.GatewayException.Reason;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Kubernetes bottles running a component: those whose namespace carries the instance's labels and holds the
 * component's pod (labelled as ours, not being deleted). Without a kubeconfig there are none.
 */
final class KubernetesBottleDiscovery implements BottleDiscovery {
    private final KubeConnection connection;

    KubernetesBottleDiscovery(KubeConnection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    @Override
    public Set<BottleId> bottlesRunning(Component component) {
        Set<BottleId> running = new TreeSet<>((a, b) -> a.value().compareTo(b.value()));
        if (!connection.configured()) {
            return running;
        }
        if (!connection.answers()) {
            // asked on every lookup that reaches this gateway: a cluster that is gone must cost seconds, not a minute
            throw new GatewayException(Reason.ENGINE_UNREACHABLE, null, component, "the Kubernetes cluster of "
                    + connection.kubeconfig().map(Object::toString).orElse("the default kubeconfig") + " does not answer");
        }
        KubernetesClient client = connection.client();
        StateLayout layout = new StateLayout(connection.instance());
        try {
            for (Map.Entry<BottleId, String> bottle : BottleNamespaces.all(client, layout).existing().bottles().entrySet()) {
                Pod pod = client.pods().inNamespace(bottle.getValue()).withName(component.name()).get();
                if (pod != null && pod.getMetadata().getDeletionTimestamp() == null && pod.getMetadata().getLabels() != null
                        && component.name().equals(pod.getMetadata().getLabels().get(BottleNames.COMPONENT_LABEL))
                        && StateLayout.MANAGED_BY.equals(pod.getMetadata().getLabels().get(StateLayout.MANAGED_BY_LABEL))) {
                    running.add(bottle.getKey());
                }
            }
        } catch (KubernetesClientException | IllegalStateException | java.io.UncheckedIOException e) {
            // also an unreadable kubeconfig: this gateway does not answer, the others still may
            throw new GatewayException(Reason.ENGINE_UNREACHABLE, null, component, "the Kubernetes cluster did not answer"
                    + " which bottles run " + component + ": " + e.getMessage(), e);
        }
        return running;
    }
}
