package dev.claudebottle.e2e.kubernetes;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The namespace controller's part of a namespace deletion, which a bare API server does not do: delete every
 * namespaced object left in it (every listable, collection-deletable resource the discovery API names), then clear
 * {@code spec.finalizers} through the {@code finalize} subresource, so the namespace is really gone.
 */
final class NamespaceFinalizer {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private NamespaceFinalizer() {}

    static void finalizeNamespace(KubernetesClient admin, String namespace) throws InterruptedException {
        List<ResourceDefinitionContext> kinds = namespacedKinds(admin);
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            boolean empty = true;
            for (ResourceDefinitionContext kind : kinds) {
                try {
                    var objects = admin.genericKubernetesResources(kind).inNamespace(namespace);
                    if (!objects.list().getItems().isEmpty()) {
                        empty = false;
                        objects.withGracePeriod(0).delete();
                    }
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404 && e.getCode() != 405) {
                        throw e;
                    }
                }
            }
            if (empty) {
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("namespace " + namespace + " still holds objects after " + TIMEOUT);
            }
            Thread.sleep(200);
        }
        Namespace current = admin.namespaces().withName(namespace).get();
        if (current == null) {
            return;
        }
        current.getSpec().setFinalizers(List.of());
        admin.raw(admin.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/" + namespace + "/finalize",
                "PUT", current);
    }

    private static List<ResourceDefinitionContext> namespacedKinds(KubernetesClient admin) {
        List<ResourceDefinitionContext> kinds = new ArrayList<>();
        add(kinds, "", "v1", admin.getApiResources("v1").getResources());
        for (APIGroup group : admin.getApiGroups().getGroups()) {
            String groupVersion = group.getPreferredVersion().getGroupVersion();
            add(kinds, group.getName(), groupVersion.substring(groupVersion.indexOf('/') + 1),
                    admin.getApiResources(groupVersion).getResources());
        }
        return kinds;
    }

    private static void add(List<ResourceDefinitionContext> kinds, String group, String version, List<APIResource> resources) {
        for (APIResource resource : resources) {
            if (Boolean.TRUE.equals(resource.getNamespaced()) && !resource.getName().contains("/")
                    && resource.getVerbs().contains("list") && resource.getVerbs().contains("deletecollection")) {
                kinds.add(new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version)
                        .withPlural(resource.getName()).withKind(resource.getKind()).withNamespaced(true).build());
            }
        }
    }
}
