package dev.claudebottle.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A gap-free sequence of objects of one kind in one namespace, named {@code <prefix><12-digit number>} from 1.
 * Appending creates the object after the last one; creation is exclusive on the API server, so when two writers
 * race for the same number one gets "already exists", finds the new last object and tries the next number. Nothing
 * is ever updated or deleted, so the last object is found by galloping and binary search over names (a few GETs).
 */
final class Sequence {
    private final KubernetesClient client;
    private final ResourceDefinitionContext kind;
    private final String prefix;

    Sequence(KubernetesClient client, ResourceDefinitionContext kind, String prefix) {
        this.client = client;
        this.kind = kind;
        this.prefix = prefix;
    }

    String name(long number) {
        return prefix + String.format("%012d", number);
    }

    /** The object {@code make(number, last)} returns, created after the last one, first writer per number wins. */
    GenericKubernetesResource append(String namespace,
            BiFunction<Long, Optional<GenericKubernetesResource>, GenericKubernetesResource> make) {
        long last = lastNumber(namespace);
        while (true) {
            Optional<GenericKubernetesResource> previous = last == 0 ? Optional.empty() : get(namespace, last);
            if (last > 0 && previous.isEmpty()) {
                throw new IllegalStateException(kind.getKind() + " " + namespace + "/" + name(last) + " disappeared");
            }
            long number = last + 1;
            GenericKubernetesResource made = make.apply(number, previous);
            made.getMetadata().setName(name(number));
            made.getMetadata().setNamespace(namespace);
            try {
                return objects(namespace).resource(made).create();
            } catch (KubernetesClientException e) {
                if (!Failures.isConflict(e)) {
                    throw Failures.of("could not create " + kind.getKind() + " " + namespace + "/" + name(number), e);
                }
                last = lastNumber(namespace, number);
            }
        }
    }

    /** The number of the last object, 0 when there is none. */
    long lastNumber(String namespace) {
        return lastNumber(namespace, 1);
    }

    private long lastNumber(String namespace, long from) {
        if (!exists(namespace, from)) {
            return from - 1;
        }
        long low = from;
        long step = 1;
        long high = from + step;
        while (exists(namespace, high)) {
            low = high;
            step *= 2;
            high = low + step;
        }
        // exists(low) and !exists(high)
        while (high - low > 1) {
            long middle = low + (high - low) / 2;
            if (exists(namespace, middle)) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private boolean exists(String namespace, long number) {
        return get(namespace, number).isPresent();
    }

    Optional<GenericKubernetesResource> get(String namespace, long number) {
        try {
            return Optional.ofNullable(objects(namespace).withName(name(number)).get());
        } catch (KubernetesClientException e) {
            throw Failures.of("could not read " + kind.getKind() + " " + namespace + "/" + name(number), e);
        }
    }

    /** Every object of the kind in {@code namespace}; empty when the namespace does not exist. */
    java.util.List<GenericKubernetesResource> all(String namespace) {
        try {
            GenericKubernetesResourceList list = objects(namespace).list();
            return list.getItems();
        } catch (KubernetesClientException e) {
            if (Failures.isNotFound(e)) {
                return java.util.List.of();
            }
            throw Failures.of("could not list " + kind.getPlural() + " in namespace " + namespace, e);
        }
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> objects(String namespace) {
        return client.genericKubernetesResources(kind).inNamespace(namespace);
    }
}
