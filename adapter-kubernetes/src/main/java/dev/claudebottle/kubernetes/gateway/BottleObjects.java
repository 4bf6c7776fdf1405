package dev.claudebottle.kubernetes.gateway;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/** Every labelled object of one bottle in its namespace, deleted kind by kind (pods first, then what they use). */
final class BottleObjects {
    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, String> labels;

    BottleObjects(KubernetesClient client, String namespace, Map<String, String> labels) {
        this.client = client;
        this.namespace = namespace;
        this.labels = Map.copyOf(labels);
    }

    void deleteAll() {
        client.pods().inNamespace(namespace).withLabels(labels).delete();
        client.services().inNamespace(namespace).withLabels(labels).delete();
        client.network().v1().networkPolicies().inNamespace(namespace).withLabels(labels).delete();
        client.rbac().roleBindings().inNamespace(namespace).withLabels(labels).delete();
        client.rbac().roles().inNamespace(namespace).withLabels(labels).delete();
        client.configMaps().inNamespace(namespace).withLabels(labels).delete();
        client.secrets().inNamespace(namespace).withLabels(labels).delete();
        client.serviceAccounts().inNamespace(namespace).withLabels(labels).delete();
    }
}
