package dev.claudebottle.kubernetes;

import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.StoreProblem;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bottles a store sees: every labelled namespace of the instance (the operator's view, which may create a
 * bottle's namespace), or one bottle's namespace alone (inside that bottle, whose account can neither list nor
 * create namespaces).
 */
public final class BottleNamespaces {
    private final KubernetesClient client;
    private final StateLayout layout;
    private final BottleId single;

    private BottleNamespaces(KubernetesClient client, StateLayout layout, BottleId single) {
        this.client = client;
        this.layout = layout;
        this.single = single;
    }

    /** Every labelled namespace of {@code layout}'s instance: the operator's view. */
    public static BottleNamespaces all(KubernetesClient client, StateLayout layout) {
        return new BottleNamespaces(client, layout, null);
    }

    static BottleNamespaces single(KubernetesClient client, StateLayout layout, BottleId bottle) {
        layout.namespace(bottle);
        return new BottleNamespaces(client, layout, bottle);
    }

    /** The namespace of {@code bottle}; refuses a bottle this view does not hold. */
    String of(BottleId bottle) {
        if (single != null && !single.equals(bottle)) {
            throw new IllegalArgumentException("this store holds bottle " + single + " only, not " + bottle);
        }
        return layout.namespace(bottle);
    }

    /** The namespace of {@code bottle}, created (labelled) when missing; the single-bottle view never creates. */
    public String ensure(BottleId bottle) {
        String name = of(bottle);
        if (single != null) {
            return name;
        }
        try {
            Namespace existing = client.namespaces().withName(name).get();
            if (existing != null) {
                if (layout.bottleOf(name, existing.getMetadata().getLabels()).isEmpty()) {
                    throw new IllegalStateException("namespace " + name + " exists but is not labelled as bottle "
                            + bottle + " of state instance " + layout.instance() + "; refusing to use it");
                }
                return name;
            }
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                    .withLabels(layout.namespaceLabels(bottle)).endMetadata().build()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw Failures.of("could not create namespace " + name + " for bottle " + bottle, e);
            }
        }
        return name;
    }

    /** The bottles there are, by name, with anything that looks like a bottle but is not reported. */
    public Listing existing() {
        Map<BottleId, String> bottles = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
        List<StoreProblem> problems = new ArrayList<>();
        if (single != null) {
            bottles.put(single, layout.namespace(single));
            return new Listing(bottles, problems);
        }
        List<Namespace> namespaces;
        try {
            namespaces = client.namespaces().withLabels(layout.selector()).list().getItems();
        } catch (KubernetesClientException e) {
            throw Failures.of("could not list the bottle namespaces of state instance " + layout.instance(), e);
        }
        for (Namespace namespace : namespaces) {
            String name = namespace.getMetadata().getName();
            layout.bottleOf(name, namespace.getMetadata().getLabels()).ifPresentOrElse(
                    bottle -> bottles.put(bottle, name),
                    () -> problems.add(new StoreProblem("namespace " + name,
                            "labelled for state instance " + layout.instance() + " but its name and "
                                    + StateLayout.BOTTLE_LABEL + " label do not agree; ignored")));
        }
        return new Listing(bottles, problems);
    }

    /** Bottles and their namespaces, and what was skipped. */
    public record Listing(Map<BottleId, String> bottles, List<StoreProblem> problems) {}
}
