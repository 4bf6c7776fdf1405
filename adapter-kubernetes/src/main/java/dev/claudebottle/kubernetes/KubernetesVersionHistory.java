package dev.claudebottle.kubernetes;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
import dev.claudebottle.supervise.model.AppliedVersion;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link VersionHistory} as {@code AppliedVersion} objects in the bottle's namespace: one per time a version became
 * live, named {@code <component>.<sequence>} (a gap-free {@link Sequence} per component), holding the file's exact
 * bytes and their SHA-256. An object whose bytes do not match its SHA-256, or that is unreadable, is skipped, so a
 * rollback never serves altered bytes.
 */
final class KubernetesVersionHistory implements VersionHistory {
    private final KubernetesClient client;
    private final BottleNamespaces namespaces;

    KubernetesVersionHistory(KubernetesClient client, BottleNamespaces namespaces) {
        this.client = client;
        this.namespaces = namespaces;
    }

    @Override
    public void record(BottleId bottle, Component component, ConfigFile file, Instant at) {
        String namespace = namespaces.ensure(bottle);
        sequence(component).append(namespace, (number, previous) -> {
            GenericKubernetesResource resource = new GenericKubernetesResource();
            resource.setApiVersion(Kinds.apiVersion());
            resource.setKind(Kinds.APPLIED_VERSION.getKind());
            resource.setMetadata(new ObjectMetaBuilder()
                    .withLabels(Map.of(StateLayout.MANAGED_BY_LABEL, StateLayout.MANAGED_BY)).build());
            resource.setAdditionalProperty("spec", new Fields.Writer()
                    .put("seq", number)
                    .put("component", component.name())
                    .put("sha256", file.sha256().hex())
                    .put("appliedAt", at.toString())
                    .bytes("contentBase64", file.bytes())
                    .map());
            return resource;
        });
    }

    @Override
    public List<AppliedVersion> list(BottleId bottle, Component component) {
        return versions(bottle, component).stream().map(Stored::version).toList();
    }

    @Override
    public Optional<ConfigFile> find(BottleId bottle, Component component, Sha256 sha256) {
        return versions(bottle, component).stream().filter(v -> v.version().sha256().equals(sha256))
                .map(Stored::file).findFirst();
    }

    /** The component's readable versions, oldest first. */
    private List<Stored> versions(BottleId bottle, Component component) {
        String namespace = namespaces.of(bottle);
        String prefix = component.name() + ".";
        List<Stored> versions = new ArrayList<>();
        for (GenericKubernetesResource item : sequence(component).all(namespace)) {
            String name = item.getMetadata().getName();
            if (!name.startsWith(prefix)) {
                continue;
            }
            try {
                Fields spec = Fields.of("appliedversion " + namespace + "/" + name + " spec",
                        item.getAdditionalProperties().get("spec"));
                if (!spec.text("component").equals(component.name())) {
                    continue;
                }
                ConfigFile file = ConfigFile.of(spec.checkedBytes("contentBase64", "sha256"));
                versions.add(new Stored(spec.number("seq"),
                        new AppliedVersion(bottle, component, file.sha256(), spec.instant("appliedAt")), file));
            } catch (IllegalArgumentException e) {
                // Not a readable version (altered, or foreign): never listed, never served for a rollback.
            }
        }
        versions.sort(Comparator.comparingLong(Stored::sequence));
        return versions;
    }

    private Sequence sequence(Component component) {
        return new Sequence(client, Kinds.APPLIED_VERSION, component.name() + ".");
    }

    private record Stored(long sequence, AppliedVersion version, ConfigFile file) {}
}
