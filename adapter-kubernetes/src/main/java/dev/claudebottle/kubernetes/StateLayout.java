package dev.claudebottle.kubernetes;

import dev.claudebottle.supervise.model.BottleId;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the supervisor's state lives on the API server (docs/kubernetes.md): each bottle is a namespace named
 * {@code <instance>-<bottle>}, labelled with the instance and the bottle, so that several installations (or test
 * runs) share one cluster and discovery is a label selector.
 */
public record StateLayout(String instance) {
    public static final String INSTANCE_LABEL = "claudebottle.dev/instance";
    public static final String BOTTLE_LABEL = "claudebottle.dev/bottle";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "claude-bottle";
    private static final Pattern INSTANCE = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?");

    public StateLayout {
        if (instance == null || !INSTANCE.matcher(instance).matches() || instance.contains("--")) {
            throw new IllegalArgumentException("not a state instance name (lowercase letters, digits and single hyphens, "
                    + "1-40 characters, no leading or trailing hyphen): " + (instance == null ? "null" : '"' + instance + '"'));
        }
    }

    /** The namespace of {@code bottle}; a bottle name too long for a namespace is refused, saying so. */
    public String namespace(BottleId bottle) {
        String name = instance + "-" + bottle.value();
        if (name.length() > 63) {
            throw new IllegalArgumentException("bottle " + bottle + " is too long for state instance " + instance
                    + ": its namespace " + name + " would have " + name.length() + " characters; Kubernetes allows 63");
        }
        return name;
    }

    /** The bottle a namespace of this instance holds, when its name and labels agree. */
    public Optional<BottleId> bottleOf(String namespace, Map<String, String> labels) {
        String bottle = labels == null ? null : labels.get(BOTTLE_LABEL);
        if (bottle == null || !instance.equals(labels.get(INSTANCE_LABEL))) {
            return Optional.empty();
        }
        try {
            BottleId id = BottleId.of(bottle);
            return namespace.equals(instance + "-" + bottle) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The labels of {@code bottle}'s namespace. */
    public Map<String, String> namespaceLabels(BottleId bottle) {
        return Map.of(INSTANCE_LABEL, instance, BOTTLE_LABEL, bottle.value(), MANAGED_BY_LABEL, MANAGED_BY);
    }

    /** The label selector of every bottle namespace of this instance. */
    public Map<String, String> selector() {
        return Map.of(INSTANCE_LABEL, instance);
    }
}
