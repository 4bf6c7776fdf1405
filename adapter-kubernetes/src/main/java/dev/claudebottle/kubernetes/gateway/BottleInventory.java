package dev.claudebottle.kubernetes.gateway;

import dev.claudebottle.kubernetes.StateLayout;
import dev.claudebottle.supervise.model.Component;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.TreeMap;

/** What a bottle's namespace holds of this gateway: whether it runs a bottle at all, and each pod's state. */
final class BottleInventory {
    private BottleInventory() {}

    /** Whether the namespace holds this gateway's objects (and not only the operator's state of a bottle). */
    static boolean holdsBottle(KubernetesClient client, String namespace) {
        return client.serviceAccounts().inNamespace(namespace).withName(Component.EGRESS_PROXY.name()).get() != null
                || !client.pods().inNamespace(namespace).withLabel(StateLayout.MANAGED_BY_LABEL, StateLayout.MANAGED_BY)
                        .list().getItems().isEmpty();
    }

    /** Each labelled pod's state by component: its phase in lower case, "created" before a kubelet reported, or "terminating". */
    static Map<Component, String> components(KubernetesClient client, String namespace, boolean terminating) {
        Map<Component, String> states = new TreeMap<>((a, b) -> a.name().compareTo(b.name()));
        for (Pod pod : client.pods().inNamespace(namespace).withLabel(StateLayout.MANAGED_BY_LABEL, StateLayout.MANAGED_BY)
                .list().getItems()) {
            String component = pod.getMetadata().getLabels().get(BottleNames.COMPONENT_LABEL);
            if (component == null) {
                continue;
            }
            String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null ? "created"
                    : pod.getStatus().getPhase().toLowerCase(java.util.Locale.ROOT);
            states.put(Component.of(component), terminating || pod.getMetadata().getDeletionTimestamp() != null
                    ? "terminating" : phase);
        }
        return states;
    }
}
